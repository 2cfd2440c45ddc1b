import { type Selectable, sql } from 'kysely';
import type { Db } from '../../platform/db.ts';
import type { CampaignTable } from '../../platform/schema.ts';
import type {
  Campaign,
  CampaignChannel,
  CampaignKind,
  CampaignStatus,
  CampaignTarget,
  Disposition,
} from './campaigns.types.ts';

// Campaigns' SQL (issue 11 §6): the campaigns themselves, which have contacts due, and what the reports
// and retention read of their contacts; the contacts' own work is in contacts.repository.ts.

const toCampaign = (r: Selectable<CampaignTable>): Campaign => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  channel: r.channel,
  mode: r.mode,
  script: r.script,
  message: r.message,
  dispositions: r.dispositions,
  maxAttempts: r.max_attempts,
  retryMinutes: r.retry_minutes,
  hours: { from: r.hours_from, to: r.hours_to, everyDay: r.every_day },
  status: r.status,
  target: r.target as unknown as CampaignTarget,
  createdAt: new Date(r.created_at),
});

export interface NewCampaign {
  id: string;
  name: string;
  kind: CampaignKind;
  channel: CampaignChannel;
  mode: Campaign['mode'];
  script: string;
  message: string | null;
  dispositions: Disposition[];
  maxAttempts: number;
  retryMinutes: number;
  hours: { from: string; to: string; everyDay?: boolean | undefined };
  target: CampaignTarget;
  createdBy: string | null;
}

export async function insertCampaign(db: Db, c: NewCampaign, now: Date): Promise<void> {
  await db
    .insertInto('campaign')
    .values({
      id: c.id,
      name: c.name,
      kind: c.kind,
      channel: c.channel,
      mode: c.mode,
      script: c.script,
      message: c.message,
      dispositions: JSON.stringify(c.dispositions),
      max_attempts: c.maxAttempts,
      retry_minutes: c.retryMinutes,
      hours_from: c.hours.from,
      hours_to: c.hours.to,
      every_day: c.hours.everyDay === true,
      status: 'active',
      target: JSON.stringify(c.target),
      created_by: c.createdBy,
      created_at: now,
    })
    .onConflict((oc) => oc.column('kind').where('kind', '<>', 'standard').doNothing())
    .execute();
}

export async function findCampaign(db: Db, id: string, lock = false): Promise<Campaign | null> {
  let q = db.selectFrom('campaign').selectAll().where('id', '=', id);
  if (lock) q = q.forUpdate();
  const r = await q.executeTakeFirst();
  return r ? toCampaign(r) : null;
}

export async function standingCampaign(
  db: Db,
  kind: Exclude<CampaignKind, 'standard'>,
): Promise<Campaign | null> {
  const r = await db.selectFrom('campaign').selectAll().where('kind', '=', kind).executeTakeFirst();
  return r ? toCampaign(r) : null;
}

export async function listCampaigns(db: Db, opts: { includeClosed: boolean }): Promise<Campaign[]> {
  let q = db.selectFrom('campaign').selectAll().orderBy('created_at', 'desc').orderBy('id');
  if (!opts.includeClosed) q = q.where('status', '<>', 'closed');
  return (await q.execute()).map(toCampaign);
}

export async function setCampaignStatus(db: Db, id: string, status: CampaignStatus): Promise<void> {
  await db.updateTable('campaign').set({ status }).where('id', '=', id).execute();
}

/** Active campaigns of a channel with a contact due now. */
export async function campaignsWithDue(db: Db, channel: CampaignChannel, now: Date): Promise<Campaign[]> {
  const rows = await db
    .selectFrom('campaign')
    .selectAll()
    .where('status', '=', 'active')
    .where('channel', '=', channel)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('campaign_contact as c')
          .select('c.id')
          .whereRef('c.campaign_id', '=', 'campaign.id')
          .where('c.status', '=', 'pending')
          .where('c.next_attempt_at', '<=', now),
      ),
    )
    .execute();
  return rows.map(toCampaign);
}

