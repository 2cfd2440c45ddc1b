import type { Clock } from '../../../platform/clock.ts';
import type { Db } from '../../../platform/db.ts';
import { basilicataCentre, normaliseNumber } from '../../contact-centre/index.ts';
import { type Band, hourBands, LONG_WAIT_SECONDS, SHORT_WAIT_SECONDS } from '../rules/when-to-call.ts';
import * as repo from './figures.repository.ts';

// MR-6, the public "when to call" table (seed 001): for each line citizens call, the wait to an answer
// by hour band over the last weeks, with a face for each band. Public, so computed at most every few
// minutes and served from memory in between.

export const WEEKS = 4;
const REFRESH_MS = 10 * 60_000;

export interface WhenToCall {
  /** 'simulazione' while the contact centre runs on the simulated switch. */
  label: string | null;
  computedAt: Date;
  weeks: number;
  thresholds: { shortSeconds: number; longSeconds: number };
  lines: { number: string; name: string; service: string; bands: Band[] }[];
}

export function whenToCallTable(db: Db, clock: Clock, label: string | null) {
  let cached: { at: number; value: Promise<WhenToCall> } | null = null;
  return (): Promise<WhenToCall> => {
    const now = clock.now().getTime();
    if (!cached || now - cached.at >= REFRESH_MS) {
      const value = compute(db, new Date(now), label);
      cached = { at: now, value };
      // A failed read is not kept: the next request tries again.
      value.catch(() => {
        if (cached?.value === value) cached = null;
      });
    }
    return cached.value;
  };
}

async function compute(db: Db, now: Date, label: string | null): Promise<WhenToCall> {
  const since = new Date(now.getTime() - WEEKS * 7 * 86_400_000);
  const waits = await repo.waitsByHour(db, since);
  // The lines a citizen dials (not the facilities' own, nor the retired numbers that only redirect).
  const lines = basilicataCentre().lines.filter(
    (l) => (l.service === 'cup' || l.service === 'regionale') && !l.redirect,
  );
  return {
    label,
    computedAt: now,
    weeks: WEEKS,
    thresholds: { shortSeconds: SHORT_WAIT_SECONDS, longSeconds: LONG_WAIT_SECONDS },
    lines: lines.map((l) => {
      const number = normaliseNumber(l.number);
      return {
        number: l.number,
        name: l.name,
        service: l.service,
        bands: hourBands(waits.filter((w) => normaliseNumber(w.line) === number)),
      };
    }),
  };
}
