import { sql } from 'kysely';
import type { Db } from '../../platform/db.ts';

// Outreach's other SQL: the batch's reading of appointments, patients and facilities (thousands a day in
// one query; every change to an appointment goes through the booking module's services), opt-outs,
// patron saints and patients' replies.

export interface ReminderCandidate {
  appointmentId: string;
  version: number;
  patientId: string;
  priority: string;
  serviceCode: string;
  start: Date;
  phone: string | null;
  email: string | null;
  consents: { contactByPhone?: boolean; contactByEmail?: boolean };
  municipality: string;
  /** For App IO, which addresses citizens by it. */
  fiscalCode: string;
}

const toCandidate = (r: {
  id: string;
  version: number;
  patient_id: string;
  priority: string;
  service_code: string;
  start_at: Date | string;
  phone: string | null;
  email: string | null;
  consents: unknown;
  municipality: string;
  fiscal_code: string;
}): ReminderCandidate => ({
  appointmentId: r.id,
  version: r.version,
  patientId: r.patient_id,
  priority: r.priority,
  serviceCode: r.service_code,
  start: new Date(r.start_at),
  phone: r.phone,
  email: r.email,
  consents: (r.consents ?? {}) as ReminderCandidate['consents'],
  municipality: r.municipality,
  fiscalCode: r.fiscal_code,
});

/**
 * Booked appointments from `from` (exclusive) to `to` whose current version has no reminder row yet:
 * what today's batch may remind (the caller applies each one's lead).
 */
export async function reminderCandidates(db: Db, from: Date, to: Date): Promise<ReminderCandidate[]> {
  const rows = await db
    .selectFrom('appointment as ap')
    .innerJoin('patient as pt', 'pt.id', 'ap.patient_id')
    .innerJoin('facility as f', 'f.id', 'ap.facility_id')
    .where('ap.status', '=', 'booked')
    .where('ap.start_at', '>', from)
    .where('ap.start_at', '<', to)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('outreach_message as m')
            .select(sql`1`.as('one'))
            .whereRef('m.appointment_id', '=', 'ap.id')
            .whereRef('m.appointment_version', '=', 'ap.version')
            .where('m.kind', '=', 'reminder'),
        ),
      ),
    )
    .select([
      'ap.id',
      'ap.version',
      'ap.patient_id',
      'ap.priority',
      'ap.service_code',
      'ap.start_at',
      'pt.phone',
      'pt.email',
      'pt.consents',
      'pt.fiscal_code',
      'f.municipality',
    ])
    .orderBy('ap.start_at')
    .execute();
  return rows.map(toCandidate);
}

/**
 * OB-1 "never missed": booked appointments from `from` to `to` whose current version's reminder failed
 * (refused by the gateway, or a receipt saying undelivered) and has no other on its way or delivered.
 */
export async function undeliveredReminders(db: Db, from: Date, to: Date): Promise<ReminderCandidate[]> {
  const { rows } = await sql<Parameters<typeof toCandidate>[0]>`
    select ap.id, ap.version, ap.patient_id, ap.priority, ap.service_code, ap.start_at,
      pt.phone, pt.email, pt.consents, pt.fiscal_code, f.municipality
    from appointment ap
    join patient pt on pt.id = ap.patient_id
    join facility f on f.id = ap.facility_id
    where ap.status = 'booked' and ap.start_at > ${from} and ap.start_at < ${to}
      and exists (select 1 from outreach_message m where m.appointment_id = ap.id
        and m.appointment_version = ap.version and m.kind = 'reminder' and m.status = 'failed')
      and not exists (select 1 from outreach_message m where m.appointment_id = ap.id
        and m.appointment_version = ap.version and m.kind = 'reminder' and m.status <> 'failed')
    order by ap.start_at`.execute(db);
  return rows.map(toCandidate);
}

/**
 * The recall's candidates (OB-2, OB-3): booked appointments from `from` to `to` with no recall for their
 * current version, not lab tests, booked at least `minWaitDays` before, in agendas whose first free
 * place is at least `agendaWaitDays` away (or that have none).
 */
