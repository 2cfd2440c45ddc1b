import type { Db } from '../../../platform/db.ts';
import { eventHorizon } from '../../contact-centre/index.ts';
import {
  type CallbackAnswered,
  type CallFact,
  CallFactFold,
  FOLD_EVENT_TYPES,
  type OutcomeFact,
} from '../rules/call-facts.ts';
import * as repo from './facts.repository.ts';

// Issue 12 §7: the call facts kept beside contact_event, so that a month's evaluation reads one row per
// call (≈ 77k a month) instead of its million events. The projection follows contact_event's ids from a
// cursor, up to the horizon below which every append has committed (so a late commit is never skipped),
// and writes the facts and the moved cursor in one transaction (so a crash repeats a window, never loses
// or doubles one). The fold's open calls travel with the cursor.

/** Ids read per transaction. */
const WINDOW = 50_000n;
/** A call still open this long after its source's latest event never ended (a crash): let go. */
const STALE_MS = 2 * 86_400_000;

/**
 * Takes in every event stored up to now; returns the facts written. Safe to run concurrently.
 * `window`: ids read per transaction (smaller only to test the carried state).
 */
export async function projectCallFacts(db: Db, window = WINDOW): Promise<number> {
  const horizon = await eventHorizon(db);
  let written = 0;
  for (;;) {
    const done = await db.transaction().execute(async (tx) => {
      const cursor = await repo.lockCursor(tx);
      if (cursor.lastId >= horizon) return true;
      const next = cursor.lastId + window;
      // biome-ignore lint/complexity/useMathMinMax: ids are bigints, which Math.min does not take
      const upTo = next > horizon ? horizon : next;
      const events = await repo.foldEvents(tx, cursor.lastId, upTo, FOLD_EVENT_TYPES);
      const calls: (CallFact & { source: string })[] = [];
      const answers: (CallbackAnswered & { source: string })[] = [];
      const outcomes: (OutcomeFact & { source: string; eventId: bigint })[] = [];
      const folds = new Map<string, CallFactFold>();
      const latest = new Map<string, number>();
      let eventId = 0n;
      for (const { id, source, event } of events) {
        let fold = folds.get(source);
        if (!fold) {
          fold = new CallFactFold(
            {
              call: (f) => calls.push({ ...f, source }),
              callbackAnswered: (a) => answers.push({ ...a, source }),
              outcome: (o) => outcomes.push({ ...o, source, eventId }),
            },
            cursor.state[source] ?? [],
          );
          folds.set(source, fold);
        }
        eventId = id;
        fold.add(event);
        if ('at' in event) latest.set(source, Math.max(latest.get(source) ?? 0, event.at));
      }
      await repo.insertFacts(tx, { calls, answers, outcomes });
      const state = { ...cursor.state };
      for (const [source, fold] of folds) {
        const since = (latest.get(source) ?? 0) - STALE_MS;
        const open = fold.state().filter(([, c]) => c.arrivedAt >= since);
        if (open.length > 0) state[source] = open;
        else delete state[source];
      }
      await repo.saveCursor(tx, { lastId: upTo, state });
      written += calls.length + answers.length + outcomes.length;
      return false;
    });
    if (done) return written;
  }
}