/** Contacts due now, per campaign. */
export async function dueCounts(db: Db, campaignIds: string[], now: Date): Promise<Map<string, number>> {
  if (campaignIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('campaign_contact')
    .select(['campaign_id', (eb) => eb.fn.countAll<string>().as('n')])
    .where('campaign_id', 'in', campaignIds)
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .groupBy('campaign_id')
    .execute();
  return new Map(rows.map((r) => [r.campaign_id, Number(r.n)]));
}

/** Of these sources, those not yet in the campaign. */
export async function missingSources(db: Db, campaignId: string, refs: string[]): Promise<string[]> {
  if (refs.length === 0) return [];
  const rows = await db
    .selectFrom('campaign_contact')
    .select('source_ref')
    .where('campaign_id', '=', campaignId)
    .where('source_ref', 'in', refs)
    .execute();
  const known = new Set(rows.map((r) => r.source_ref));
  return refs.filter((r) => !known.has(r));
}

/**
 * Retention: contacts closed before `before`, and their attempts, are deleted (names and numbers are
 * personal data); a campaign keeps its definition, and its indicators count what is left.
 */
export async function purgeContactsBefore(db: Db, before: Date): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const old = tx
      .selectFrom('campaign_contact')
      .select('id')
      .where('status', '=', 'done')
      .where('done_at', '<', before);
    const attempts = await tx
      .deleteFrom('campaign_attempt')
      .where('contact_id', 'in', old)
      .executeTakeFirst();
    const contacts = await tx
      .deleteFrom('campaign_contact')
      .where('status', '=', 'done')
      .where('done_at', '<', before)
      .executeTakeFirst();
    return Number(attempts.numDeletedRows) + Number(contacts.numDeletedRows);
  });
}

/**
 * MR-5 (the contract's outbound levels): the contacts of the agents' campaigns that were worked in
 * [from, to) — closed in it, or attempted first in it — with their campaign's allowed hours; every
 * contact of a batch that has one of them, so a batch's start and end are known.
 */
export async function outboundContacts(db: Db, from: Date, to: Date) {
  const rows = await db
    .selectFrom('campaign_contact as k')
    .innerJoin('campaign as c', 'c.id', 'k.campaign_id')
    .select([
      'c.id as campaign_id',
      'c.name',
      'c.hours_from',
      'c.hours_to',
      'c.every_day',
      'k.position',
      'k.status',
      'k.positive',
      'k.first_attempt_at',
      'k.done_at',
    ])
    .where('c.channel', '=', 'agent')
    .where('c.kind', '=', 'standard')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('campaign_contact as w')
          .select('w.id')
          .whereRef('w.campaign_id', '=', 'k.campaign_id')
          .where(sql<boolean>`floor((w.position - 1) / 100) = floor((k.position - 1) / 100)`)
          .where((x) =>
            x.or([
              x.and([x('w.done_at', '>=', from), x('w.done_at', '<', to)]),
              x.and([x('w.first_attempt_at', '>=', from), x('w.first_attempt_at', '<', to)]),
            ]),
          ),
      ),
    )
    .orderBy('c.id')
    .orderBy('k.position')
    .execute();
  return rows.map((r) => ({
    campaignId: r.campaign_id,
    campaign: r.name,
    hours: { from: r.hours_from, to: r.hours_to, everyDay: r.every_day },
    position: r.position,
    status: r.status,
    positive: r.positive,
    firstAttemptAt: r.first_attempt_at ? new Date(r.first_attempt_at) : null,
    doneAt: r.done_at ? new Date(r.done_at) : null,
  }));
}

/**
 * OB-3, OB-7 in the reports: the virtual operator's recall and reminder calls about these appointments —
 * for each one called, when a call first reached the patient (answered, with a choice or without one).
 */
export async function voiceReminderTrail(
  db: Db,
  appointmentIds: readonly string[],
): Promise<Map<string, { reachedAt: Date | null }>> {
  const out = new Map<string, { reachedAt: Date | null }>();
  for (let i = 0; i < appointmentIds.length; i += 5000) {
    const ids = appointmentIds.slice(i, i + 5000);
    const rows = await db
      .selectFrom('campaign_contact as k')
      .innerJoin('campaign as c', 'c.id', 'k.campaign_id')
      .where('c.kind', 'in', ['recall', 'reminder'])
      .where('k.appointment_id', 'in', ids)
      .where('k.first_attempt_at', 'is not', null)
      .select([
        'k.appointment_id',
        sql<
          Date | string | null
        >`min(case when k.disposition in ('confirmed', 'cancelled', 'no-choice') then k.done_at end)`.as(
          'reached_at',
        ),
      ])
      .groupBy('k.appointment_id')
      .execute();
    for (const r of rows)
      out.set(r.appointment_id!, { reachedAt: r.reached_at === null ? null : new Date(r.reached_at) });
  }
  return out;
}
