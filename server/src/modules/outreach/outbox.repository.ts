import { type Selectable, sql } from 'kysely';
import type { Db } from '../../platform/db.ts';
import type { OutreachMessageTable } from '../../platform/schema.ts';
import type { OutboxMessage, OutreachStatus } from './outreach.types.ts';

// The outbox's SQL (issue 11 §2): rows written before anything is sent, claimed one at a time, settled by
// the gateway's ids and receipts, swept, listed and, past their retention, forgotten.

export type NewOutboxMessage = Pick<
  OutboxMessage,
  | 'id'
  | 'appointmentId'
  | 'kind'
  | 'appointmentVersion'
  | 'channel'
  | 'recipient'
  | 'text'
  | 'subject'
  | 'html'
  | 'ics'
  | 'sendAfter'
> & {
  appointmentId: string;
  /** Tells apart several messages of one kind about one appointment version (an offer's reference). */
  ref?: string | undefined;
  /** A fallback held for an App IO message (its id, in the same batch): sent only if IO does not take it. */
  fallbackOf?: string | undefined;
};

type Insertable = Omit<NewOutboxMessage, 'appointmentId'> & { appointmentId: string | null };

const toRow = (m: Insertable, now: Date) => ({
  id: m.id,
  appointment_id: m.appointmentId,
  kind: m.kind,
  appointment_version: m.appointmentVersion,
  channel: m.channel,
  recipient: m.recipient,
  text: m.text,
  subject: m.subject,
  html: m.html,
  ics: m.ics,
  status: m.fallbackOf ? ('held' as const) : ('pending' as const),
  fallback_of: m.fallbackOf ?? null,
  send_after: m.sendAfter,
  ref: m.ref ?? '',
  created_at: now,
  updated_at: now,
});

/** Inserts outbox rows; a row that exists already for (appointment, kind, version, ref) is left as it is. */
export async function insertOutbox(db: Db, rows: NewOutboxMessage[], now: Date): Promise<number> {
  if (rows.length === 0) return 0;
  const r = await db
    .insertInto('outreach_message')
    .values(rows.map((m) => toRow(m, now)))
    .onConflict((oc) => oc.columns(['appointment_id', 'kind', 'appointment_version', 'ref']).doNothing())
    .returning('id')
    .execute();
  return r.length;
}

/** A notice about no booking (kind 'delegation': a new portal delegation, `ref` its id). */
export async function insertNotice(
  db: Db,
  row: Omit<NewOutboxMessage, 'appointmentId' | 'appointmentVersion' | 'kind'> & {
    kind: 'delegation';
    ref: string;
  },
  now: Date,
): Promise<void> {
  await db
    .insertInto('outreach_message')
    .values(toRow({ ...row, appointmentId: null, appointmentVersion: 0 }, now))
    .execute();
}

/** A campaign's message (OB-5): about a booking or not, one per `ref` (the campaign's contact). */
export type NewCampaignMessage = Omit<
  NewOutboxMessage,
  'appointmentId' | 'kind' | 'appointmentVersion' | 'ref'
> & {
  appointmentId: string | null;
  ref: string;
};

/** Inserts a campaign's messages; one that exists already for its `ref` is left as it is. */
export async function insertCampaignMessages(db: Db, rows: NewCampaignMessage[], now: Date): Promise<number> {
  if (rows.length === 0) return 0;
  const r = await db
    .insertInto('outreach_message')
    .values(rows.map((m) => toRow({ ...m, kind: 'campaign', appointmentVersion: 0 }, now)))
    .onConflict((oc) => oc.column('ref').where('kind', '=', 'campaign').doNothing())
    .returning('id')
    .execute();
  return r.length;
}

/** The state of each campaign contact's message (OB-5), by the contact's id (the message's `ref`). */
export async function campaignMessageStates(db: Db, refs: string[]): Promise<Map<string, OutreachStatus>> {
  if (refs.length === 0) return new Map();
  const rows = await db
    .selectFrom('outreach_message')
    .select(['ref', 'status'])
    .where('kind', '=', 'campaign')
    .where('ref', 'in', refs)
    .execute();
  return new Map(rows.map((r) => [r.ref, r.status]));
}