export async function recallCandidates(
  db: Db,
  q: { now: Date; from: Date; to: Date; minWaitDays: number; agendaWaitDays: number },
): Promise<ReminderCandidate[]> {
  const { rows } = await sql<{
    id: string;
    version: number;
    patient_id: string;
    priority: string;
    service_code: string;
    start_at: Date;
    phone: string | null;
    email: string | null;
    consents: Record<string, boolean> | null;
    municipality: string;
    fiscal_code: string;
  }>`
    with c as (
      select ap.id, ap.version, ap.patient_id, ap.priority, ap.service_code, ap.start_at, ap.agenda_id,
        pt.phone, pt.email, pt.consents, pt.fiscal_code, f.municipality
      from appointment ap
      join patient pt on pt.id = ap.patient_id
      join facility f on f.id = ap.facility_id
      join service sv on sv.code = ap.service_code
      where ap.status = 'booked' and ap.start_at > ${q.from} and ap.start_at < ${q.to}
        and sv.kind <> 'lab'
        and ap.start_at - ap.requested_at >= make_interval(days => ${q.minWaitDays})
        and not exists (select 1 from outreach_message m where m.appointment_id = ap.id
          and m.appointment_version = ap.version and m.kind = 'recall')),
    waits as (
      select a.agenda_id, (select min(s.start_at) from slot s where s.agenda_id = a.agenda_id
        and s.open and s.taken < s.capacity and s.start_at > ${q.now}) as first_free
      from (select distinct agenda_id from c) a)
    select c.* from c join waits w on w.agenda_id = c.agenda_id
    where w.first_free is null or w.first_free >= ${q.now}::timestamptz + make_interval(days => ${q.agendaWaitDays})
    order by c.start_at`.execute(db);
  return rows.map(toCandidate);
}

export async function optedOut(db: Db, recipients: string[]): Promise<Set<string>> {
  if (recipients.length === 0) return new Set();
  const rows = await db
    .selectFrom('messaging_opt_out')
    .where('recipient', 'in', recipients)
    .select('recipient')
    .execute();
  return new Set(rows.map((r) => r.recipient));
}

export async function recordOptOut(db: Db, recipient: string, at: Date, via: string): Promise<void> {
  await db
    .insertInto('messaging_opt_out')
    .values({ recipient, at, via })
    .onConflict((oc) => oc.column('recipient').doNothing())
    .execute();
}

/** Patron saints by municipality, as month-day pairs. */
export async function patronSaints(
  db: Db,
  municipalities: string[],
): Promise<Map<string, { month: number; day: number }[]>> {
  const map = new Map<string, { month: number; day: number }[]>();
  if (municipalities.length === 0) return map;
  const rows = await db
    .selectFrom('municipal_holiday')
    .where('municipality', 'in', municipalities)
    .select(['municipality', 'month', 'day'])
    .execute();
  for (const r of rows)
    map.set(r.municipality, [...(map.get(r.municipality) ?? []), { month: r.month, day: r.day }]);
  return map;
}

export async function insertReply(
  db: Db,
  r: {
    gatewayId: string | null;
    channel: 'sms' | 'email' | 'link';
    sender: string;
    text: string;
    receivedAt: Date;
    intent: 'confirm' | 'cancel' | 'stop' | 'unknown';
    appointmentId: string | null;
    outcome: string;
  },
): Promise<boolean> {
  const res = await db
    .insertInto('outreach_reply')
    .values({
      gateway_id: r.gatewayId,
      channel: r.channel,
      sender: r.sender,
      text: r.text,
      received_at: r.receivedAt,
      intent: r.intent,
      appointment_id: r.appointmentId,
      outcome: r.outcome,
    })
    .onConflict((oc) => oc.column('gateway_id').doNothing())
    .returning('id')
    .execute();
  return res.length === 1;
}

export async function listReplies(db: Db, from: Date, to: Date, limit: number) {
  return db
    .selectFrom('outreach_reply')
    .where('received_at', '>=', from)
    .where('received_at', '<', to)
    .select(['id', 'channel', 'sender', 'text', 'received_at', 'intent', 'appointment_id', 'outcome'])
    .orderBy('received_at', 'desc')
    .limit(limit)
    .execute();
}

