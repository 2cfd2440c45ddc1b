/**
 * MR-5, the contract's help-desk levels (seed 003 §6.1), pure, on the month's tickets:
 * - written contacts (mail, PEC, fax, SMS, letters, web forms): the time from sending to the ticket's
 *   closure, counted 24 hours a day except holidays and Saturday 14–24, within 24 h. The tender gives no
 *   share for this row: it is read as every written contact (100%); 0.5% of the service's value per point
 *   below. A ticket still open counts as missed once past its 24 counted hours, and is left out
 *   (pending) before that;
 * - second level, resolved: of the cases passed to the second level, those resolved — at least 90%; 1%
 *   per point below. "Cases outside the centre's competence" are left out of the base: those passed on
 *   to the third level (departments outside the centre);
 * - second level, time: for the cases resolved at the second level, from the start of the request (the
 *   call, the e-mail) to the closure, on the same business clock — within 4 h in 80% of cases; 1% per
 *   point below.
 * Waiting on the citizen or a third party does not count (the tender measures the supplier's time).
 */

export const TENDER_HELPDESK = {
  writtenBudgetMinutes: 24 * 60,
  writtenThreshold: 1,
  writtenPenaltyPerPoint: 0.005,
  secondResolvedThreshold: 0.9,
  secondResolvedPenaltyPerPoint: 0.01,
  secondBudgetMinutes: 4 * 60,
  secondTimeThreshold: 0.8,
  secondTimePenaltyPerPoint: 0.01,
} as const;

/** One ticket of the month, as the help desk measured it. */
export interface HelpdeskCase {
  id: string;
  queue: string;
  written: boolean;
  /** The highest level it reached. */
  highestLevel: number;
  resolved: boolean;
  /** Counted minutes from the request to its resolution, or to now while open (pauses excluded). */
  countedMinutes: number;
}

export interface HelpdeskLevel {
  id: 'risposta-contatti-scritti' | 'risolte-secondo-livello' | 'tempo-soluzione-secondo-livello';
  description: string;
  /** The cases measured (the base), and those that met the level. */
  measured: number;
  met: number;
  /** Left out: still open within their time, or outside the centre's competence. */
  excluded: number;
  share: number | null;
  threshold: number;
  /** Whole percentage points below the threshold. */
  points: number;
  penaltyShare: number;
  /** Per queue: measured and met. */
  byQueue: { queue: string; measured: number; met: number }[];
}

const wholePoints = (share: number | null, threshold: number) =>
  share === null ? 0 : Math.floor(Math.max(0, (threshold - share) * 100) + 1e-9);

function level(
  id: HelpdeskLevel['id'],
  description: string,
  cases: readonly { c: HelpdeskCase; ok: boolean }[],
  excluded: number,
  threshold: number,
  perPoint: number,
): HelpdeskLevel {
  const met = cases.filter((x) => x.ok).length;
  const share = cases.length === 0 ? null : met / cases.length;
  const points = wholePoints(share, threshold);
  const queues = new Map<string, { queue: string; measured: number; met: number }>();
  for (const { c, ok } of cases) {
    const q = queues.get(c.queue) ?? { queue: c.queue, measured: 0, met: 0 };
    q.measured++;
    if (ok) q.met++;
    queues.set(c.queue, q);
  }
  return {
    id,
    description,
    measured: cases.length,
    met,
    excluded,
    share,
    threshold,
    points,
    penaltyShare: Math.round(points * perPoint * 1e6) / 1e6,
    byQueue: [...queues.values()].sort((a, b) => a.queue.localeCompare(b.queue)),
  };
}

export function helpdeskLevels(cases: readonly HelpdeskCase[], t = TENDER_HELPDESK): HelpdeskLevel[] {
  const written = cases.filter((c) => c.written);
  const pending = written.filter((c) => !c.resolved && c.countedMinutes <= t.writtenBudgetMinutes);
  const writtenMeasured = written
    .filter((c) => !pending.includes(c))
    .map((c) => ({ c, ok: c.resolved && c.countedMinutes <= t.writtenBudgetMinutes }));
  const second = cases.filter((c) => c.highestLevel >= 2);
  const outside = second.filter((c) => c.highestLevel >= 3);
  const inScope = second.filter((c) => c.highestLevel === 2);
  const resolvedSecond = inScope.filter((c) => c.resolved);
  return [
    level(
      'risposta-contatti-scritti',
      'Risposta ai contatti scritti (mail, PEC, fax, SMS, lettere) entro 24 h lavorative; 0,5% del valore del servizio per ogni punto percentuale in meno',
      writtenMeasured,
      pending.length,
      t.writtenThreshold,
      t.writtenPenaltyPerPoint,
    ),
    level(
      'risolte-secondo-livello',
      'Casi risolti dopo il ricorso al secondo livello almeno 90% (esclusi quelli fuori competenza); 1% per ogni punto percentuale in meno',
      inScope.map((c) => ({ c, ok: c.resolved })),
      outside.length,
      t.secondResolvedThreshold,
      t.secondResolvedPenaltyPerPoint,
    ),
    level(
      'tempo-soluzione-secondo-livello',
      'Soluzione al secondo livello entro 4 h dall’inizio della richiesta nell’80% dei casi risolti; 1% per ogni punto percentuale in meno',
      resolvedSecond.map((c) => ({ c, ok: c.countedMinutes <= t.secondBudgetMinutes })),
      0,
      t.secondTimeThreshold,
      t.secondTimePenaltyPerPoint,
    ),
  ];
}