const columns = [
  'm.id',
  'm.appointment_id',
  'm.kind',
  'm.appointment_version',
  'm.channel',
  'm.recipient',
  'm.text',
  'm.subject',
  'm.html',
  'm.ics',
  'm.status',
  'm.send_after',
  'm.attempts',
  'm.gateway_id',
  'm.segments',
  'm.submitted_at',
  'm.delivered_at',
  'm.error',
  'm.created_at',
] as const;

type Row = Selectable<OutreachMessageTable>;

const date = (d: Date | string | null) => (d === null ? null : new Date(d));
const toMessage = (r: Row): OutboxMessage => ({
  id: r.id,
  appointmentId: r.appointment_id,
  kind: r.kind,
  appointmentVersion: r.appointment_version,
  channel: r.channel,
  recipient: r.recipient,
  text: r.text,
  subject: r.subject,
  html: r.html,
  ics: r.ics,
  status: r.status,
  sendAfter: new Date(r.send_after),
  attempts: r.attempts,
  gatewayId: r.gateway_id,
  segments: r.segments,
  submittedAt: date(r.submitted_at),
  deliveredAt: date(r.delivered_at),
  error: r.error,
  createdAt: new Date(r.created_at),
});

/**
 * Claims the next due message for submission, in its own short transaction: marks it 'submitting'
 * (with the attempt counted) and returns it, with whether its appointment still is what the message is
 * about (booked, same version). Skips rows another sender holds, and recipients with a message already
 * in flight (the unique index would refuse a second; see the migration).
 */
export async function claimNext(
  db: Db,
  now: Date,
): Promise<{ message: OutboxMessage; current: boolean } | null> {
  const r = await sql<Row & { current: boolean }>`
    with next as (
      select m.id from outreach_message m
      where m.status = 'pending' and m.send_after <= ${now}
        and not exists (
          select 1 from outreach_message s where s.recipient = m.recipient and s.status = 'submitting')
      order by m.send_after, m.id
      limit 1
      for update skip locked
    )
    update outreach_message m
    set status = 'submitting', claimed_at = ${now}, attempts = m.attempts + 1, updated_at = ${now}
    from next
    where m.id = next.id
    returning m.*, coalesce((select ap.status = 'booked' and ap.version = m.appointment_version
      and ap.start_at > ${now} from appointment ap where ap.id = m.appointment_id), false)
      or m.kind not in ('reminder', 'recall', 'promemoria') as current`.execute(db);
  const row = r.rows[0];
  return row ? { message: toMessage(row), current: row.current } : null;
}

export async function markSubmitted(
  db: Db,
  id: string,
  at: Date,
  result: { gatewayId: string; segments: number; partIds?: string[] | undefined },
): Promise<void> {
  // The ids first, then the status: a receipt that overtakes this store either finds the row still
  // 'submitting' with no id (and settles it by recipient) or finds the id — never neither.
  const ids = result.partIds?.length ? result.partIds : [result.gatewayId];
  await db
    .insertInto('outreach_gateway_id')
    .values(ids.map((g) => ({ gateway_id: g, message_id: id, last_part: g === result.gatewayId })))
    .onConflict((oc) => oc.column('gateway_id').doNothing())
    .execute();
  await db
    .updateTable('outreach_message')
    .set({
      status: 'submitted',
      gateway_id: result.gatewayId,
      segments: result.segments,
      submitted_at: at,
      updated_at: at,
    })
    .where('id', '=', id)
    .where('status', '=', 'submitting')
    .execute();
}

/** A message that will not go: its appointment changed, the gateway refused it, or nobody to send to. */
export async function markFinal(
  db: Db,
  id: string,
  at: Date,
  status: 'failed' | 'suppressed',
  error: string | null,
): Promise<void> {
  await db
    .updateTable('outreach_message')
    .set({ status, error, updated_at: at })
    .where('id', '=', id)
    .where('status', 'in', ['pending', 'submitting'])
    .execute();
}

