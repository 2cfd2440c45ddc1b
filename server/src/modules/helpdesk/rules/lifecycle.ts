/**
 * The ticket's rules (HD-1, HD-2, HD-6), pure: its channels, levels, states and the moves between them,
 * which states stop the service-level clock, and the clock's budget.
 */

/** How the request came (HD-1). Written ones are held to the 24-hour level (HD-6, MR-5). */
export const CHANNELS = ['phone', 'email', 'pec', 'fax', 'letter', 'web'] as const;
export type Channel = (typeof CHANNELS)[number];
export const isWritten = (c: Channel) => c !== 'phone';

/** HD-2: front end → first-level back office → second level (regional offices) → third level (outside). */
export const LEVELS = [0, 1, 2, 3] as const;
export type Level = (typeof LEVELS)[number];

export const STATES = [
  'new',
  'open',
  'pending-citizen',
  'pending-third-party',
  'resolved',
  'closed',
] as const;
export type TicketState = (typeof STATES)[number];

/** While waiting on the citizen or a third party the clock stops (the tender counts the supplier's time). */
export const PAUSING: ReadonlySet<TicketState> = new Set(['pending-citizen', 'pending-third-party']);

/** The moves a person may make; a reply from the citizen reopens a resolved or closed ticket by itself. */
const MOVES: Record<TicketState, readonly TicketState[]> = {
  new: ['open', 'pending-citizen', 'pending-third-party', 'resolved'],
  open: ['pending-citizen', 'pending-third-party', 'resolved'],
  'pending-citizen': ['open', 'resolved'],
  'pending-third-party': ['open', 'resolved'],
  resolved: ['open', 'closed'],
  closed: ['open'],
};

export const canMove = (from: TicketState, to: TicketState) => MOVES[from].includes(to);

/** The states a ticket may be moved to from `from`. */
export const movesFrom = (from: TicketState): readonly TicketState[] => MOVES[from];

const HOUR = 3_600_000;

/**
 * The ticket's budget of counted time, from the request to its resolution (HD-6, MR-5), by its queue's
 * rules: once it reached the second level or beyond, the queue's second-level hours (the tender: 4, "dalla
 * presa in carico alla chiusura", 80 % of cases); a written contact, its written hours (the tender: 24); a
 * phone request at the front end or first level has no contractual budget (null).
 */
export function budgetMs(
  channel: Channel,
  level: Level,
  queue: { writtenHours: number; secondLevelHours: number },
): number | null {
  if (level >= 2) return queue.secondLevelHours * HOUR;
  return isWritten(channel) ? queue.writtenHours * HOUR : null;
}

/** HD-2: escalation goes up, one level or more, and says why (the level below must have tried first). */
export function checkEscalation(from: Level, to: Level, reason: string): 'ok' | 'not-higher' | 'no-reason' {
  if (to <= from) return 'not-higher';
  if (reason.trim().length < 5) return 'no-reason';
  return 'ok';
}

/**
 * HD-6: a ticket is near its breach — a warning in the queues — once a quarter of its budget or less is
 * left (6 of 24 hours, 1 of 4), while the clock runs.
 */
export const WARNING_SHARE = 0.25;
export const nearBreach = (budgetMs: number | null, usedMs: number) =>
  budgetMs !== null && usedMs <= budgetMs && budgetMs - usedMs <= WARNING_SHARE * budgetMs;
