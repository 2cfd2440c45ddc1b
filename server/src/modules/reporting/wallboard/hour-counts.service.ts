import type { Db } from '../../../platform/db.ts';
import { eventHorizon } from '../../contact-centre/index.ts';
import { ArrivalCounts } from './arrival-counts.ts';
import * as repo from './wallboard.repository.ts';

// Issue 12 §1, §7: the wallboard's hours, folded once by the statistics' code and kept (call_hour), so a
// refresh folds only the last hours' events whatever the history. An hour is folded once its calls have
// settled: SETTLE_MS after its end every call that arrived in it has been answered, abandoned or has left
// the queue (a later answer would not count in it). Events stored late (a writer's backlog after the
// database was away) have ids above the cursor and an earlier time: the hours they touch are folded again.

export const HOUR_MS = 3_600_000;
/** How long after its hour's end a call is followed. */
export const SETTLE_MS = 2 * HOUR_MS;
/** The hours the wallboard reads (its month window) and a day more; older ones are dropped. */
const KEEP_MS = 31 * 86_400_000;
/** The wallboard's answer target (MR-5: 20 s); its levels count calls against it. */
export const TARGET_SECONDS = 20;
/** Hours folded per read of events. */
const HOURS_PER_READ = 24;

export const floorHour = (ms: number) => Math.floor(ms / HOUR_MS) * HOUR_MS;

/** The end (exclusive) of the hours settled at `now`. */
const settledEnd = (now: number) => floorHour(now - SETTLE_MS);

/** Folds one source's hours [from, to) from its events (and those up to SETTLE_MS after). */
async function foldHours(
  db: Db,
  source: string,
  from: number,
  to: number,
  maxId?: bigint,
): Promise<repo.HourRow[]> {
  const bounds: number[] = [];
  for (let h = from; h <= to; h += HOUR_MS) bounds.push(h);
  const fold = new ArrivalCounts(bounds, TARGET_SECONDS);
  const events = await repo.callEvents(db, {
    source,
    from: new Date(from),
    to: new Date(to + SETTLE_MS),
    maxId,
  });
  for (const e of events) fold.add(e);
  const rows: repo.HourRow[] = [];
  for (let i = 0; i < fold.pieces; i++) {
    const p = fold.piece(i, to + SETTLE_MS);
    if (p.total.arrived === 0 && p.total.callbacksAnswered === 0) continue;
    const hour = new Date(bounds[i]!);
    rows.push({ hour, queueId: '', service: '', counters: p.total });
    for (const [queueId, counters] of p.queues)
      rows.push({ hour, queueId, service: p.services.get(queueId) ?? '', counters });
  }
  return rows;
}

/**
 * Folds every settled hour not folded yet, and again those touched by events stored late; returns the
 * hours folded. One run at a time (the cursor's lock); the hours, the watermarks and the cursor commit
 * together, so a crash repeats a run, never half of one.
 */
export async function foldSettledHours(db: Db, now: Date): Promise<number> {
  const horizon = await eventHorizon(db);
  return db.transaction().execute(async (tx) => {
    const lastId = await repo.lockCursor(tx);
    const settled = await repo.settledUntil(tx);
    const stored = lastId < horizon ? await repo.earliestStored(tx, lastId, horizon) : new Map();
    const end = settledEnd(now.getTime());
    const oldest = floorHour(now.getTime() - KEEP_MS);
    let folded = 0;
    for (const source of new Set([...settled.keys(), ...stored.keys()])) {
      let from = settled.get(source)?.getTime() ?? Number.POSITIVE_INFINITY;
      const earliest = stored.get(source);
      // A call that arrived as early as this may have an event at `earliest`.
      if (earliest) from = Math.min(from, floorHour(earliest.getTime() - HOUR_MS - SETTLE_MS));
      from = Math.max(from, oldest);
      for (let a = from; a < end; a += HOURS_PER_READ * HOUR_MS) {
        const b = Math.min(end, a + HOURS_PER_READ * HOUR_MS);
        const rows = await foldHours(tx, source, a, b, horizon);
        await repo.replaceHours(tx, source, new Date(a), new Date(b), rows);
        folded += (b - a) / HOUR_MS;
      }
      const was = settled.get(source)?.getTime();
      // With nothing to fold, a new source's hours before its first events are folded (empty).
      const next = from < end ? end : (was ?? from);
      if (next !== was) await repo.setSettledUntil(tx, source, new Date(next));
    }
    await repo.dropHoursBefore(tx, new Date(oldest));
    await repo.saveCursor(tx, horizon);
    return folded;
  });
}