/**
 * The held fallbacks of App IO messages that are final (OB-3): sent where IO did not take the message
 * (failed: no profile, the service turned off, rejected) — SMS within the sending window, e-mail at once
 * — and suppressed where IO delivered it or the message was suppressed. Idempotent: the sender calls it
 * after each IO outcome, the sweep after a crash between the two.
 */
export async function settleFallbacks(
  db: Db,
  now: Date,
  smsAt: Date,
): Promise<{ released: number; dropped: number }> {
  const rows = await sql<{ status: string }>`
    update outreach_message f set
      status = case when p.status = 'failed' then 'pending' else 'suppressed' end,
      send_after = case when p.status <> 'failed' then f.send_after
        when f.channel = 'sms' then greatest(f.send_after, ${smsAt}) else greatest(f.send_after, ${now}) end,
      error = case when p.status = 'failed' then 'App IO did not take it: ' || coalesce(p.error, 'failed')
        when p.status = 'delivered' then 'delivered through App IO' else p.error end,
      updated_at = ${now}
    from outreach_message p
    where f.fallback_of = p.id and f.status = 'held' and p.status in ('delivered', 'failed', 'suppressed')
    returning f.status`.execute(db);
  const released = rows.rows.filter((r) => r.status === 'pending').length;
  return { released, dropped: rows.rows.length - released };
}

/** App IO messages submitted and not yet final, oldest first: their state is asked for (IO pushes none). */
export async function openAppIoMessages(
  db: Db,
  before: Date,
  limit: number,
): Promise<{ id: string; gatewayId: string; recipient: string }[]> {
  const rows = await db
    .selectFrom('outreach_message')
    .where('channel', '=', 'io')
    .where('status', '=', 'submitted')
    .where('submitted_at', '<', before)
    .where('gateway_id', 'is not', null)
    .orderBy('submitted_at')
    .limit(limit)
    .select(['id', 'gateway_id', 'recipient'])
    .execute();
  return rows.map((r) => ({ id: r.id, gatewayId: r.gateway_id!, recipient: r.recipient }));
}

/** Back to the queue (the gateway was unreachable before it took the message). */
export async function release(db: Db, id: string, at: Date, error: string): Promise<void> {
  await db
    .updateTable('outreach_message')
    .set({ status: 'pending', error, updated_at: at })
    .where('id', '=', id)
    .where('status', '=', 'submitting')
    .execute();
}

/**
 * A delivery receipt. By any of the message's part ids: a failed part fails the message, the last part's
 * delivery delivers it. An id we never stored (the sender died between the gateway's answer and the
 * store) names the one message in flight to that recipient — there is at most one (see the migration) —
 * claimed no later than the receipt says it was submitted. Returns the message it settled, or null.
 */
export async function applyReceipt(
  db: Db,
  receipt: {
    gatewayId: string;
    recipient: string | null;
    delivered: boolean;
    submittedAt: Date | null;
    at: Date;
    error: string | null;
  },
): Promise<{ id: string; channel: OutboxMessage['channel']; reconciled: boolean } | null> {
  const status = receipt.delivered ? ('delivered' as const) : ('failed' as const);
  const settle = {
    status,
    delivered_at: receipt.delivered ? receipt.at : null,
    error: receipt.error,
    updated_at: receipt.at,
  };
  /** By a stored id: the settled message, null when there is nothing to settle, undefined if unknown. */
  const byKnownId = async () => {
    const known = await db
      .selectFrom('outreach_gateway_id')
      .where('gateway_id', '=', receipt.gatewayId)
      .select(['message_id', 'last_part'])
      .executeTakeFirst();
    if (!known) return undefined;
    if (receipt.delivered && !known.last_part) return null;
    const r = await db
      .updateTable('outreach_message')
      .set(settle)
      .where('id', '=', known.message_id)
      .where('status', 'in', ['submitted', 'submitting'])
      .returning(['id', 'channel'])
      .executeTakeFirst();
    return r ? { id: r.id, channel: r.channel, reconciled: false } : null;
  };
  const first = await byKnownId();
  if (first !== undefined) return first;
  if (!receipt.recipient) return null;
  let orphan = db
    .updateTable('outreach_message')
    .set({ ...settle, gateway_id: receipt.gatewayId, submitted_at: sql`claimed_at` })
    .where('recipient', '=', receipt.recipient)
    .where('status', '=', 'submitting')
    .where('gateway_id', 'is', null);
  // SMPP receipts give the submit time to the minute.
  if (receipt.submittedAt)
    orphan = orphan.where('claimed_at', '<', new Date(receipt.submittedAt.getTime() + 60_000));
  const r = await orphan.returning(['id', 'channel']).executeTakeFirst();
  // The sender stored the ids (and then the status) between the two looks: now the id is known.
  if (!r) return (await byKnownId()) ?? null;
  await db
    .insertInto('outreach_gateway_id')
    .values({ gateway_id: receipt.gatewayId, message_id: r.id, last_part: true })
    .onConflict((oc) => oc.column('gateway_id').doNothing())
    .execute();
  return { id: r.id, channel: r.channel, reconciled: true };
}

