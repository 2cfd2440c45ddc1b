import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import type { Db } from '../../platform/db.ts';
import type { FeedAppointment } from './rules/fhir.ts';

// SQL for the national feed: the appointments a day changed, and the day's batches.

/** Every appointment booked or changed between two instants, in its state now, oldest change first. */
export async function findChangedAppointments(db: Db, start: Date, end: Date): Promise<FeedAppointment[]> {
  const rows = await db
    .selectFrom('appointment as a')
    .innerJoin('service as s', 's.code', 'a.service_code')
    .innerJoin('facility as f', 'f.id', 'a.facility_id')
    .innerJoin('prescription as p', 'p.id', 'a.prescription_id')
    .innerJoin('patient as pt', 'pt.id', 'a.patient_id')
    .select([
      'a.id',
      'a.status',
      'a.service_code',
      's.description',
      'p.access',
      'a.priority',
      'a.start_at',
      'a.end_at',
      'a.requested_at',
      'a.first_offered_at',
      'a.within_guarantee',
      'a.prescribed_on',
      'a.channel',
      'a.facility_id',
      'f.name as facility_name',
      'f.organisation_id',
      'f.district',
      'pt.fiscal_code',
      'a.cancelled_at',
      'a.cancel_channel',
      'a.late_cancellation',
    ])
    .where((e) =>
      e.or([
        e.and([e('a.created_at', '>=', start), e('a.created_at', '<', end)]),
        e.and([e('a.updated_at', '>=', start), e('a.updated_at', '<', end)]),
      ]),
    )
    .orderBy('a.updated_at')
    .orderBy('a.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    serviceCode: r.service_code,
    serviceDescription: r.description,
    access: r.access,
    priority: r.priority,
    start: new Date(r.start_at),
    end: new Date(r.end_at),
    requestedAt: new Date(r.requested_at),
    firstOfferedAt: r.first_offered_at ? new Date(r.first_offered_at) : null,
    withinGuarantee: r.within_guarantee,
    prescribedOn: String(r.prescribed_on).slice(0, 10),
    channel: r.channel,
    facilityId: r.facility_id,
    facilityName: r.facility_name,
    organisationId: r.organisation_id,
    district: r.district,
    fiscalCode: r.fiscal_code,
    cancelledAt: r.cancelled_at ? new Date(r.cancelled_at) : null,
    cancelChannel: r.cancel_channel,
    lateCancellation: r.late_cancellation,
  }));
}

/** A day's batch, once: a batch already there is kept (the first one built is the one sent). */
export async function insertBatch(
  db: Db,
  b: { day: string; builtAt: Date; appointments: number; json: string; digest: string },
): Promise<boolean> {
  const r = await db
    .insertInto('national_feed_batch')
    .values({
      day: b.day,
      built_at: b.builtAt,
      appointments: b.appointments,
      bundle_gz: gzipSync(b.json),
      digest: b.digest,
      status: 'pending',
    })
    .onConflict((oc) => oc.column('day').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

const summaryColumns = [
  'day',
  'built_at',
  'appointments',
  'digest',
  'status',
  'attempts',
  'last_attempt_at',
  'last_error',
  'sent_at',
  'receipt',
  'simulated',
] as const;

export async function findBatches(db: Db, from: string, to: string) {
  const rows = await db
    .selectFrom('national_feed_batch')
    .select([...summaryColumns])
    .where('day', '>=', from)
    .where('day', '<=', to)
    .orderBy('day', 'desc')
    .execute();
  return rows.map((r) => ({ ...r, day: String(r.day).slice(0, 10) }));
}

/** The Bundle's JSON as kept (gzipped in the row). */
export const bundleJson = (gz: Uint8Array): string => gunzipSync(Buffer.from(gz)).toString('utf8');

/** A day's Bundle as kept (its JSON), or undefined when the day is not built. */
export async function findBundle(db: Db, day: string): Promise<string | undefined> {
  const r = await db
    .selectFrom('national_feed_batch')
    .select('bundle_gz')
    .where('day', '=', day)
    .executeTakeFirst();
  return r ? bundleJson(r.bundle_gz) : undefined;
}

/**
 * Takes a day's batch to send it (its attempt's start recorded), unless another worker took it less than
 * until its lease ends: one sender at a time, without a transaction held open while the platform answers.
 */
export async function claimBatch(db: Db, day: string, now: Date, leaseMs: number) {
  const r = await db
    .updateTable('national_feed_batch')
    .set({ sending_until: new Date(now.getTime() + leaseMs) })
    .where('day', '=', day)
    .where((e) => e.or([e('sending_until', 'is', null), e('sending_until', '<=', now)]))
    .returning(['bundle_gz', 'digest'])
    .executeTakeFirst();
  return r;
}

/** The days not sent yet, oldest first (a day is sent after the one before it). */
export async function findUnsentDays(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('national_feed_batch')
    .select('day')
    .where('status', '<>', 'sent')
    .orderBy('day')
    .execute();
  return rows.map((r) => String(r.day).slice(0, 10));
}

export async function latestBatchDay(db: Db): Promise<string | null> {
  const r = await db
    .selectFrom('national_feed_batch')
    .select((e) => e.fn.max('day').as('day'))
    .executeTakeFirst();
  return r?.day ? String(r.day).slice(0, 10) : null;
}

export async function recordAttempt(
  db: Db,
  day: string,
  at: Date,
  outcome: { ok: true; receipt: string; simulated: boolean } | { ok: false; error: string },
): Promise<void> {
  await db
    .updateTable('national_feed_batch')
    .set((e) => ({
      attempts: e('attempts', '+', 1),
      last_attempt_at: at,
      sending_until: null,
      ...(outcome.ok
        ? {
            status: 'sent' as const,
            sent_at: at,
            receipt: outcome.receipt,
            last_error: null,
            simulated: outcome.simulated,
          }
        : {
            // A day the platform took already stays taken: a failed resend leaves its earlier copy there.
            status: sql<'sent' | 'failed'>`case when status = 'sent' then 'sent' else 'failed' end`,
            last_error: outcome.error.slice(0, 500),
          }),
    }))
    .where('day', '=', day)
    .execute();
}

/** Batches sent before `beforeDay` (Rome), deleted; one not yet taken is kept whatever its age. */
export async function purgeSentBatches(db: Db, beforeDay: string): Promise<number> {
  const r = await db
    .deleteFrom('national_feed_batch')
    .where('day', '<', beforeDay)
    .where('status', '=', 'sent')
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
