/**
 * Who works a ticket at which level (HD-2, CC-11), pure. The first-level back office works the front
 * end's and its own tickets; the regional offices (role second-level, often outside the centre) work what
 * reached the second level or beyond — and see nothing else. Both may write internal notes on any ticket
 * they see (the levels talk to each other); the front end only reports a call back done.
 */
import type { Level } from './lifecycle.ts';

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
