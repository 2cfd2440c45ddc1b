import { createHash } from 'node:crypto';
import { audit } from '../../platform/audit.ts';
import { addDays, romeDate, romePeriod, startOfRomeDate } from '../../platform/calendar.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db.ts';
import { AppError, invalidField, notFound } from '../../platform/errors.ts';
import type { Logger } from '../../platform/logger.ts';
import { httpFeedSender } from './adapters/http.ts';
import type { FeedSender } from './adapters/port.ts';
import { simulatedFeedSender } from './adapters/simulated.ts';
import * as repo from './national-feed.repository.ts';
import { dayBundle } from './rules/fhir.ts';

export interface FeedSettings {
  /** The region's code (ministerial, 3 digits: Basilicata 170), in the batch's identifier. */
  region: string;
  /** The key of the patients' pseudonyms (HMAC): the region's secret, the same for every batch. */
  key: string;
  sender: FeedSender;
  /** Days a server that was down builds again at most (the oldest first). */
  catchUpDays: number;
}

/** The pseudonyms' key of the simulation: fixed and public, so a simulated batch identifies nobody. */
const SIMULATION_KEY = 'sportello-simulazione-chiave-pubblica-non-segreta';

export function nationalFeedSettings(config: {
  NATIONAL_FEED: 'simulated' | 'http';
  NATIONAL_FEED_URL?: string | undefined;
  NATIONAL_FEED_TOKEN?: string | undefined;
  NATIONAL_FEED_KEY?: string | undefined;
  NATIONAL_FEED_REGION: string;
  NATIONAL_FEED_MAX_ENTRIES?: number;
}): FeedSettings {
  const http = config.NATIONAL_FEED === 'http';
  return {
    region: config.NATIONAL_FEED_REGION,
    key: config.NATIONAL_FEED_KEY ?? SIMULATION_KEY,
    sender:
      http && config.NATIONAL_FEED_URL
        ? httpFeedSender({
            url: config.NATIONAL_FEED_URL,
            token: config.NATIONAL_FEED_TOKEN,
            maxEntries: config.NATIONAL_FEED_MAX_ENTRIES ?? 1000,
          })
        : simulatedFeedSender,
    catchUpDays: 31,
  };
}

const digestOf = (json: string) => createHash('sha256').update(json).digest('hex');

/**
 * Builds a Rome day's batch — every appointment booked or changed that day, in its state now — once the
 * day is over. A day already built is left as it is (the batch sent is the one kept); returns whether
 * this call built it.
 */
export async function buildDay(db: Db, clock: Clock, s: FeedSettings, day: string): Promise<boolean> {
  const now = clock.now();
  if (day >= romeDate(now)) throw invalidField('day', 'a day is sent once it is over');
  const appointments = await repo.findChangedAppointments(
    db,
    startOfRomeDate(day),
    startOfRomeDate(addDays(day, 1)),
  );
  const json = JSON.stringify(dayBundle(day, appointments, { region: s.region, key: s.key, builtAt: now }));
  return repo.insertBatch(db, {
    day,
    builtAt: now,
    appointments: appointments.length,
    json,
    digest: digestOf(json),
  });
}

/**
 * How long a sender has the batch to itself: longer than a large day's parts at the HTTP sender's timeout
 * (30 parts of a minute), so a manager's "send again" never races the hourly run. A sender that died
 * holding it is followed by the next run after this.
 */
const SEND_LEASE_MS = 45 * 60_000;

/**
 * Sends one day's batch now, whatever its state (a batch sent again replaces what the platform holds:
 * every entry is a PUT). A batch another worker is sending is left to it ('busy').
 */
export async function sendDay(
  db: Db,
  clock: Clock,
  s: FeedSettings,
  day: string,
): Promise<{ ok: boolean; error: string | null; busy?: true }> {
  const batch = await repo.claimBatch(db, day, clock.now(), SEND_LEASE_MS);
  if (!batch) return { ok: false, error: 'being sent by another worker', busy: true };
  try {
    const bundle = JSON.parse(repo.bundleJson(batch.bundle_gz)) as unknown;
    const { receipt } = await s.sender.send(bundle, { day, digest: batch.digest });
    await repo.recordAttempt(db, day, clock.now(), { ok: true, receipt, simulated: s.sender.simulated });
    return { ok: true, error: null };
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    await repo.recordAttempt(db, day, clock.now(), { ok: false, error });
    return { ok: false, error };
  }
}

/**
 * The job's work: build every day over since the last batch (from yesterday only, the first time; at
 * most `catchUpDays` back after a stop), then send what is not sent, oldest first, stopping at the first
 * day the platform refuses (the next run tries again from it).
 */
export async function runFeed(db: Db, clock: Clock, s: FeedSettings, log?: Logger) {
  const yesterday = addDays(romeDate(clock.now()), -1);
  const latest = await repo.latestBatchDay(db);
  const oldest = addDays(yesterday, -(s.catchUpDays - 1));
  let day = latest ? addDays(latest, 1) : yesterday;
  if (day < oldest) day = oldest;
  const built: string[] = [];
  for (; day <= yesterday; day = addDays(day, 1)) if (await buildDay(db, clock, s, day)) built.push(day);
  const sent: string[] = [];
  for (const d of await repo.findUnsentDays(db)) {
    const r = await sendDay(db, clock, s, d);
    if (!r.ok) {
      log?.warn({ day: d, error: r.error }, 'national feed: batch not taken, retried on the next run');
      break;
    }
    sent.push(d);
  }
  return { built, sent };
}

/** The batches of a period of days (no personal data: counts, states, digests). */
export async function listBatches(db: Db, ctx: RequestContext, q: { from?: string; to?: string }) {
  const today = romeDate(ctx.clock.now());
  const to = q.to ?? addDays(today, -1);
  const period = romePeriod(today, { from: q.from ?? addDays(to, -30), to });
  return { items: await repo.findBatches(db, period.from, period.to) };
}

/** A day's Bundle as it was sent: pseudonymised booking data, so its reading is audited (SEC-1). */
export async function getBundle(db: Db, ctx: RequestContext, day: string) {
  return db.transaction().execute(async (tx) => {
    const json = await repo.findBundle(tx, day);
    if (json === undefined) throw notFound('batch', 'day');
    await audit(tx, ctx, {
      action: 'read',
      resourceType: 'NationalFeedBatch',
      resourceId: day,
      purpose: 'national waiting-list feed (MR-8)',
    });
    return json;
  });
}

/**
 * Sends a day now at the manager's request: again after the platform's refusal was fixed, or a day over
 * but not built yet (built first, rather than waiting for the hourly run).
 */
export async function resendDay(db: Db, ctx: RequestContext, s: FeedSettings, day: string) {
  if ((await repo.findBatches(db, day, day)).length === 0) await buildDay(db, ctx.clock, s, day);
  const r = await sendDay(db, ctx.clock, s, day);
  if (r.busy) throw new AppError('CONFLICT', 'the batch is being sent now', 'day');
  await audit(db, ctx, {
    action: 'update',
    resourceType: 'NationalFeedBatch',
    resourceId: day,
    purpose: "national waiting-list feed (MR-8): sent at the manager's request",
  });
  const [row] = await repo.findBatches(db, day, day);
  return row!;
}

/** Retention: the batches sent whose day is before `before`'s Rome date (the privacy module's job). */
export async function purgeFeedBatches(db: Db, before: Date): Promise<number> {
  return repo.purgeSentBatches(db, romeDate(before));
}
