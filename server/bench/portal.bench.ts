import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { buildApp } from '../src/app.ts';
import { systemClock } from '../src/platform/clock.ts';
import { loadConfig } from '../src/platform/config.ts';
import { createLogger } from '../src/platform/logger.ts';
import { seedDemo } from '../src/seed/demo.ts';
import { benchDatabase, percentile, round } from './bench-db.ts';
import type { BenchResult } from './run.ts';

/**
 * Issue 13 §5, a booking opening on the citizen portal: CITIZENS simulated citizens arrive at once on
 * PostgreSQL (loopback, one server process, its pool of 20), each identifies with fiscal code + NRE,
 * searches, holds the first place offered (choosing again when it was taken) and books. Reported: p50,
 * p95, p99 of the search and of the booking (hold + confirm) under the burst, against the same steps of
 * one citizen alone measured in the same run; the citizens booked, those told to come back (429), and
 * the overbooked slots (must be 0).
 *
 * The same burst is run a second time, on other citizens, with the search's fence off (no cache, no
 * gate): what the fence buys is the difference.
 *
 * BENCH_CITIZENS (default 400), BENCH_SCALE=region for the full region (default: the demo region).
 */
const CITIZENS = Number(process.env.BENCH_CITIZENS ?? 400);
const ALONE = 20;
const SCALE: 'demo' | 'region' = process.env.BENCH_SCALE === 'region' ? 'region' : 'demo';

interface Citizen {
  nre: string;
  fiscal_code: string;
  item_index: number;
}

interface Timings {
  search: number[];
  book: number[];
  outcomes: Record<string, number>;
  retries: number;
}