/**
 * Messages claimed before `before` and never confirmed as submitted (the sender died between claim and
 * store) with no receipt since: back to 'pending', to be sent again.
 */
export async function requeueUncertain(db: Db, before: Date, now: Date): Promise<number> {
  const r = await db
    .updateTable('outreach_message')
    .set({ status: 'pending', error: 'no receipt after an interrupted submit: sent again', updated_at: now })
    .where('status', '=', 'submitting')
    .where('claimed_at', '<', before)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Pending reminders, recalls and promemoria of an appointment's older versions, or of one no longer booked: never sent. */
export async function suppressStale(db: Db, now: Date): Promise<number> {
  const r = await sql`
    update outreach_message m set status = 'suppressed', error = 'the appointment changed', updated_at = ${now}
    from appointment ap
    where ap.id = m.appointment_id and m.status in ('pending', 'held') and m.kind in ('reminder', 'recall', 'promemoria')
      and (ap.status <> 'booked' or ap.version <> m.appointment_version)`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/** The latest reminder, recall or promemoria sent to a recipient whose appointment is still booked and ahead. */
export async function latestReminderTo(
  db: Db,
  recipient: string,
  now: Date,
): Promise<{ appointmentId: string; version: number } | null> {
  const r = await db
    .selectFrom('outreach_message as m')
    .innerJoin('appointment as ap', 'ap.id', 'm.appointment_id')
    .where('m.recipient', '=', recipient)
    .where('m.kind', 'in', ['reminder', 'recall', 'promemoria'])
    .where('m.status', 'in', ['submitted', 'delivered', 'submitting'])
    .where('ap.status', '=', 'booked')
    .where('ap.start_at', '>', now)
    .select(['ap.id', 'ap.version'])
    .orderBy('m.created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r ? { appointmentId: r.id, version: r.version } : null;
}

/** Whether a reminder went to this recipient for this appointment (a reply must be about one). */
export async function remindedAbout(db: Db, recipient: string, appointmentId: string): Promise<boolean> {
  const r = await db
    .selectFrom('outreach_message')
    .where('recipient', '=', recipient)
    .where('appointment_id', '=', appointmentId)
    .select('id')
    .limit(1)
    .executeTakeFirst();
  return r !== undefined;
}

export async function listMessages(
  db: Db,
  q: { from: Date; to: Date; status?: OutreachStatus | undefined; limit: number },
): Promise<OutboxMessage[]> {
  let query = db
    .selectFrom('outreach_message as m')
    .select([...columns])
    .where('m.created_at', '>=', q.from)
    .where('m.created_at', '<', q.to);
  if (q.status) query = query.where('m.status', '=', q.status);
  const rows = await query.orderBy('m.created_at', 'desc').orderBy('m.id').limit(q.limit).execute();
  return rows.map((r) => toMessage(r as Row));
}

export async function countByStatus(
  db: Db,
  from: Date,
  to: Date,
  kind?: OutboxMessage['kind'],
): Promise<Record<string, number>> {
  let q = db.selectFrom('outreach_message').where('created_at', '>=', from).where('created_at', '<', to);
  if (kind) q = q.where('kind', '=', kind);
  const rows = await q
    .select(['status', db.fn.countAll<string>().as('n')])
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/**
 * The period's reminders (OB-1): by status every message; planned, one per appointment version (the SMS
 * or e-mail held for an App IO message not counted again); delivered to IO's inbox; and the SMS or e-mail
 * held for an IO message that IO delivered, so never sent.
 */
export async function countReminders(db: Db, from: Date, to: Date) {
  const { rows } = await sql<{
    status: string;
    planned: string;
    via_app_io: string;
    spared: string;
    n: string;
  }>`
    select m.status, count(*) as n,
      count(*) filter (where m.fallback_of is null) as planned,
      count(*) filter (where m.channel = 'io' and m.status = 'delivered') as via_app_io,
      count(*) filter (where m.status = 'suppressed' and p.status = 'delivered') as spared
    from outreach_message m left join outreach_message p on p.id = m.fallback_of
    where m.kind = 'reminder' and m.created_at >= ${from} and m.created_at < ${to}
    group by m.status`.execute(db);
  const total = (k: 'planned' | 'via_app_io' | 'spared') => rows.reduce((a, r) => a + Number(r[k]), 0);
  return {
    byStatus: Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])),
    planned: total('planned'),
    viaAppIo: total('via_app_io'),
    sparedByAppIo: total('spared'),
  };
}

/**
 * Messages created and replies received before `before` (retention, RETENTION_MESSAGES_DAYS), in one
 * transaction. Opt-outs stay: they are the patient's standing instruction.
 */
export async function purgeMessages(db: Db, before: Date): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const old = tx.selectFrom('outreach_message').select('id').where('created_at', '<', before);
    await tx.deleteFrom('outreach_gateway_id').where('message_id', 'in', old).execute();
    const messages = await tx
      .deleteFrom('outreach_message')
      .where('created_at', '<', before)
      .executeTakeFirst();
    const replies = await tx
      .deleteFrom('outreach_reply')
      .where('received_at', '<', before)
      .executeTakeFirst();
    return Number(messages.numDeletedRows) + Number(replies.numDeletedRows);
  });
}

