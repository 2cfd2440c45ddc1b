import { type Selectable, sql } from 'kysely';
import type { Db } from '../../platform/db.ts';
import type { CampaignContactTable } from '../../platform/schema.ts';
import type { CampaignChannel, CampaignContact, CampaignKind } from './campaigns.types.ts';
import type { ContactOutcome } from './rules/kpis.ts';

// A campaign's contacts and their attempts (issue 11 §6): appended in order, claimed by one agent (or one
// worker) at a time — a conditional update, skip-locked — attempted, closed with an outcome, released.

const toContact = (r: Selectable<CampaignContactTable>): CampaignContact => ({
  id: r.id,
  campaignId: r.campaign_id,
  position: r.position,
  patientId: r.patient_id,
  appointmentId: r.appointment_id,
  name: r.name,
  phone: r.phone,
  email: r.email,
  note: r.note,
  status: r.status,
  attempts: r.attempts,
  nextAttemptAt: new Date(r.next_attempt_at),
  claimedBy: r.claimed_by,
  legId: r.leg_id,
  disposition: r.disposition,
  positive: r.positive,
  agentNote: r.note_by_agent,
  firstAttemptAt: r.first_attempt_at ? new Date(r.first_attempt_at) : null,
  doneAt: r.done_at ? new Date(r.done_at) : null,
  sourceRef: r.source_ref,
});

export interface NewContact {
  id: string;
  patientId: string | null;
  appointmentId: string | null;
  name: string;
  phone: string | null;
  email: string | null;
  note: string | null;
  sourceRef: string | null;
  /** Already closed when added (nobody to reach): the outcome. */
  closed?: { disposition: string; positive: boolean } | undefined;
}

/**
 * Appends contacts after the campaign's last (call with the campaign row locked, so positions never
 * collide); a contact whose source is there already is left out. Returns how many were added.
 */
export async function appendContacts(
  db: Db,
  campaignId: string,
  contacts: NewContact[],
  firstAttemptAt: Date,
  now: Date,
): Promise<number> {
  if (contacts.length === 0) return 0;
  const last = await db
    .selectFrom('campaign_contact')
    .select((eb) => eb.fn.max('position').as('last'))
    .where('campaign_id', '=', campaignId)
    .executeTakeFirst();
  let position = Number(last?.last ?? 0);
  let added = 0;
  for (let i = 0; i < contacts.length; i += 1000) {
    const rows = contacts.slice(i, i + 1000).map((c) => ({
      id: c.id,
      campaign_id: campaignId,
      position: ++position,
      patient_id: c.patientId,
      appointment_id: c.appointmentId,
      name: c.name,
      phone: c.phone,
      email: c.email,
      note: c.note,
      source_ref: c.sourceRef,
      status: c.closed ? ('done' as const) : ('pending' as const),
      next_attempt_at: firstAttemptAt,
      disposition: c.closed?.disposition ?? null,
      positive: c.closed?.positive ?? null,
      done_at: c.closed ? now : null,
    }));
    const r = await db
      .insertInto('campaign_contact')
      .values(rows)
      .onConflict((oc) => oc.columns(['campaign_id', 'source_ref']).doNothing())
      .returning('id')
      .execute();
    added += r.length;
    // Positions skipped by a duplicate are closed up by the next call: the order only needs to be strict.
  }
  return added;
}

export async function contactOutcomes(db: Db, campaignId: string): Promise<ContactOutcome[]> {
  const rows = await db
    .selectFrom('campaign_contact')
    .select(['position', 'status', 'disposition', 'positive', 'first_attempt_at', 'done_at'])
    .where('campaign_id', '=', campaignId)
    .orderBy('position')
    .execute();
  return rows.map((r) => ({
    position: r.position,
    status: r.status,
    disposition: r.disposition,
    positive: r.positive,
    firstAttemptAt: r.first_attempt_at ? new Date(r.first_attempt_at) : null,
    doneAt: r.done_at ? new Date(r.done_at) : null,
  }));
}

export async function listContacts(
  db: Db,
  campaignId: string,
  opts: { limit: number; offset: number },
): Promise<CampaignContact[]> {
  const rows = await db
    .selectFrom('campaign_contact')
    .selectAll()
    .where('campaign_id', '=', campaignId)
    .orderBy('position')
    .limit(opts.limit)
    .offset(opts.offset)
    .execute();
  return rows.map(toContact);
}

