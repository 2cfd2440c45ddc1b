/**
 * Who works a ticket at which level (HD-2, CC-11), pure. The first-level back office works the front
 * end's and its own tickets; the regional offices (role second-level, often outside the centre) work what
 * reached the second level or beyond — and see nothing else. Both may write internal notes on any ticket
 * they see (the levels talk to each other); the front end only reports a call back done.
 */
import type { Level } from './lifecycle.ts';
import { queueById } from './queues.ts';

export type ActionType = 'move' | 'escalate' | 'note' | 'reply' | 'called-back';

export function whoMayAct(type: ActionType, level: Level): readonly string[] {
  if (type === 'called-back') return ['operator', 'backoffice'];
  if (type === 'note') return ['backoffice', 'second-level'];
  return level >= 2 ? ['second-level'] : ['backoffice'];
}

export const mayAct = (roles: readonly string[], type: ActionType, level: Level) =>
  roles.includes('admin') || whoMayAct(type, level).some((r) => roles.includes(r));

/** The regional offices alone see only the second level and beyond; every other desk role sees all. */
export const lowestLevelSeen = (roles: readonly string[]): Level =>
  roles.includes('second-level') &&
  !['operator', 'backoffice', 'supervisor', 'admin'].some((r) => roles.includes(r))
    ? 2
    : 0;

/** HD-2: a queue with its own staff is worked by them alone (and the administrator); others only read it. */
export const staffsQueue = (
  queue: { staff?: readonly string[] } | undefined,
  username: string,
  roles: readonly string[],
) => roles.includes('admin') || !queue?.staff || queue.staff.includes(username);

/**
 * Why `actor` may not take action `type` on a ticket, or null when it may: the level's role first, then
 * — but for reporting a call back or writing a note, which anyone who sees the ticket may — the queue's
 * own staff. `staffOnly` overrides that exception (linking tickets is a note by role, but staff's work).
 */
export function refusal(
  actor: { username: string; roles: readonly string[] },
  type: ActionType,
  ticket: { level: number; queue: string },
  staffOnly = type !== 'called-back' && type !== 'note',
): string | null {
  const level = ticket.level as Level;
  if (!mayAct(actor.roles, type, level))
    return `${type} on a level ${level} ticket is for ${whoMayAct(type, level).join(' or ')}`;
  if (staffOnly && !staffsQueue(queueById(ticket.queue), actor.username, actor.roles))
    return `the ${ticket.queue} queue is worked by its own staff`;
  return null;
}
