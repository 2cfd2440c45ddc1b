import { invalidField } from '../../../platform/errors.ts';

/**
 * MR-5: the contract's service levels and penalties (penali) as data, so that a region can change them.
 * The tender's values (seed 003, §6.1 "Livelli di servizio attività inbound") are TENDER_PENALTIES; only
 * the indicators the simulator measures are here. The tender's other penalties (written contacts in 24 h,
 * second level, outbound, IVR availability, reporting delays, turnover) need data a simulation does not make.
 */

export const PENALTY_INDICATORS = [
  /** Calls answered by an operator within targetSeconds, over calls that wanted one. */
  'answered-within-target',
  /** Calls ended before an answer (hung up in IVR or queue, or busy), over all calls in opening hours. */
  'lost-calls',
  /** Contacts resolved without escalation, over contacts with a recorded outcome. */
  'first-contact-resolution',
  /** First-contact resolutions closed within targetSeconds of the call's start, over those resolutions. */
  'first-contact-handling-time',
] as const;
export type PenaltyIndicator = (typeof PENALTY_INDICATORS)[number];

export interface PenaltyRule {
  id: string;
  description: string;
  indicator: PenaltyIndicator;
  /** 'at-least': a penalty per point below the threshold; 'at-most': per point above it. */
  comparison: 'at-least' | 'at-most';
  /** A share, e.g. 0.9 for "90% of cases". */
  threshold: number;
  /** For the time indicators. */
  targetSeconds?: number;
  /** Line services the rule applies to ('cup', 'regionale'); absent: every line. */
  services?: string[];
  /** Share of the period's service value per percentage point (0.005 = 0.5%). */
  penaltyPerPoint: number;
}

export interface PenaltyTable {
  source: string;
  /** The observation period the shares refer to. */
  period: 'month';
  /** A fraction of a point: 'whole' points only (per ogni punto), 'started' counts it, 'exact' pro rata. */
  points: 'whole' | 'started' | 'exact';
  /** Where the wait for an answer starts: the call's start (tender) or its entry into an operator queue. */
  waitMeasuredFrom: 'arrival' | 'queue';
  /** Tender: "in caso di chiamata perduta va misurato il tempo complessivo della chiamata". */
  lostCallsMeasuredByDuration: boolean;
  /** Cap on the period's total, as a share of its value; null: the tender sets none. */
  maxTotalShare: number | null;
  rules: PenaltyRule[];
}

const PER_POINT = 'per ogni punto percentuale';

export const TENDER_PENALTIES: PenaltyTable = {
  source: 'Capitolato tecnico Basilicata (seed 003), §6.1 Livelli di servizio attività inbound',
  period: 'month',
  points: 'whole',
  waitMeasuredFrom: 'arrival',
  lostCallsMeasuredByDuration: true,
  maxTotalShare: null,
  rules: [
    {
      id: 'tempo-massimo-attesa',
      description: `Tempo massimo di attesa 20" nel 90% dei casi; 0,5% del valore del servizio ${PER_POINT} in meno`,
      indicator: 'answered-within-target',
      comparison: 'at-least',
      threshold: 0.9,
      targetSeconds: 20,
      penaltyPerPoint: 0.005,
    },
    {
      id: 'chiamate-perdute',
      description: `Chiamate entranti perdute al massimo 10%; 0,5% del valore del servizio ${PER_POINT} in più`,
      indicator: 'lost-calls',
      comparison: 'at-most',
      threshold: 0.1,
      penaltyPerPoint: 0.005,
    },
    {
      id: 'evase-primo-contatto',
      description: `Chiamate evase al primo contatto almeno 70%; 0,5% del valore del servizio ${PER_POINT} in meno`,
      indicator: 'first-contact-resolution',
      comparison: 'at-least',
      threshold: 0.7,
      penaltyPerPoint: 0.005,
    },
    {
      id: 'soluzione-primo-contatto-cup',
      description: `Soluzione al primo contatto entro 4' nel 90% dei casi (CUP); 0,5% ${PER_POINT} in meno`,
      indicator: 'first-contact-handling-time',
      comparison: 'at-least',
      threshold: 0.9,
      targetSeconds: 240,
      services: ['cup'],
      penaltyPerPoint: 0.005,
    },
    {
      id: 'soluzione-primo-contatto-csb',
      description: `Soluzione al primo contatto entro 9' nel 90% dei casi (Contact Center); 0,5% ${PER_POINT} in meno`,
      indicator: 'first-contact-handling-time',
      comparison: 'at-least',
      threshold: 0.9,
      targetSeconds: 540,
      services: ['regionale'],
      penaltyPerPoint: 0.005,
    },
  ],
};

