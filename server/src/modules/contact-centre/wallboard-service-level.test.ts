import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRIVERS, type TestDatabase } from '../../../test/databases.ts';
import {
  arrivedByHour,
  insertContactEvents,
  type NewContactEvent,
  serviceLevelCounts,
  serviceLevelCountsByQueue,
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
  queueId = 'cup',
): NewContactEvent {
  const at = NOW - atAgo * S;
  const payload = { type, at, callId, transferred: false, ...extra };
  return {
    at: new Date(at),
    type,
    source: 'simulazione',
    callId,
    line: '848821821',
    queueId,
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
      // Two hours earlier, two queues: in "cup" one call answered in 5 s and one abandoned after 40 s;
      // in "esenzioni" one answered after 25 s, one answered in 3 s and one abandoned in the IVR (not offered).
      ev('p', 'call.queued', 7200),
      ev('p', 'call.answered', 7195, { waitMs: 5 * S }),
      ev('q', 'call.queued', 7190),
      ev('q', 'call.abandoned', 7150, { waitMs: 40 * S, stage: 'queue' }),
      ev('r', 'call.queued', 7200, {}, 'esenzioni'),
      ev('r', 'call.answered', 7175, { waitMs: 25 * S }, 'esenzioni'),
      ev('s', 'call.queued', 7100, {}, 'esenzioni'),
      ev('s', 'call.answered', 7097, { waitMs: 3 * S }, 'esenzioni'),
      ev('t', 'call.abandoned', 7090, { waitMs: 2 * S, stage: 'ivr' }, 'esenzioni'),
      // Arrivals at the lines (before the IVR), Rome time: 08:59:55, 09:01:45 and 10:59:59.
      ev('p', 'call.arrived', 7205),
      ev('t', 'call.arrived', 7095),
      ev('u', 'call.arrived', 1),
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

  it('gives each queue its own service level, and the centre the sum of its queues (issue 14 §13)', async () => {
    const from = new Date(NOW - 7300 * S);
    const to = new Date(NOW - 7000 * S);
    const byQueue = await serviceLevelCountsByQueue(t.db, 'simulazione', from, to, 20);
    expect(Object.fromEntries(byQueue)).toEqual({
      cup: {
        offered: 2,
        answered: 1,
        answeredWithinTarget: 1,
        abandonedWithinTarget: 0,
        abandonedAfterTarget: 1,
        waitingUnderTarget: 0,
      },
      esenzioni: {
        offered: 2,
        answered: 2,
        answeredWithinTarget: 1,
        abandonedWithinTarget: 0,
        abandonedAfterTarget: 0,
        waitingUnderTarget: 0,
      },
    });
    expect(serviceLevel(byQueue.get('cup')!)).toBe(1 / 2);
    expect(serviceLevel(byQueue.get('esenzioni')!)).toBe(1 / 2);
    const centre = await serviceLevelCounts(t.db, 'simulazione', from, to, 20);
    expect(centre).toEqual({
      offered: 4,
      answered: 3,
      answeredWithinTarget: 2,
      abandonedWithinTarget: 0,
      abandonedAfterTarget: 1,
      waitingUnderTarget: 0,
    });
  });

  it("counts today's arrivals at the lines per Rome hour, for the forecast against the actual", async () => {
    const arrived = await arrivedByHour(
      t.db,
      'simulazione',
      new Date(NOW - 10 * 3600 * S),
      new Date(NOW),
      'Europe/Rome',
    );
    expect(Object.fromEntries(arrived)).toEqual({ 8: 1, 9: 1, 10: 1 });
  });
});