/** A message not sent yet that is no longer true (an offer withdrawn before the morning): never sent. */
export async function suppressPending(
  db: Db,
  m: { appointmentId: string; kind: OutboxMessage['kind']; ref: string },
  now: Date,
  why: string,
): Promise<void> {
  await db
    .updateTable('outreach_message')
    .set({ status: 'suppressed', error: why, updated_at: now })
    .where('appointment_id', '=', m.appointmentId)
    .where('kind', '=', m.kind)
    .where('ref', '=', m.ref)
    .where('status', '=', 'pending')
    .execute();
}

/** The message of one kind and reference about an appointment: whether it went, how and to whom. */
export async function findMessage(
  db: Db,
  m: { appointmentId: string; kind: OutboxMessage['kind']; ref: string },
): Promise<Pick<OutboxMessage, 'id' | 'status' | 'channel' | 'recipient' | 'sendAfter'> | null> {
  const r = await db
    .selectFrom('outreach_message')
    .where('appointment_id', '=', m.appointmentId)
    .where('kind', '=', m.kind)
    .where('ref', '=', m.ref)
    .select(['id', 'status', 'channel', 'recipient', 'send_after'])
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r
    ? { id: r.id, status: r.status, channel: r.channel, recipient: r.recipient, sendAfter: r.send_after }
    : null;
}

/** The kind of the latest message that went (or is going) to a recipient: what a bare reply answers. */
export async function latestSentKind(db: Db, recipient: string): Promise<OutboxMessage['kind'] | null> {
  const r = await db
    .selectFrom('outreach_message')
    .where('recipient', '=', recipient)
    .where('status', 'in', ['submitted', 'delivered', 'submitting'])
    .select('kind')
    .orderBy('submitted_at', 'desc')
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r?.kind ?? null;
}