export async function findContact(db: Db, id: string): Promise<CampaignContact | null> {
  const r = await db.selectFrom('campaign_contact').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toContact(r) : null;
}

export async function findContactByLeg(db: Db, legId: string): Promise<CampaignContact | null> {
  const r = await db
    .selectFrom('campaign_contact')
    .selectAll()
    .where('leg_id', '=', legId)
    .executeTakeFirst();
  return r ? toContact(r) : null;
}

/** The contact an agent holds (claimed, not yet closed), if any. */
export async function heldBy(db: Db, userId: string): Promise<CampaignContact | null> {
  const r = await db
    .selectFrom('campaign_contact')
    .selectAll()
    .where('claimed_by', '=', userId)
    .where('status', '=', 'in-progress')
    .executeTakeFirst();
  return r ? toContact(r) : null;
}

/** Claims the campaign's next due contact for `by` (an agent, or null for a worker); null when none is due. */
export async function claimNext(
  db: Db,
  campaignId: string,
  by: string | null,
  now: Date,
): Promise<CampaignContact | null> {
  const r = await sql<Selectable<CampaignContactTable>>`
    with next as (
      select id from campaign_contact
      where campaign_id = ${campaignId} and status = 'pending' and next_attempt_at <= ${now}
      order by next_attempt_at, position
      limit 1
      for update skip locked
    )
    update campaign_contact c set status = 'in-progress', claimed_by = ${by}, claimed_at = ${now}
    from next where c.id = next.id and c.status = 'pending'
    returning c.*`.execute(db);
  return r.rows[0] ? toContact(r.rows[0]) : null;
}

/** An attempt begins: recorded before the call is placed (a restart then knows it was made). */
export async function startAttempt(
  db: Db,
  a: {
    id: string;
    contact: CampaignContact;
    legId: string;
    /** reoffer: a new place offered by message (BK-12). */
    channel: CampaignChannel | 'reoffer';
    agent: string | null;
  },
  now: Date,
): Promise<void> {
  await db
    .insertInto('campaign_attempt')
    .values({
      id: a.id,
      contact_id: a.contact.id,
      campaign_id: a.contact.campaignId,
      leg_id: a.legId,
      channel: a.channel,
      agent_user_id: a.agent,
      started_at: now,
    })
    .execute();
  await db
    .updateTable('campaign_contact')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      leg_id: a.legId,
      first_attempt_at: eb.fn.coalesce('first_attempt_at', sql<Date>`${now}`),
    }))
    .where('id', '=', a.contact.id)
    .execute();
}

