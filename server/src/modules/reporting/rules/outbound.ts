/**
 * MR-5, the contract's outbound levels (seed 003 §6), on the agents' campaigns: positive outcomes over the
 * calls made — at least 50%, 1% of the outbound value per whole point below; and each batch of 100
 * contacts worked within 24 hours of operating hours (the campaign's allowed hours) — 3% of the outbound
 * value per hour late, hours begun. A batch counts in the period it finished in; one still open counts
 * in the period running now, if already late. Pure: the allowed hours come as a function.
 */

export const TENDER_OUTBOUND = {
  positiveThreshold: 0.5,
  positivePenaltyPerPoint: 0.01,
  batchSize: 100,
  batchOperatingHours: 24,
  latePenaltyPerHour: 0.03,
} as const;

export interface OutboundContact {
  campaignId: string;
  campaign: string;
  position: number;
  status: string;
  positive: boolean | null;
  firstAttemptAt: Date | null;
  doneAt: Date | null;
}

export interface OutboundBatch {
  campaignId: string;
  campaign: string;
  batch: number;
  startedAt: string;
  finishedAt: string | null;
  operatingHours: number;
  lateHours: number;
}

export interface OutboundLevels {
  /** Contacts closed in the period (the calls made). */
  calls: number;
  positive: number;
  positiveShare: number | null;
  met: boolean | null;
  points: number;
  positivePenaltyShare: number;
  batches: OutboundBatch[];
  lateHours: number;
  latePenaltyShare: number;
  /** Both, as shares of the period's outbound value. */
  penaltyShare: number;
}

const STEP_MS = 5 * 60_000;

/** Operating milliseconds in [a, b): the allowed time, in steps of five minutes. */
export function operatingMs(a: number, b: number, allowed: (at: number) => boolean): number {
  let ms = 0;
  for (let t = a; t < b; t += STEP_MS) if (allowed(t)) ms += Math.min(STEP_MS, b - t);
  return ms;
}

export function outboundLevels(
  contacts: OutboundContact[],
  from: number,
  to: number,
  now: number,
  allowedFor: (campaignId: string) => (at: number) => boolean,
): OutboundLevels {
  const t = TENDER_OUTBOUND;
  const closed = contacts.filter(
    (c) => c.status === 'done' && c.doneAt && c.doneAt.getTime() >= from && c.doneAt.getTime() < to,
  );
  const positive = closed.filter((c) => c.positive).length;
  const share = closed.length > 0 ? positive / closed.length : null;
  const points = share === null ? 0 : Math.floor(Math.max(0, (t.positiveThreshold - share) * 100) + 1e-9);
  const groups = new Map<string, OutboundContact[]>();
  for (const c of contacts) {
    const key = `${c.campaignId}:${Math.floor((c.position - 1) / t.batchSize) + 1}`;
    const list = groups.get(key);
    if (list) list.push(c);
    else groups.set(key, [c]);
  }
  const batches: OutboundBatch[] = [];
  for (const [key, list] of groups) {
    const starts = list.flatMap((c) => (c.firstAttemptAt ? [c.firstAttemptAt.getTime()] : []));
    if (starts.length === 0) continue;
    const start = Math.min(...starts);
    const finished = list.every((c) => c.status === 'done');
    const end = finished ? Math.max(...list.map((c) => c.doneAt?.getTime() ?? start)) : now;
    if (end < from || end >= to) continue;
    const hours = operatingMs(start, end, allowedFor(list[0]!.campaignId)) / 3_600_000;
    const late = Math.max(0, Math.ceil(hours - t.batchOperatingHours - 1e-9));
    if (!finished && late === 0) continue;
    batches.push({
      campaignId: list[0]!.campaignId,
      campaign: list[0]!.campaign,
      batch: Number(key.split(':')[1]),
      startedAt: new Date(start).toISOString(),
      finishedAt: finished ? new Date(end).toISOString() : null,
      operatingHours: Math.round(hours * 100) / 100,
      lateHours: late,
    });
  }
  const lateHours = batches.reduce((s, b) => s + b.lateHours, 0);
  const positivePenaltyShare = points * t.positivePenaltyPerPoint;
  const latePenaltyShare = lateHours * t.latePenaltyPerHour;
  return {
    calls: closed.length,
    positive,
    positiveShare: share,
    met: share === null ? null : share >= t.positiveThreshold,
    points,
    positivePenaltyShare,
    batches,
    lateHours,
    latePenaltyShare,
    penaltyShare: positivePenaltyShare + latePenaltyShare,
  };
}