const TIMED: ReadonlySet<PenaltyIndicator> = new Set([
  'answered-within-target',
  'first-contact-handling-time',
]);
const isShare = (x: unknown) => typeof x === 'number' && Number.isFinite(x) && x >= 0 && x <= 1;

/** Validates a penalty table from a request or a file; errors name the path (`penalties.rules.0.threshold`). */
export function validatePenaltyTable(t: PenaltyTable, path = 'penalties'): void {
  if (typeof t !== 'object' || t === null) throw invalidField(path, `${path} must be an object`);
  if (t.period !== 'month') throw invalidField(`${path}.period`, `${path}.period must be 'month'`);
  if (!['whole', 'started', 'exact'].includes(t.points)) {
    throw invalidField(`${path}.points`, `${path}.points must be whole, started or exact`);
  }
  if (t.waitMeasuredFrom !== 'arrival' && t.waitMeasuredFrom !== 'queue') {
    throw invalidField(`${path}.waitMeasuredFrom`, `${path}.waitMeasuredFrom must be arrival or queue`);
  }
  if (typeof t.lostCallsMeasuredByDuration !== 'boolean') {
    throw invalidField(
      `${path}.lostCallsMeasuredByDuration`,
      `${path}.lostCallsMeasuredByDuration must be a boolean`,
    );
  }
  if (t.maxTotalShare !== null && !(isShare(t.maxTotalShare) && t.maxTotalShare > 0)) {
    throw invalidField(`${path}.maxTotalShare`, `${path}.maxTotalShare must be null or in (0, 1]`);
  }
  if (!Array.isArray(t.rules) || t.rules.length === 0)
    throw invalidField(`${path}.rules`, `${path}.rules: at least one rule`);
  const ids = new Set<string>();
  for (const [i, r] of t.rules.entries()) {
    const p = `${path}.rules.${i}`;
    if (typeof r !== 'object' || r === null) throw invalidField(p, `${p} must be an object`);
    if (typeof r.id !== 'string' || r.id.length === 0 || ids.has(r.id)) {
      throw invalidField(`${p}.id`, `${p}.id must be a non-empty string, unique in the table`);
    }
    ids.add(r.id);
    if (!(PENALTY_INDICATORS as readonly string[]).includes(r.indicator)) {
      throw invalidField(`${p}.indicator`, `${p}.indicator must be one of ${PENALTY_INDICATORS.join(', ')}`);
    }
    if (r.comparison !== 'at-least' && r.comparison !== 'at-most') {
      throw invalidField(`${p}.comparison`, `${p}.comparison must be at-least or at-most`);
    }
    if (!isShare(r.threshold))
      throw invalidField(`${p}.threshold`, `${p}.threshold must be a share in [0, 1]`);
    if (!isShare(r.penaltyPerPoint)) {
      throw invalidField(`${p}.penaltyPerPoint`, `${p}.penaltyPerPoint must be a share in [0, 1]`);
    }
    if (
      TIMED.has(r.indicator) &&
      !(typeof r.targetSeconds === 'number' && r.targetSeconds > 0 && Number.isFinite(r.targetSeconds))
    ) {
      throw invalidField(`${p}.targetSeconds`, `${p}.targetSeconds must be > 0 for ${r.indicator}`);
    }
    if (
      r.services !== undefined &&
      (!Array.isArray(r.services) || r.services.some((s) => typeof s !== 'string'))
    ) {
      throw invalidField(`${p}.services`, `${p}.services must be a list of line services`);
    }
  }
}

/** The rules of a table that apply to a line of this service. */
export function rulesFor(table: PenaltyTable, lineService: string): PenaltyRule[] {
  return table.rules.filter((r) => r.services === undefined || r.services.includes(lineService));
}

