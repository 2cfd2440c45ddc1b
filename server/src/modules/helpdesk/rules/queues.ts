import type { TicketState } from './lifecycle.ts';

/** A queue of competence (HD-1, HD-6): who answers what, from which level, on which clock. */
export interface HelpdeskQueue {
  id: string;
  name: string;
  /** The level a new ticket of this queue starts at. */
  level: 0 | 1 | 2 | 3;
  /** Counted hours a written request has (the tender: 24). */
  writtenHours: number;
  /** Counted hours once the ticket reached the second level or beyond (the tender: 4). */
  secondLevelHours: number;
  /** The states that stop the clock (the tender's reading: waiting on the citizen or a third party). */
  pausing: readonly TicketState[];
  /** Who works it (usernames); absent: everyone whose role works its level. */
  staff?: readonly string[];
}

const TENDER = {
  writtenHours: 24,
  secondLevelHours: 4,
  pausing: ['pending-citizen', 'pending-third-party'] as const,
};

/** The regional contact centre's queues (seed 003: the services it answers for besides bookings). */
export const BUILTIN_QUEUES: readonly HelpdeskQueue[] = [
  { id: 'cup', name: 'CUP e prenotazioni', level: 1, ...TENDER },
  { id: 'tributi', name: 'Tributi regionali', level: 1, ...TENDER },
  { id: 'formazione', name: 'Formazione', level: 1, ...TENDER },
  { id: 'pec', name: 'Caselle PEC', level: 1, ...TENDER },
  { id: 'servizi-online', name: 'Servizi online', level: 1, ...TENDER },
  { id: 'fse', name: 'Fascicolo sanitario elettronico', level: 1, ...TENDER },
];

// The queues in force: the built-in ones, or HELPDESK_QUEUES read once at start-up (configureQueues).
let queues: readonly HelpdeskQueue[] = BUILTIN_QUEUES;

export const allQueues = (): readonly HelpdeskQueue[] => queues;
export const queueById = (id: string) => queues.find((q) => q.id === id);

/**
 * HELPDESK_QUEUES, a JSON list: `[{"id":"tributi","name":"Tributi regionali","level":1,
 * "writtenHours":24,"secondLevelHours":4,"pausing":["pending-citizen"],"staff":["anna.rossi"]}]` (hours
 * and pausing optional, the tender's by default; staff optional, everyone by default). Refused by entry
 * and field; returns the queues.
 */
export function parseQueues(json: string): HelpdeskQueue[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new Error('not JSON');
  }
  if (!Array.isArray(raw) || raw.length === 0) throw new Error('a non-empty list of queues');
  const seen = new Set<string>();
  return raw.map((e: Record<string, unknown>, i) => {
    const at = (field: string, what: string) => new Error(`queue ${i + 1}, ${field}: ${what}`);
    if (typeof e !== 'object' || e === null) throw at('(entry)', 'an object');
    const id = e.id;
    if (typeof id !== 'string' || !/^[a-z0-9-]{1,40}$/.test(id))
      throw at('id', 'lowercase letters, digits, -');
    if (seen.has(id)) throw at('id', `${id} twice`);
    seen.add(id);
    if (typeof e.name !== 'string' || !e.name.trim()) throw at('name', 'a name');
    if (![0, 1, 2, 3].includes(e.level as number)) throw at('level', '0, 1, 2 or 3');
    const hours = (field: 'writtenHours' | 'secondLevelHours') => {
      const v = e[field] ?? TENDER[field];
      if (typeof v !== 'number' || !(v > 0 && v <= 720))
        throw at(field, 'hours, more than 0 and at most 720');
      return v;
    };
    const pausing = e.pausing ?? TENDER.pausing;
    if (!Array.isArray(pausing) || pausing.some((s) => !(TENDER.pausing as readonly unknown[]).includes(s)))
      throw at('pausing', 'a list of pending-citizen, pending-third-party');
    const staff = e.staff;
    if (
      staff !== undefined &&
      (!Array.isArray(staff) ||
        staff.length === 0 ||
        staff.some((u) => typeof u !== 'string' || !/^[A-Za-z0-9._@-]{1,100}$/.test(u)))
    )
      throw at('staff', 'a non-empty list of usernames');
    return {
      ...(staff ? { staff: staff as string[] } : {}),
      id,
      name: e.name.trim(),
      level: e.level as HelpdeskQueue['level'],
      writtenHours: hours('writtenHours'),
      secondLevelHours: hours('secondLevelHours'),
      pausing: pausing as TicketState[],
    };
  });
}

/** Puts HELPDESK_QUEUES in force (at start-up); without it, the built-in queues. */
export function configureQueues(json: string | undefined): void {
  queues = json?.trim() ? parseQueues(json) : BUILTIN_QUEUES;
}

/** A queue's clock rules; a ticket of a queue no longer configured keeps the tender's. */
export const clockRules = (
  queueId: string,
): Pick<HelpdeskQueue, 'writtenHours' | 'secondLevelHours' | 'pausing'> => queueById(queueId) ?? TENDER;
