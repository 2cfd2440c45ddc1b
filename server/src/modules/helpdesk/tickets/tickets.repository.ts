import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../../platform/db.ts';
import type {
  HelpdeskEventTable,
  HelpdeskMacroTable,
  HelpdeskTicketTable,
} from '../../../platform/schema.ts';

// All SQL of the help desk: tickets and their history, rows mapped in the service.

export type TicketRow = Awaited<ReturnType<typeof findTicket>> & object;
export type EventRow = Awaited<ReturnType<typeof ticketEvents>>[number];

export async function insertTicket(db: Db, row: Insertable<HelpdeskTicketTable>): Promise<string> {
  const { id } = await db.insertInto('helpdesk_ticket').values(row).returning('id').executeTakeFirstOrThrow();
  return String(id);
}

export async function insertEvent(db: Db, row: Insertable<HelpdeskEventTable>): Promise<void> {
  await db.insertInto('helpdesk_event').values(row).execute();
}

export async function findTicket(db: Db, id: string, opts: { forUpdate?: boolean } = {}) {
  let q = db
    .selectFrom('helpdesk_ticket as t')
    .leftJoin('patient as p', 'p.id', 't.patient_id')
    .selectAll('t')
    .select(['p.fiscal_code as fiscal_code']);
  if (opts.forUpdate) q = q.forUpdate('t');
  return q.where('t.id', '=', id).executeTakeFirst();
}

export async function updateTicket(db: Db, id: string, set: Updateable<HelpdeskTicketTable>): Promise<void> {
  await db.updateTable('helpdesk_ticket').set(set).where('id', '=', id).execute();
}

export async function ticketEvents(db: Db, ticketIds: readonly string[]) {
  if (ticketIds.length === 0) return [];
  return db
    .selectFrom('helpdesk_event as e')
    .leftJoin('app_user as u', 'u.id', 'e.actor_id')
    .selectAll('e')
    .select(['u.display_name as actor_name'])
    .where('e.ticket_id', 'in', ticketIds)
    .orderBy('e.id')
    .execute();
}

/** Open work first by deadline (none last), then oldest first. */
export async function listTickets(
  db: Db,
  filter: {
    queue?: string | undefined;
    level?: number | undefined;
    states: readonly string[];
    callbackDue?: boolean | undefined;
    minLevel?: number | undefined;
  },
) {
  let q = db
    .selectFrom('helpdesk_ticket as t')
    .leftJoin('patient as p', 'p.id', 't.patient_id')
    .selectAll('t')
    .select(['p.fiscal_code as fiscal_code'])
    .where('t.state', 'in', filter.states);
  if (filter.queue) q = q.where('t.queue', '=', filter.queue);
  if (filter.level !== undefined) q = q.where('t.level', '=', filter.level);
  if (filter.minLevel) q = q.where('t.level', '>=', filter.minLevel);
  if (filter.callbackDue)
    q = q.where('t.callback_due_at', 'is not', null).where('t.callback_done_at', 'is', null);
  return q
    .orderBy((eb) => eb.case().when('t.due_at', 'is', null).then(1).else(0).end())
    .orderBy('t.due_at')
    .orderBy('t.received_at')
    .orderBy('t.id')
    .limit(500)
    .execute();
}

/** The tickets received in [from, to) (MR-5), oldest first. */
export async function ticketsReceived(db: Db, from: Date, to: Date) {
  return (
    db
      .selectFrom('helpdesk_ticket')
      .select(['id', 'queue', 'level', 'channel', 'received_at', 'resolved_at'])
      .where('received_at', '>=', from)
      .where('received_at', '<', to)
      // A merged duplicate is not a request of its own: the ticket it joined counts it.
      .where('merged_into', 'is', null)
      .orderBy('received_at')
      .orderBy('id')
      .execute()
  );
}

/** The state and level changes of the tickets received in [from, to), lean (the month's evaluation). */
export async function periodEvents(db: Db, from: Date, to: Date) {
  return db
    .selectFrom('helpdesk_event as e')
    .innerJoin('helpdesk_ticket as t', 't.id', 'e.ticket_id')
    .select(['e.ticket_id', 'e.kind', 'e.at', 'e.to_state', 'e.to_level'])
    .where('t.received_at', '>=', from)
    .where('t.received_at', '<', to)
    .where('t.merged_into', 'is', null)
    .where('e.kind', 'in', ['state', 'escalated', 'created'])
    .orderBy('e.id')
    .execute();
}