/** How an inbound call ended, as the penalty measures need it (see the contact events). */
export interface EndedCall {
  outcome: string;
  durationMs: number;
  /** From the call's start to the operator's answer, when answered. */
  sinceArrivalMs: number | null;
  /** From entering the queue to the answer, when answered. */
  queueWaitMs: number | null;
}

/** A recorded outcome of a conversation; sinceArrivalMs only for inbound calls (not callbacks). */
export interface ContactOutcome {
  resolvedFirstContact: boolean;
  sinceArrivalMs: number | null;
}

/** Calls that wanted an operator: not out of hours, not turned away, not served by the IVR alone. */
const COUNTED = new Set(['answered', 'abandoned', 'busy', 'callback']);

/** Streaming numerators and denominators of each rule's indicator over one simulated period. */
export class PenaltyMeasures {
  private readonly counts: { met: number; of: number }[];

  constructor(
    private readonly table: PenaltyTable,
    readonly rules: PenaltyRule[],
  ) {
    this.counts = rules.map(() => ({ met: 0, of: 0 }));
  }

  callEnded(c: EndedCall): void {
    if (!COUNTED.has(c.outcome)) return;
    const lost = c.outcome === 'abandoned' || c.outcome === 'busy';
    // Indexed loops: these run for every call of a what-if's replications.
    for (let i = 0; i < this.rules.length; i++) {
      const r = this.rules[i]!;
      const n = this.counts[i]!;
      if (r.indicator === 'lost-calls') {
        n.of++;
        if (lost) n.met++;
      } else if (r.indicator === 'answered-within-target') {
        n.of++;
        const limit = (r.targetSeconds ?? 0) * 1000;
        const waited = this.table.waitMeasuredFrom === 'arrival' ? c.sinceArrivalMs : c.queueWaitMs;
        if (waited !== null && waited <= limit) n.met++;
        // A caller who hung up is measured by the whole call; one who met busy was never let in.
        else if (c.outcome === 'abandoned' && this.table.lostCallsMeasuredByDuration && c.durationMs <= limit)
          n.met++;
      }
    }
  }

  outcome(o: ContactOutcome): void {
    for (let i = 0; i < this.rules.length; i++) {
      const r = this.rules[i]!;
      const n = this.counts[i]!;
      if (r.indicator === 'first-contact-resolution') {
        n.of++;
        if (o.resolvedFirstContact) n.met++;
      } else if (
        r.indicator === 'first-contact-handling-time' &&
        o.resolvedFirstContact &&
        o.sinceArrivalMs !== null
      ) {
        n.of++;
        if (o.sinceArrivalMs <= (r.targetSeconds ?? 0) * 1000) n.met++;
      }
    }
  }

  /** Each rule's measured share, null when nothing was measured. */
  values(): (number | null)[] {
    return this.counts.map((n) => (n.of > 0 ? n.met / n.of : null));
  }
}

export interface RulePenalty {
  id: string;
  measured: number | null;
  /** Percentage points on the wrong side of the threshold, counted as the table says. */
  points: number;
  /** Share of the period's service value. */
  share: number;
}

/** Penalties of one period from the measured indicators (same order as the rules). */
export function assessPenalties(
  table: PenaltyTable,
  rules: PenaltyRule[],
  measured: (number | null)[],
): { rules: RulePenalty[]; share: number } {
  const out = rules.map((r, i): RulePenalty => {
    const value = measured[i] ?? null;
    if (value === null) return { id: r.id, measured: null, points: 0, share: 0 };
    const gap = Math.max(0, (r.comparison === 'at-least' ? r.threshold - value : value - r.threshold) * 100);
    // Shares are ratios of counts: a gap of 2.0000000001 points is 2 points.
    const points =
      table.points === 'exact'
        ? gap
        : table.points === 'whole'
          ? Math.floor(gap + 1e-9)
          : Math.ceil(gap - 1e-9);
    return { id: r.id, measured: value, points, share: points * r.penaltyPerPoint };
  });
  const total = out.reduce((s, r) => s + r.share, 0);
  return { rules: out, share: table.maxTotalShare === null ? total : Math.min(total, table.maxTotalShare) };
}