/** The attempt's result; false when it had one already (an event read twice). */
export async function endAttempt(db: Db, legId: string, result: string, now: Date): Promise<boolean> {
  const r = await db
    .updateTable('campaign_attempt')
    .set({ ended_at: now, result })
    .where('leg_id', '=', legId)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function attemptResult(db: Db, legId: string): Promise<string | null> {
  const r = await db
    .selectFrom('campaign_attempt')
    .select('result')
    .where('leg_id', '=', legId)
    .executeTakeFirst();
  return r?.result ?? null;
}

/** Closes a contact with its outcome. Only an open one: false when it was closed already. */
export async function closeContact(
  db: Db,
  id: string,
  outcome: { disposition: string; positive: boolean; by: string | null; note: string | null },
  now: Date,
): Promise<boolean> {
  const r = await db
    .updateTable('campaign_contact')
    .set({
      status: 'done',
      disposition: outcome.disposition,
      positive: outcome.positive,
      done_by: outcome.by,
      note_by_agent: outcome.note,
      done_at: now,
      claimed_by: null,
      leg_id: null,
    })
    .where('id', '=', id)
    .where('status', '<>', 'done')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Back in line, for another attempt at `at` (or for another agent, at once). */
export async function releaseContact(db: Db, id: string, at: Date): Promise<void> {
  await db
    .updateTable('campaign_contact')
    .set({ status: 'pending', claimed_by: null, claimed_at: null, leg_id: null, next_attempt_at: at })
    .where('id', '=', id)
    .where('status', '=', 'in-progress')
    .execute();
}

/** Attempts without a result: calls in flight (or cut off by a stop), messages awaiting their fate. */
export async function openAttempts(db: Db): Promise<{ legId: string; contactId: string; channel: string }[]> {
  const rows = await db
    .selectFrom('campaign_attempt')
    .select(['leg_id', 'contact_id', 'channel'])
    .where('ended_at', 'is', null)
    .execute();
  return rows.map((r) => ({ legId: r.leg_id, contactId: r.contact_id, channel: r.channel }));
}

/** An attempt that never reached the network (no free channel) does not count. */
export async function refundAttempt(db: Db, contactId: string): Promise<void> {
  await db
    .updateTable('campaign_contact')
    .set((eb) => ({ attempts: eb('attempts', '-', 1) }))
    .where('id', '=', contactId)
    .where('attempts', '>', 0)
    .execute();
}

/** Open contacts of a channel's campaigns, claimed by no agent (a message sent, a closure followed). */
export async function openContacts(
  db: Db,
  where: { channels?: CampaignChannel[]; kind?: CampaignKind },
  limit: number,
): Promise<CampaignContact[]> {
  let q = db
    .selectFrom('campaign_contact as c')
    .innerJoin('campaign as k', 'k.id', 'c.campaign_id')
    .selectAll('c')
    .where('c.status', '<>', 'done')
    .orderBy('c.position')
    .limit(limit);
  if (where.channels) q = q.where('k.channel', 'in', where.channels).where('c.status', '=', 'in-progress');
  if (where.kind) q = q.where('k.kind', '=', where.kind);
  return (await q.execute()).map(toContact);
}

/** An agent's last attempt: whom (the contact's name), what came of it, when. */
export async function lastAttemptOf(
  db: Db,
  userId: string,
): Promise<{ name: string; result: string | null; at: Date } | null> {
  const r = await db
    .selectFrom('campaign_attempt as a')
    .innerJoin('campaign_contact as c', 'c.id', 'a.contact_id')
    .select(['c.name', 'a.result', 'a.started_at'])
    .where('a.agent_user_id', '=', userId)
    .orderBy('a.started_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r ? { name: r.name, result: r.result, at: new Date(r.started_at) } : null;
}

/** An attempt the engine refused to place: as if never made. */
export async function withdrawAttempt(db: Db, contactId: string, legId: string): Promise<void> {
  await db.deleteFrom('campaign_attempt').where('leg_id', '=', legId).execute();
  await db
    .updateTable('campaign_contact')
    .set((eb) => ({
      attempts: eb('attempts', '-', 1),
      leg_id: null,
      first_attempt_at: sql<Date | null>`case when attempts = 1 then null else first_attempt_at end`,
    }))
    .where('id', '=', contactId)
    .where('leg_id', '=', legId)
    .execute();
}

/** The agent gave up a ring: the contact stays in hand, ready for another try or an outcome. */
export async function clearLeg(db: Db, contactId: string, legId: string): Promise<void> {
  await db
    .updateTable('campaign_contact')
    .set({ leg_id: null })
    .where('id', '=', contactId)
    .where('leg_id', '=', legId)
    .execute();
}

/** Contacts held by agents (after a restart nobody is on the line any more). */
export async function releaseAllHeld(db: Db): Promise<number> {
  const r = await db
    .updateTable('campaign_contact')
    .set({ status: 'pending', claimed_by: null, claimed_at: null, leg_id: null })
    .where('status', '=', 'in-progress')
    .where('claimed_by', 'is not', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Claims one pending contact for the system (a worker's call or offer); null when it was taken. */
export async function claimContact(db: Db, id: string, now: Date): Promise<CampaignContact | null> {
  const r = await db
    .updateTable('campaign_contact')
    .set({ status: 'in-progress', claimed_by: null, claimed_at: now })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .returningAll()
    .executeTakeFirst();
  return r ? toContact(r) : null;
}

/** The virtual operator's calls under way (attempts without a result). */
export async function voiceInFlight(db: Db): Promise<number> {
  const r = await db
    .selectFrom('campaign_attempt')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('channel', '=', 'voice')
    .where('ended_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
