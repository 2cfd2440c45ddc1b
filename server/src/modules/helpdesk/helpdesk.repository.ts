import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../platform/db.ts';
import type { HelpdeskEventTable, HelpdeskTicketTable } from '../../platform/schema.ts';

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
  return db
    .selectFrom('helpdesk_ticket')
    .select(['id', 'queue', 'level', 'channel', 'received_at', 'resolved_at'])
    .where('received_at', '>=', from)
    .where('received_at', '<', to)
    .orderBy('received_at')
    .orderBy('id')
    .execute();
}

/** The state and level changes of the tickets received in [from, to), lean (the month's evaluation). */
export async function periodEvents(db: Db, from: Date, to: Date) {
  return db
    .selectFrom('helpdesk_event as e')
    .innerJoin('helpdesk_ticket as t', 't.id', 'e.ticket_id')
    .select(['e.ticket_id', 'e.kind', 'e.at', 'e.to_state', 'e.to_level'])
    .where('t.received_at', '>=', from)
    .where('t.received_at', '<', to)
    .where('e.kind', 'in', ['state', 'escalated', 'created'])
    .orderBy('e.id')
    .execute();
}
