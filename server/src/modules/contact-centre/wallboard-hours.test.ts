import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRIVERS, type TestDatabase } from '../../../test/databases.ts';
import {
  backfillHourCounts,
  insertContactEvents,
  type NewContactEvent,
  windowCounts,
} from './contact-centre.repository.ts';

// Issue 12 §7: the wallboard's windows sum whole hours from contact_hour, kept by the writer in the events'
// own transaction; they must equal a count over the events, at any window edge, with repeated batches.
const HOUR = 3_600_000;

function events(seed: number): NewContactEvent[] {
  let x = seed;
  const rnd = () => {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    return x / 2 ** 31;
  };
  const start = Date.parse('2026-10-01T00:00:00Z');
  const out: NewContactEvent[] = [];
  for (let i = 0; i < 3000; i++) {
    const at = start + Math.floor(rnd() * 40 * 24 * HOUR);
    const r = rnd();
    const type =
      r < 0.5 ? 'call.arrived' : r < 0.6 ? 'call.busy' : r < 0.65 ? 'call.turned-away' : 'call.answered';
    const transferred = type === 'call.answered' && rnd() < 0.2;
    out.push({
      at: new Date(at),
      type,
      source: rnd() < 0.9 ? 'live' : 'other',
      callId: `c${i}`,
      line: '848821821',
      queueId: null,
      agentId: null,
      payload: { type, at, callId: `c${i}`, waitMs: Math.floor(rnd() * 90_000), transferred },
      eventKey: `k${i}`,
    });
  }
  return out.sort((a, b) => a.at.getTime() - b.at.getTime());
}

describe.each(DRIVERS)('the wallboard’s windows from hourly counts, on $name', ({ create }) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await create();
    const all = events(42);
    // The first third stored before the hourly counts existed (straight into the table, as an older
    // version did), counted afterwards by the job's backfill in small windows.
    const before = all.slice(0, 1000);
    await t.db
      .insertInto('contact_event')
      .values(
        before.map((e) => ({
          at: e.at,
          type: e.type,
          source: e.source,
          call_id: e.callId,
          line: e.line,
          queue_id: e.queueId,
          agent_id: e.agentId,
          payload: JSON.stringify(e.payload),
          event_key: e.eventKey ?? null,
        })),
      )
      .execute();
    await sql`update contact_hour_backfill set up_to_id = (select max(id) from contact_event)`.execute(t.db);
    // The rest in batches by the writer, one of them written twice (a retry): the second adds nothing.
    const after = all.slice(1000);
    for (let i = 0; i < after.length; i += 700) await insertContactEvents(t.db, after.slice(i, i + 700));
    await insertContactEvents(t.db, after.slice(700, 1400));
    let windows = 0;
    while (await backfillHourCounts(t.db, 97n)) windows++;
    expect(windows).toBeGreaterThan(5);
    expect(await backfillHourCounts(t.db, 97n)).toBe(false);
  }, 60_000);
  afterAll(async () => {
    await t?.drop();
  });

  it.each([
    ['whole hours', '2026-11-05T12:00:00Z'],
    ['mid-hour', '2026-11-05T12:37:21.5Z'],
    ['just past the hour', '2026-11-09T00:00:00.001Z'],
  ])('equal a count over the events (%s)', async (_name, end) => {
    const to = new Date(end);
    const windows = {
      hour: new Date(to.getTime() - HOUR),
      week: new Date(to.getTime() - 7 * 24 * HOUR),
      month: new Date(to.getTime() - 30 * 24 * HOUR),
      short: new Date(to.getTime() - 10 * 60_000),
    };
    const got = await windowCounts(t.db, 'live', to, windows);
    for (const [k, from] of Object.entries(windows)) {
      const r = await sql<{ arrived: string; refused: string; answered: string; wait: number | null }>`
        select count(*) filter (where type = 'call.arrived') as arrived,
          count(*) filter (where type in ('call.busy', 'call.turned-away')) as refused,
          count(*) filter (where type = 'call.answered') as answered,
          avg((payload ->> 'waitMs')::float8) filter (where type = 'call.answered') as wait
        from contact_event
        where source = 'live' and at >= ${from} and at <= ${to}
          and (type <> 'call.answered' or payload ->> 'transferred' = 'false')`.execute(t.db);
      const e = r.rows[0]!;
      const w = got[k as keyof typeof windows];
      expect(w.arrived, k).toBe(Number(e.arrived));
      expect(w.refused, k).toBe(Number(e.refused));
      expect(w.answered, k).toBe(Number(e.answered));
      if (e.wait === null) expect(w.averageWaitSeconds).toBeNull();
      else expect(w.averageWaitSeconds, k).toBeCloseTo(Number(e.wait) / 1000, 6);
    }
    expect(got.month.arrived).toBeGreaterThan(500);
  });
});