/** Replies received in [from, to), by what they asked and what came of it. */
export async function countReplies(db: Db, from: Date, to: Date) {
  const rows = await db
    .selectFrom('outreach_reply')
    .where('received_at', '>=', from)
    .where('received_at', '<', to)
    .select(['intent', 'outcome', db.fn.countAll<string>().as('n')])
    .groupBy(['intent', 'outcome'])
    .execute();
  return rows.map((r) => ({ intent: r.intent, outcome: r.outcome, n: Number(r.n) }));
}

/**
 * MR-1: what went to these numbers or addresses and what came back from them, newest first — the
 * messages (any kind) and the replies, as one list.
 */
export async function exchangesWith(db: Db, addresses: string[], limit: number) {
  if (addresses.length === 0) return [];
  const [sent, received] = await Promise.all([
    db
      .selectFrom('outreach_message')
      .where('recipient', 'in', addresses)
      .select(['created_at', 'kind', 'channel', 'text', 'status'])
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute(),
    db
      .selectFrom('outreach_reply')
      .where('sender', 'in', addresses)
      .select(['received_at', 'channel', 'text', 'intent', 'outcome'])
      .orderBy('received_at', 'desc')
      .limit(limit)
      .execute(),
  ]);
  return [
    ...sent.map((m) => ({
      at: new Date(m.created_at),
      direction: 'out' as const,
      channel: m.channel as string,
      kind: m.kind as string,
      text: m.text,
      status: m.status as string,
    })),
    ...received.map((r) => ({
      at: new Date(r.received_at),
      direction: 'in' as const,
      channel: r.channel as string,
      kind: r.intent as string,
      text: r.text,
      status: r.outcome,
    })),
  ]
    .sort((a, b) => b.at.getTime() - a.at.getTime())
    .slice(0, limit);
}

/**
 * OB-1, OB-7 in the reports: the appointments that start from `from` to `to` and were still booked then
 * (cancelled ones apart), each with when a reminder or a recall first reached the patient — an SMS on its
 * delivery receipt, an e-mail once the relay took it — when an SMS was first accepted by the SMSC with
 * no receipt yet, and whether one was sent at all.
 */
export async function reminderTrail(db: Db, from: Date, to: Date) {
  const { rows } = await sql<{
    id: string;
    start_at: Date | string;
    created_at: Date | string;
    municipality: string;
    reached_at: Date | string | null;
    unconfirmed_at: Date | string | null;
    sent: boolean;
  }>`
    select ap.id, ap.start_at, ap.created_at, f.municipality,
      (select min(case when m.status = 'delivered' then coalesce(m.delivered_at, m.submitted_at)
                       when m.channel = 'email' and m.status = 'submitted' then m.submitted_at end)
         from outreach_message m where m.appointment_id = ap.id and m.kind in ('reminder', 'recall')) as reached_at,
      (select min(m.submitted_at) from outreach_message m where m.appointment_id = ap.id
        and m.kind in ('reminder', 'recall') and m.channel in ('sms', 'io') and m.status = 'submitted') as unconfirmed_at,
      exists (select 1 from outreach_message m where m.appointment_id = ap.id
        and m.kind in ('reminder', 'recall') and m.status in ('submitting', 'submitted', 'delivered', 'failed')) as sent
    from appointment ap
    join facility f on f.id = ap.facility_id
    where ap.start_at >= ${from} and ap.start_at < ${to}
      and ap.status in ('booked', 'checked_in', 'completed', 'no_show')
    order by ap.start_at, ap.id`.execute(db);
  return rows.map((r) => ({
    appointmentId: r.id,
    start: new Date(r.start_at),
    bookedAt: new Date(r.created_at),
    municipality: r.municipality,
    reachedAt: r.reached_at === null ? null : new Date(r.reached_at),
    unconfirmedAt: r.unconfirmed_at === null ? null : new Date(r.unconfirmed_at),
    sent: r.sent,
  }));
}