async function citizen(base: string, c: Citizen, t: Timings): Promise<void> {
  let cookie = '';
  const call = async (method: string, url: string, body?: unknown) => {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: {
        ...(cookie ? { cookie } : {}),
        ...(method === 'GET' ? {} : { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const set = res.headers.getSetCookie().find((h) => h.startsWith('sportello_portal='));
    if (set) cookie = set.split(';')[0]!;
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };
  const fail = (why: string) => {
    t.outcomes[why] = (t.outcomes[why] ?? 0) + 1;
  };
  const entered = await call('POST', '/api/v1/portal/access/prescription', {
    fiscalCode: c.fiscal_code,
    nre: c.nre,
  });
  if (entered.status !== 200) return fail(`access ${entered.status}`);
  for (let attempt = 0; attempt < 5; attempt++) {
    let t0 = performance.now();
    const found = await call('GET', `/api/v1/portal/availability?itemIndex=${c.item_index}`);
    if (found.status !== 200) return fail(`search ${found.status}`);
    t.search.push(performance.now() - t0);
    const items = found.body.items as { slotId: number }[];
    if (items.length === 0) return fail('nothing free');
    // Most people take the nearest offered; some the second (spread as a crowd would).
    const pick = items[attempt === 0 && Math.random() < 0.3 && items.length > 1 ? 1 : 0]!;
    t0 = performance.now();
    const hold = await call('POST', '/api/v1/portal/holds', { slotId: pick.slotId, itemIndex: c.item_index });
    if (hold.status === 409) {
      t.retries++;
      continue;
    }
    if (hold.status !== 200) return fail(`hold ${hold.status}`);
    const booked = await call('POST', '/api/v1/portal/bookings', {
      holdId: hold.body.id,
      itemIndex: c.item_index,
    });
    if (booked.status !== 200) return fail(`book ${booked.status}`);
    t.book.push(performance.now() - t0);
    t.outcomes.booked = (t.outcomes.booked ?? 0) + 1;
    return;
  }
  fail('gave up after 5 taken places');
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return {
    p50: round(percentile(s, 50), 1),
    p95: round(percentile(s, 95), 1),
    p99: round(percentile(s, 99), 1),
  };
};

export default async function run(): Promise<BenchResult[]> {
  const db = await benchDatabase(20);
  try {
    const t0 = performance.now();
    await seedDemo(db.db, systemClock, {
      scale: SCALE,
      horizonDays: 120,
      demoUsers: false,
      bookings: 0,
      prescriptions: Math.max(3000, CITIZENS * 3),
    });
    await sql`analyze`.execute(db.db);
    process.stderr.write(`bench: ${SCALE} region seeded in ${round((performance.now() - t0) / 1000, 1)} s\n`);
    const config = loadConfig({ JOBS: 'off', LOG_LEVEL: 'silent', DATABASE_URL: db.url });
    const serve = async (fence: boolean) => {
      const app = await buildApp({
        db: db.db,
        dbKind: 'postgres',
        clock: systemClock,
        config,
        log: createLogger('silent'),
        // Every simulated citizen comes from the loopback: the per-address limits would stop the test.
        portal: {
          accessPer10Min: 1_000_000,
          requestsPerMinute: 1_000_000,
          ...(fence ? {} : { search: { cacheMs: 0, running: 1_000_000, waiting: 0 } }),
        },
      });
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.server.address();
      return { app, base: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
    };
    const { app, base } = await serve(true);

    // Prescriptions with an open item bookable on the web, one per patient.
    const people = (
      await sql<Citizen>`
        select distinct on (p.patient_id) p.nre, pt.fiscal_code, pi.item_index
        from prescription p
        join patient pt on pt.id = p.patient_id
        join prescription_item pi on pi.prescription_id = p.id and pi.state = 'open'
        where p.state = 'issued' and p.priority in ('D', 'P')
          and exists (select 1 from agenda_service asv join agenda a on a.id = asv.agenda_id
                      where asv.service_code = pi.service_code and 'web' = any (a.channels))
        order by p.patient_id, pi.item_index`.execute(db.db)
    ).rows.slice(0, 2 * CITIZENS + ALONE);
    if (people.length < 2 * CITIZENS + ALONE)
      throw new Error(`only ${people.length} citizens can book on the web`);

    // Baseline: one citizen at a time.
    const alone: Timings = { search: [], book: [], outcomes: {}, retries: 0 };
    for (const c of people.slice(0, ALONE)) await citizen(base, c, alone);

    // The burst: everyone at once.
    const burst: Timings = { search: [], book: [], outcomes: {}, retries: 0 };
    const b0 = performance.now();
    await Promise.all(people.slice(ALONE, ALONE + CITIZENS).map((c) => citizen(base, c, burst)));
    const seconds = (performance.now() - b0) / 1000;
    await app.close();

    // The same burst, other citizens, without the fence.
    const bare = await serve(false);
    const open: Timings = { search: [], book: [], outcomes: {}, retries: 0 };
    const o0 = performance.now();
    await Promise.all(people.slice(ALONE + CITIZENS).map((c) => citizen(bare.base, c, open)));
    const openSeconds = (performance.now() - o0) / 1000;
    await bare.app.close();
    const unfenced = stats(open.search);

    const over = await sql<{ n: string }>`
      select count(*)::text as n from slot s
      where s.taken > s.capacity + s.overbooking
         or (select count(*) from appointment a where a.slot_id = s.id and a.status = 'booked')
            > s.capacity + s.overbooking`.execute(db.db);
    const search = stats(burst.search);
    const book = stats(burst.book);
    const aloneSearch = stats(alone.search);
    const aloneBook = stats(alone.book);
    return [
      {
        name: `portal.peak-${SCALE}`,
        metrics: {
          citizens: CITIZENS,
          booked: burst.outcomes.booked ?? 0,
          busy429: Object.entries(burst.outcomes)
            .filter(([k]) => k.endsWith(' 429'))
            .reduce((s, [, v]) => s + v, 0),
          placesTakenMeanwhile: burst.retries,
          seconds: round(seconds, 1),
          bookingsPerSecond: round((burst.outcomes.booked ?? 0) / seconds, 1),
          searchP50: search.p50,
          searchP95: search.p95,
          searchP99: search.p99,
          bookP50: book.p50,
          bookP95: book.p95,
          bookP99: book.p99,
          aloneSearchP50: aloneSearch.p50,
          aloneBookP50: aloneBook.p50,
          searchP99VsAlone: round(search.p99 / aloneSearch.p50, 1),
          bookP99VsAlone: round(book.p99 / aloneBook.p50, 1),
          overbookedSlots: Number(over.rows[0]!.n),
          unfencedSeconds: round(openSeconds, 1),
          unfencedBooked: open.outcomes.booked ?? 0,
          unfencedSearchP50: unfenced.p50,
          unfencedSearchP99: unfenced.p99,
          unfencedBookP99: stats(open.book).p99,
        },
        notes: `outcomes: ${JSON.stringify(burst.outcomes)}; unfenced: ${JSON.stringify(open.outcomes)}; alone: ${JSON.stringify(alone.outcomes)}`,
      },
    ];
  } finally {
    await db.drop();
  }
}