/** The tickets linked to `id` (either side) and the duplicates merged into it. */
export async function ticketLinks(db: Db, id: string) {
  const linked = await db
    .selectFrom('helpdesk_link as l')
    .innerJoin('helpdesk_ticket as t', (j) =>
      j.on((eb) =>
        eb.or([
          eb.and([eb('l.ticket_a', '=', id), eb('t.id', '=', eb.ref('l.ticket_b'))]),
          eb.and([eb('l.ticket_b', '=', id), eb('t.id', '=', eb.ref('l.ticket_a'))]),
        ]),
      ),
    )
    .select(['t.id', 't.subject', 't.state', 't.level'])
    .where((eb) => eb.or([eb('l.ticket_a', '=', id), eb('l.ticket_b', '=', id)]))
    .orderBy('t.id')
    .execute();
  const merged = await db
    .selectFrom('helpdesk_ticket')
    .select(['id', 'subject', 'state', 'level'])
    .where('merged_into', '=', id)
    .orderBy('id')
    .execute();
  return [
    ...linked.map((t) => ({ ...t, relation: 'linked' as const })),
    ...merged.map((t) => ({ ...t, relation: 'merged' as const })),
  ];
}

/** Links two tickets (nothing when already linked); false when they were. */
export async function insertLink(
  db: Db,
  a: string,
  b: string,
  at: Date,
  by: string | null,
): Promise<boolean> {
  const [lo, hi] = BigInt(a) < BigInt(b) ? [a, b] : [b, a];
  const r = await db
    .insertInto('helpdesk_link')
    .values({ ticket_a: lo, ticket_b: hi, created_at: at, created_by: by })
    .onConflict((oc) => oc.doNothing())
    .returning('ticket_a')
    .executeTakeFirst();
  return r !== undefined;
}

export async function deleteLink(db: Db, a: string, b: string): Promise<boolean> {
  const [lo, hi] = BigInt(a) < BigInt(b) ? [a, b] : [b, a];
  const r = await db
    .deleteFrom('helpdesk_link')
    .where('ticket_a', '=', lo)
    .where('ticket_b', '=', hi)
    .executeTakeFirst();
  return r.numDeletedRows > 0n;
}

/** A duplicate's e-mails and attachments now belong to the ticket it is merged into. */
export async function moveThread(db: Db, from: string, to: string): Promise<void> {
  await db.updateTable('helpdesk_message').set({ ticket_id: to }).where('ticket_id', '=', from).execute();
  await db.updateTable('helpdesk_attachment').set({ ticket_id: to }).where('ticket_id', '=', from).execute();
}

/** The same citizen's other tickets (by e-mail, phone or patient), newest first, merged ones left out. */
export async function requesterTickets(
  db: Db,
  who: { id: string; email: string | null; phone: string | null; patientId: string | null; minLevel: number },
) {
  if (!who.email && !who.phone && !who.patientId) return [];
  return db
    .selectFrom('helpdesk_ticket')
    .select(['id', 'subject', 'state', 'level', 'queue', 'channel', 'received_at'])
    .where('id', '!=', who.id)
    .where('merged_into', 'is', null)
    .where('level', '>=', who.minLevel)
    .where((eb) =>
      eb.or([
        ...(who.email ? [eb(eb.fn('lower', ['requester_email']), '=', who.email.toLowerCase())] : []),
        ...(who.phone ? [eb('requester_phone', '=', who.phone)] : []),
        ...(who.patientId ? [eb('patient_id', '=', who.patientId)] : []),
      ]),
    )
    .orderBy('received_at', 'desc')
    .orderBy('id', 'desc')
    .limit(20)
    .execute();
}

// --- answer templates ---------------------------------------------------------------------------------

export type MacroRow = Awaited<ReturnType<typeof listMacros>>[number];

/** Templates by title; `queue` keeps those for every queue and that one. */
export async function listMacros(db: Db, opts: { queue?: string | undefined; archived: boolean }) {
  let q = db.selectFrom('helpdesk_macro').selectAll();
  if (!opts.archived) q = q.where('archived', '=', false);
  if (opts.queue) {
    const queue = opts.queue;
    q = q.where((eb) => eb.or([eb('queue', 'is', null), eb('queue', '=', queue)]));
  }
  return q.orderBy('title').orderBy('id').execute();
}

export async function insertMacro(db: Db, row: Insertable<HelpdeskMacroTable>) {
  return db.insertInto('helpdesk_macro').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateMacro(db: Db, id: string, set: Updateable<HelpdeskMacroTable>) {
  return db.updateTable('helpdesk_macro').set(set).where('id', '=', id).returningAll().executeTakeFirst();
}
