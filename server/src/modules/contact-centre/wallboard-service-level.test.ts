import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRIVERS, type TestDatabase } from '../../../test/databases.ts';
import {
  insertContactEvents,
  type NewContactEvent,
  serviceLevelCounts,
} from './contact-centre.repository.ts';
import { serviceLevel } from './engine/service-level.ts';

// Issue 14 §11: the wallboard's service level counted calls the moment they queued, so it fell to 67%
// when calls waited three seconds. A call counts once answered, abandoned or gone, or once its wait
// passes the 20-second target; one still waiting short of it counts nowhere yet.
const NOW = Date.parse('2026-12-04T10:00:00Z');
const S = 1000;

function ev(
  callId: string,
  type: string,
  atAgo: number,
  extra: Record<string, unknown> = {},
): NewContactEvent {
  const at = NOW - atAgo * S;
  const payload = { type, at, callId, transferred: false, ...extra };
  return {
    at: new Date(at),
    type,
    source: 'simulazione',
    callId,
    line: '848821821',
    queueId: 'cup',
    agentId: null,
    payload,
    eventKey: `${callId}-${type}-${atAgo}`,
  };
}

describe.each(DRIVERS)('the live service level on $name', ({ create }) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await create();
    await insertContactEvents(t.db, [
      // A and B answered within 20 s; C waited 30 s and is still waiting (past the target: not within).
      ev('a', 'call.queued', 60),
      ev('a', 'call.answered', 55, { waitMs: 5 * S }),
      ev('b', 'call.queued', 50),
      ev('b', 'call.answered', 40, { waitMs: 10 * S }),
      ev('c', 'call.queued', 30),
      // D asked for a callback after 4 s: gone from the queue, decided.
      ev('d', 'call.queued', 12),
      ev('d', 'callback.requested', 8),
      // E and F queued 3 and 2 seconds ago, still waiting: not decided yet.
      ev('e', 'call.queued', 3),
      ev('f', 'call.queued', 2),
      // G abandoned after 1 s: decided, abandoned within the target.
      ev('g', 'call.queued', 6),
      ev('g', 'call.abandoned', 5, { waitMs: 1 * S, stage: 'queue' }),
      // A transfer into a queue is not an offered call.
      ev('h', 'call.queued', 1, { transferred: true }),
    ]);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('leaves out the calls still waiting short of the target, and counts those past it', async () => {
    const c = await serviceLevelCounts(t.db, 'simulazione', new Date(NOW - 3600 * S), new Date(NOW), 20);
    expect(c).toMatchObject({
      offered: 7,
      waitingUnderTarget: 2,
      answeredWithinTarget: 2,
      abandonedWithinTarget: 1,
    });
    // Decided: a, b, c (past 20 s), d (callback), g (abandoned) = 5; answered within 20 s: a, b.
    expect(serviceLevel(c)).toBe(2 / 5);
  });

  it('counts a waiting call once its wait passes the target', async () => {
    // 20 s later E and F have waited 23 and 22 s: both decided, neither within the target.
    const later = await serviceLevelCounts(
      t.db,
      'simulazione',
      new Date(NOW - 3600 * S),
      new Date(NOW + 20 * S),
      20,
    );
    expect(later.waitingUnderTarget).toBe(0);
    expect(serviceLevel(later)).toBe(2 / 7);
  });
});
