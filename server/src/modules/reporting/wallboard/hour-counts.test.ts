import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase, type TestDatabase } from '../../../../test/databases.ts';
import { insertContactEvents } from '../../contact-centre/index.ts';
import { foldSettledHours } from './hour-counts.service.ts';
import { wallboard } from './wallboard.service.ts';

// Issue 12 §1, §7: the wallboard's hours are folded once their calls have settled (two hours after the
// hour's end), each call in the hour it arrived in; events stored late fold their hours again; a second
// run changes nothing; hours older than 31 days are not kept. Expected counts are the calls described.
const H = 3_600_000;
const T0 = Date.parse('2026-11-10T10:00:00Z');
let key = 0;

function ev(source: string, callId: string, type: string, at: number, extra: Record<string, unknown> = {}) {
  const payload: Record<string, unknown> = {
    type,
    at,
    callId,
    line: '848821821',
    transferred: false,
    ...extra,
  };
  if (type === 'call.queued')
    Object.assign(payload, { queueId: 'cup-prenotazioni', service: 'cup', requestType: 'booking' });
  return {
    at: new Date(at),
    type,
    source,
    callId,
    line: '848821821',
    queueId: type === 'call.queued' ? 'cup-prenotazioni' : null,
    agentId: null,
    payload,
    eventKey: `k${++key}`,
  };
}

/** An inbound call answered after `waitS` seconds in the queue. */
const answered = (source: string, id: string, at: number, waitS: number) => [
  ev(source, id, 'call.arrived', at),
  ev(source, id, 'call.queued', at + 1000),
  ev(source, id, 'call.answered', at + 1000 + waitS * 1000, { waitMs: waitS * 1000 }),
  ev(source, id, 'call.ended', at + 200_000, { talkMs: 100_000 }),
];

async function hourRow(t: TestDatabase, source: string, hour: number, queue = '') {
  const r = await t.db
    .selectFrom('call_hour')
    .select('counters')
    .where('source', '=', source)
    .where('hour', '=', new Date(hour))
    .where('queue_id', '=', queue)
    .executeTakeFirst();
  return r?.counters as Record<string, number> | undefined;
}

describe('the wallboard’s folded hours', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createPostgresDatabase();
    await insertContactEvents(t.db, [
      // Arrives at 10:59:50 and is answered at 11:00:21: it counts in the 10:00 hour.
      ...answered('simulazione', 'x', T0 + H - 10_000, 30),
      ...answered('simulazione', 'y', T0 + 15 * 60_000, 4),
      ...answered('other', 'z', T0 + 20 * 60_000, 8),
      // Forty days before: never folded.
      ...answered('simulazione', 'ancient', T0 - 40 * 24 * H, 2),
    ]);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('folds an hour only once its calls have settled, each call in the hour it arrived in', async () => {
    await foldSettledHours(t.db, new Date(T0 + 3 * H - 1));
    expect(await hourRow(t, 'simulazione', T0)).toBeUndefined();
    await foldSettledHours(t.db, new Date(T0 + 3 * H));
    expect(await hourRow(t, 'simulazione', T0)).toMatchObject({
      arrived: 2,
      offered: 2,
      answered: 2,
      answeredWithinTarget: 1,
      waitMs: 34_000,
    });
    expect(await hourRow(t, 'simulazione', T0, 'cup-prenotazioni')).toMatchObject({
      offered: 2,
      answered: 2,
    });
    expect(await hourRow(t, 'simulazione', T0 + H)).toBeUndefined();
    // Sources apart.
    expect(await hourRow(t, 'other', T0)).toMatchObject({ arrived: 1, answered: 1, waitMs: 8000 });
    // Forty days back is not kept.
    const old = await t.db
      .selectFrom('call_hour')
      .select('hour')
      .where('hour', '<', new Date(T0 - 31 * 24 * H))
      .execute();
    expect(old).toEqual([]);
  });

  it('changes nothing when run again', async () => {
    const before = await t.db
      .selectFrom('call_hour')
      .selectAll()
      .orderBy(['source', 'hour', 'queue_id'])
      .execute();
    expect(await foldSettledHours(t.db, new Date(T0 + 3 * H))).toBe(0);
    const after = await t.db
      .selectFrom('call_hour')
      .selectAll()
      .orderBy(['source', 'hour', 'queue_id'])
      .execute();
    expect(after).toEqual(before);
  });

  it('folds an hour again when an event of it is stored late', async () => {
    // A writer's backlog: a call of 10:40 stored after its hour was folded.
    await insertContactEvents(t.db, answered('simulazione', 'late', T0 + 40 * 60_000, 50));
    await foldSettledHours(t.db, new Date(T0 + 3 * H + 60_000));
    expect(await hourRow(t, 'simulazione', T0)).toMatchObject({
      arrived: 3,
      answered: 3,
      answeredWithinTarget: 1,
    });
    const board = await wallboard(t.db, null, new Date(T0 + 3 * H + 60_000));
    expect(board.windows.week).toMatchObject({ arrived: 3, answered: 3 });
  });
});

describe('the wallboard on the day the clocks go back (Europe/Rome)', () => {
  let t: TestDatabase;
  // 25 October 2026: 03:00 CEST becomes 02:00 CET; the Rome day starts at 22:00 UTC the day before.
  const dayStart = Date.parse('2026-10-24T22:00:00Z');
  beforeAll(async () => {
    t = await createPostgresDatabase();
    await insertContactEvents(t.db, [
      // 23:30 on the 24th (Rome): yesterday.
      ...answered('simulazione', 'before', dayStart - 30 * 60_000, 3),
      // 02:30 CEST and 02:30 CET: two calls in Rome's hour 2, one UTC hour apart.
      ...answered('simulazione', 'cest', Date.parse('2026-10-25T00:30:00Z'), 3),
      ...answered('simulazione', 'cet', Date.parse('2026-10-25T01:30:00Z'), 3),
      // 09:15 CET.
      ...answered('simulazione', 'morning', Date.parse('2026-10-25T08:15:00Z'), 3),
    ]);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('starts today at Rome midnight and puts both 02:30s in hour 2', async () => {
    // At 12:00 CET the night's hours are folded and kept, the morning's folded at the refresh.
    const board = await wallboard(t.db, null, new Date('2026-10-25T11:00:00Z'));
    expect(board.today.offered).toBe(3);
    expect(board.arrivalsToday).toEqual([
      { service: 'cup', hour: 2, calls: 2 },
      { service: 'cup', hour: 9, calls: 1 },
    ]);
    expect(board.windows.week.arrived).toBe(4);
  });
});
