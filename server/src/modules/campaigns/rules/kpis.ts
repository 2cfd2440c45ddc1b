/** OB-5: a batch is 100 contacts, in the campaign's order. */
export const BATCH_SIZE = 100;
/** OB-5: at least half of the contacts worked end positively. */
export const POSITIVE_GOAL = 0.5;
/** OB-5: each batch is finished within a day of its first attempt. */
export const BATCH_HOURS = 24;

/** What the indicators need of a contact. */
export interface ContactOutcome {
  position: number;
  status: 'pending' | 'in-progress' | 'done';
  disposition: string | null;
  positive: boolean | null;
  firstAttemptAt: Date | null;
  doneAt: Date | null;
}

export interface BatchKpi {
  /** 1 for contacts 1–100, 2 for 101–200, … */
  batch: number;
  contacts: number;
  done: number;
  positive: number;
  /** Positive over done; null while none is done. */
  positiveShare: number | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** Hours from the first attempt to the last outcome (or to now, while open); null before it starts. */
  hours: number | null;
  /** ok: finished within 24 h; late: finished after, or still open past 24 h; open: under way within 24 h. */
  timing: 'not-started' | 'open' | 'ok' | 'late';
}

export interface CampaignKpi {
  contacts: number;
  pending: number;
  inProgress: number;
  done: number;
  positive: number;
  positiveShare: number | null;
  /** The share is at least the goal (null while none is done). */
  positiveGoalMet: boolean | null;
  byDisposition: Record<string, number>;
  batches: BatchKpi[];
  /** Batches finished within 24 h, of those finished or past their 24 h. */
  batchesOnTime: number;
  batchesLate: number;
}

const share = (num: number, den: number) => (den === 0 ? null : num / den);

/** The indicators of a campaign at `now`, from its contacts (one definition for the API and the page). */
export function campaignKpi(contacts: readonly ContactOutcome[], now: Date): CampaignKpi {
  const byDisposition: Record<string, number> = {};
  const batches = new Map<number, ContactOutcome[]>();
  let done = 0;
  let positive = 0;
  let pending = 0;
  let inProgress = 0;
  for (const c of contacts) {
    if (c.status === 'done') {
      done++;
      if (c.positive) positive++;
      if (c.disposition) byDisposition[c.disposition] = (byDisposition[c.disposition] ?? 0) + 1;
    } else if (c.status === 'pending') pending++;
    else inProgress++;
    const b = Math.floor((c.position - 1) / BATCH_SIZE) + 1;
    const list = batches.get(b);
    if (list) list.push(c);
    else batches.set(b, [c]);
  }
  const out = [...batches.entries()].sort(([a], [b]) => a - b).map(([b, list]) => batchKpi(b, list, now));
  const positiveShare = share(positive, done);
  return {
    contacts: contacts.length,
    pending,
    inProgress,
    done,
    positive,
    positiveShare,
    positiveGoalMet: positiveShare === null ? null : positiveShare >= POSITIVE_GOAL,
    byDisposition,
    batches: out,
    batchesOnTime: out.filter((b) => b.timing === 'ok').length,
    batchesLate: out.filter((b) => b.timing === 'late').length,
  };
}

function batchKpi(batch: number, list: ContactOutcome[], now: Date): BatchKpi {
  const done = list.filter((c) => c.status === 'done');
  const positive = done.filter((c) => c.positive).length;
  const starts = list.flatMap((c) => (c.firstAttemptAt ? [c.firstAttemptAt.getTime()] : []));
  // A contact closed without an attempt (nobody to reach) starts and ends its batch when it is closed.
  for (const c of done) if (!c.firstAttemptAt && c.doneAt) starts.push(c.doneAt.getTime());
  const startedAt = starts.length ? new Date(Math.min(...starts)) : null;
  const finished = done.length === list.length;
  const finishedAt = finished ? new Date(Math.max(...done.map((c) => c.doneAt?.getTime() ?? 0))) : null;
  const hours = startedAt ? ((finishedAt ?? now).getTime() - startedAt.getTime()) / 3_600_000 : null;
  let timing: BatchKpi['timing'] = 'not-started';
  if (hours !== null) timing = hours > BATCH_HOURS ? 'late' : finished ? 'ok' : 'open';
  return {
    batch,
    contacts: list.length,
    done: done.length,
    positive,
    positiveShare: share(positive, done.length),
    startedAt,
    finishedAt,
    hours: hours === null ? null : Math.round(hours * 10) / 10,
    timing,
  };
}
