import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { monitorEventLoopDelay, PerformanceObserver, performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import { buildApp } from '../src/app.ts';
import { createUser } from '../src/modules/identity/index.ts';
import { buildNre, insertPrescriptions } from '../src/modules/registry/index.ts';
import { systemClock } from '../src/platform/clock.ts';
import { loadConfig } from '../src/platform/config.ts';
import { createLogger } from '../src/platform/logger.ts';
import { seedDemo } from '../src/seed/demo.ts';
import { benchDatabase, percentile, round } from './bench-db.ts';
import type { BenchResult } from './run.ts';

/**
 * BK-3 / BK-6 claims on PostgreSQL with the region-scale seed (≥ 5 million future slots):
 * 1. availability search p50/p99 through HTTP, and its ratio to the raw indexed SQL lookup for the same
 *    answer measured in the same run (goal: p50 within 3×, p99 under 20 ms);
 * 2. booking throughput with 32 concurrent HTTP clients on 1,000 hot slots (goal: no overbooking, and
 *    bookings/s at least half of the same booking's statements run as bare transactions over a plain pg
 *    client with the same 32 clients and slot pattern), and bookings/s per core;
 * 3. open loop: 20 bookings/s on a fixed schedule while 32 clients search (goal: p99 < 50 ms and < 20 ms).
 *
 * BENCH_SCALE=demo seeds the one-tenth demo region instead (seconds instead of minutes) for profiling
 * loops; the figures in docs/performance.md come from the default region scale.
 */
const AVAILABILITY_QUERIES = Number(process.env.BENCH_QUERIES ?? 3000);
const SCALE: 'demo' | 'region' = process.env.BENCH_SCALE === 'demo' ? 'demo' : 'region';
const CLIENTS = 32;
const HOT_SLOTS = 1000;
/** The open loop: about twice the largest region's estimated peak (docs/performance.md). */
const OPEN_LOOP_RATE = 20;
const OPEN_LOOP_SECONDS = Number(process.env.BENCH_OPEN_SECONDS ?? 20);
/**
 * The searchers' think time between searches (exponential mean, ms). 0 makes them search back to back:
 * a closed loop that saturates the machine, where a search's time is queueing (Little's law).
 */
const SEARCH_THINK_MS = Number(process.env.BENCH_SEARCH_THINK_MS ?? 1000);

// The same statement the repository runs for a search without filters (see searchFreeSlots).
const RAW_AVAILABILITY = `
  select s.id as slot_id, s.start_at
  from agenda_service asv
  join agenda a on a.id = asv.agenda_id and a.active
  join facility f on f.id = a.facility_id
  join unit u on u.id = a.unit_id
  cross join lateral (
    select s.id, s.start_at from slot s
    where s.agenda_id = a.id and s.start_at >= $2 and s.taken < s.capacity and s.open
      and (s.reserved_priority is null or s.reserved_priority = $3::char)
    order by s.start_at limit $4) s
  where asv.service_code = $1
  order by s.start_at, s.id
  limit $4`;

export default async function run(): Promise<BenchResult[]> {
  const db = await benchDatabase(40);
  try {
    const t0 = performance.now();
    const seeded = await seedDemo(db.db, systemClock, {
      scale: SCALE,
      horizonDays: 365,
      demoUsers: false,
      bookings: 0,
      prescriptions: 2000,
    });
    const seedSeconds = (performance.now() - t0) / 1000;
    await sql`analyze`.execute(db.db);
    process.stderr.write(
      `bench: ${SCALE} seeded in ${round(seedSeconds, 1)} s, ${seeded.futureSlots} future slots\n`,
    );

    const config = loadConfig({ JOBS: 'off', LOG_LEVEL: 'silent', DATABASE_URL: db.url });
    const app = await buildApp({
      db: db.db,
      dbKind: 'postgres',
      clock: systemClock,
      config,
      log: createLogger('silent'),
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    await createUser(db.db, systemClock, {
      username: 'bench',
      displayName: 'bench',
      password: 'bench-pass',
      roles: ['operator'],
    });
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'bench', password: 'bench-pass' }),
    });
    const { token } = (await login.json()) as { token: string };
    const auth = { authorization: `Bearer ${token}` };

    const availability = await benchAvailability(db.url, base, auth, db.db);
    const booking = await benchBooking(db, base, auth);
    const openLoop = await benchOpenLoop(db, base, auth);
    await app.close();
    return [
      {
        name: `booking.seed-${SCALE}`,
        metrics: { seconds: round(seedSeconds, 1), futureSlots: seeded.futureSlots, agendas: seeded.agendas },
      },
      availability,
      booking,
      openLoop,
    ];
  } finally {
    await db.drop();
  }
}

async function benchAvailability(
  url: string,
  base: string,
  auth: Record<string, string>,
  db: Awaited<ReturnType<typeof benchDatabase>>['db'],
): Promise<BenchResult> {
  const services = (await db.selectFrom('agenda_service').select('service_code').distinct().execute()).map(
    (r) => r.service_code,
  );
  const priorities = ['U', 'B', 'D', 'P'] as const;
  const raw = new pg.Client({ connectionString: url });
  await raw.connect();
  const http: number[] = [];
  const direct: number[] = [];
  let mismatches = 0;
  const total = AVAILABILITY_QUERIES + 200; // the first 200 warm caches and JIT, and are not counted
  for (let i = 0; i < total; i++) {
    const service = services[i % services.length]!;
    const priority = priorities[i % priorities.length]!;
    const from = new Date();
    let t = performance.now();
    const res = await fetch(
      `${base}/api/v1/availability?service=${encodeURIComponent(service)}&priority=${priority}&limit=10`,
      {
        headers: auth,
      },
    );
    const body = (await res.json()) as { items: { slotId: number }[] };
    const httpMs = performance.now() - t;
    t = performance.now();
    const rows = await raw.query({
      name: 'availability',
      text: RAW_AVAILABILITY,
      values: [service, from, priority, 10],
    });
    const rawMs = performance.now() - t;
    if (i < 200) continue;
    http.push(httpMs);
    direct.push(rawMs);
    if (rows.rows.length !== body.items.length) mismatches++;
  }
  await raw.end();
  http.sort((a, b) => a - b);
  direct.sort((a, b) => a - b);
  const p50 = percentile(http, 50);
  const rawP50 = percentile(direct, 50);
  return {
    name: 'booking.availability',
    metrics: {
      queries: http.length,
      httpP50Ms: round(p50),
      httpP99Ms: round(percentile(http, 99)),
      rawSqlP50Ms: round(rawP50),
      rawSqlP99Ms: round(percentile(direct, 99)),
      ratioP50: round(p50 / rawP50, 2),
      resultCountMismatches: mismatches,
    },
    notes:
      'goal: ratioP50 <= 3, httpP99Ms < 20; HTTP over loopback with keep-alive, bearer auth, soonest 10 slots',
  };
}

/** The `rank`-th most offered service (0: the most), and a patient to book for. */
async function serviceAndPatient(db: Awaited<ReturnType<typeof benchDatabase>>, rank: number) {
  const top = await sql<{ service_code: string }>`
    select service_code from agenda_service group by service_code order by count(*) desc, service_code
    limit 1 offset ${rank}`.execute(db.db);
  const patient = await db.db
    .selectFrom('patient')
    .select(['id', 'fiscal_code'])
    .limit(1)
    .executeTakeFirstOrThrow();
  return { service: top.rows[0]!.service_code, patient };
}

/** One statement as the booking sent it through node-postgres. */
interface Captured {
  text: string;
  values: unknown[];
}

interface Prescribed {
  nre: string;
  id: string;
}

/** The HTTP phases and the baseline draw fresh slots and prescriptions, so none pays for another's. */
async function freshPrescriptions(
  db: Awaited<ReturnType<typeof benchDatabase>>,
  patientId: string,
  service: string,
  count: number,
  from: number,
): Promise<Prescribed[]> {
  const list = Array.from({ length: count }, (_, i) => ({
    nre: buildNre('170', 'ZB', from + i),
    id: randomUUID(),
  }));
  await insertPrescriptions(
    db.db,
    list.map(({ nre, id }) => ({
      id,
      nre,
      patientId,
      priority: 'P' as const,
      access: 'first' as const,
      exemptionCode: null,
      issuedOn: new Date().toISOString().slice(0, 10),
      items: [{ index: 1, serviceCode: service, quantity: 1 }],
    })),
    new Date(),
  );
  return list;
}

/** `count` free unreserved single-place slots of the service from tomorrow, skipping `skip` of them. */
async function hotSlots(
  db: Awaited<ReturnType<typeof benchDatabase>>,
  service: string,
  count: number,
  skip: number,
): Promise<number[]> {
  const hot = await sql<{ id: number }>`
    select s.id from slot s join agenda_service asv on asv.agenda_id = s.agenda_id and asv.service_code = ${service}
    where s.start_at > now() + interval '1 day' and s.taken = 0 and s.capacity = 1 and s.reserved_priority is null
    order by s.start_at, s.id offset ${skip} limit ${count}`.execute(db.db);
  return hot.rows.map((r) => Number(r.id));
}

/**
 * 32 closed-loop clients race for the soonest free slots, as operators do when they all see the same first
 * availability: each picks at random among the first 64 slots it believes free. A refusal (409) is work
 * the client redoes with another slot; it is counted, and its time is in the figures.
 */
async function raceForSlots(
  slotIds: number[],
  prescriptions: Prescribed[],
  book: (p: Prescribed, slotId: number) => Promise<'booked' | 'taken' | 'error'>,
) {
  const taken = new Set<number>();
  const queue = [...prescriptions];
  let booked = 0;
  let conflicts = 0;
  let errors = 0;
  const latencies: number[] = [];
  let free = [...slotIds];
  const pickSlot = () => {
    free = free.filter((id) => !taken.has(id));
    return free[Math.floor(Math.random() * Math.min(64, free.length))];
  };
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (taken.size < slotIds.length) {
        const p = queue.pop();
        if (!p) return;
        for (let slotId = pickSlot(); slotId !== undefined; slotId = pickSlot()) {
          const t = performance.now();
          const outcome = await book(p, slotId);
          latencies.push(performance.now() - t);
          taken.add(slotId);
          if (outcome === 'booked') {
            booked++;
            break;
          }
          if (outcome === 'taken') {
            conflicts++;
            continue;
          }
          errors++;
          break;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { booked, conflicts, errors, seconds, latencies };
}

/** After a phase: no slot beyond its places, and every slot's count equals its live bookings and holds. */
async function slotIntegrity(db: Awaited<ReturnType<typeof benchDatabase>>, slotIds: number[]) {
  const over = await sql<{
    n: number;
  }>`select count(*)::int as n from slot where taken > capacity + overbooking`.execute(db.db);
  const mismatch = await sql<{ n: number }>`
    select count(*)::int as n from slot s
    where s.id = any(${slotIds}::bigint[])
      and s.taken <> (select count(*) from appointment a where a.slot_id = s.id and a.status = 'booked')
                   + (select count(*) from hold h where h.slot_id = s.id and h.expires_at > now())`.execute(
    db.db,
  );
  return { overbooked: over.rows[0]!.n, disagreeing: mismatch.rows[0]!.n };
}

/**
 * The statements one booking sends, recorded from a real booking through HTTP (node-postgres's
 * Client.query, patched for that one request): the baseline replays exactly these.
 */
async function captureBooking(send: () => Promise<Response>): Promise<Captured[]> {
  const captured: Captured[] = [];
  const original = pg.Client.prototype.query;
  // biome-ignore lint/suspicious/noExplicitAny: a recording wrapper around node-postgres's overloads
  (pg.Client.prototype as any).query = function (this: pg.Client, ...args: any[]) {
    const q = args[0];
    captured.push(
      typeof q === 'string' ? { text: q, values: args[1] ?? [] } : { text: q.text, values: q.values ?? [] },
    );
    // biome-ignore lint/suspicious/noExplicitAny: see above
    return (original as any).apply(this, args);
  };
  try {
    const res = await send();
    if (res.status !== 201) throw new Error(`the captured booking failed: ${res.status} ${await res.text()}`);
  } finally {
    pg.Client.prototype.query = original;
  }
  return captured;
}

async function benchBooking(
  db: Awaited<ReturnType<typeof benchDatabase>>,
  base: string,
  auth: Record<string, string>,
): Promise<BenchResult> {
  const { service, patient } = await serviceAndPatient(db, 0);
  const httpSlots = await hotSlots(db, service, HOT_SLOTS, 0);
  const baseSlots = await hotSlots(db, service, HOT_SLOTS, HOT_SLOTS + 1);
  const [captureSlot] = await hotSlots(db, service, 1, 2 * HOT_SLOTS + 2);
  const httpNres = await freshPrescriptions(db, patient.id, service, Math.round(HOT_SLOTS * 1.5), 9_000_000);
  const baseNres = await freshPrescriptions(db, patient.id, service, Math.round(HOT_SLOTS * 1.5), 9_100_000);
  const [captureNre] = await freshPrescriptions(db, patient.id, service, 1, 9_200_000);

  const bookOverHttp = (p: Prescribed, slotId: number, key = `${p.nre}-${slotId}`) =>
    fetch(`${base}/api/v1/appointments`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify({
        nre: p.nre,
        fiscalCode: patient.fiscal_code,
        itemIndex: 1,
        slotId,
        channel: 'phone',
      }),
    });

  // The statements of one booking, for the baseline (also a warm-up of the HTTP path).
  // The booking's own transaction, from its begin to its commit (not the session check before it).
  const all = await captureBooking(() => bookOverHttp(captureNre!, captureSlot!, 'capture-booking-0'));
  const statements = all.slice(
    all.findIndex((s) => /^\s*begin/i.test(s.text)),
    all.findIndex((s) => /^\s*commit/i.test(s.text)) + 1,
  );
  const captured = await db.db
    .selectFrom('appointment')
    .select(['id', 'code'])
    .where('slot_id', '=', String(captureSlot))
    .executeTakeFirstOrThrow();
  const slotRead = statements.findIndex((s) => /has_expired_holds/.test(s.text));
  const take = statements.findIndex((s) => /with took as/.test(s.text));
  if (slotRead < 0 || take < 0)
    throw new Error('the captured booking has no slot read or take: update the bench');

  // Both phases start with their 32 connections open, so neither pays connection set-up in its timing.
  await Promise.all(Array.from({ length: CLIENTS }, () => sql`select pg_sleep(0.05)`.execute(db.db)));
  const http = await raceForSlots(httpSlots, httpNres, async (p, slotId) => {
    const res = await bookOverHttp(p, slotId);
    await res.arrayBuffer();
    return res.status === 201 ? 'booked' : res.status === 409 ? 'taken' : 'error';
  });
  const httpIntegrity = await slotIntegrity(db, httpSlots);

  // Baseline: the same statements as one bare transaction over a plain pg client: no HTTP, no query
  // builder, no rules in JavaScript. Each booking's own values replace the captured booking's.
  const pool = new pg.Pool({ connectionString: db.url, max: CLIENTS });
  const clients = await Promise.all(Array.from({ length: CLIENTS }, () => pool.connect()));
  const idle = [...clients];
  const baseline = await raceForSlots(baseSlots, baseNres, async (p, slotId) => {
    const client = idle.pop()!;
    const swaps: [string, string][] = [
      [captureNre!.nre, p.nre],
      [captureNre!.id, p.id],
      [captured.id, randomUUID()],
      [captured.code, `PRN-${randomUUID().slice(0, 4)}-${randomUUID().slice(0, 4)}`.toUpperCase()],
      ['capture-booking-0', `${p.nre}-${slotId}`],
      [`"slotId":${captureSlot}`, `"slotId":${slotId}`],
    ];
    const value = (v: unknown) =>
      v === captureSlot || v === String(captureSlot)
        ? slotId
        : typeof v === 'string'
          ? swaps.reduce((s, [from, to]) => s.replaceAll(from, to), v)
          : v;
    try {
      for (const [i, st] of statements.entries()) {
        const r = await client.query(st.text, st.values.map(value));
        // As the service does: a slot full when read is refused before any write; the take decides.
        if (i === slotRead && r.rows[0] && r.rows[0].taken >= r.rows[0].capacity) {
          await client.query('rollback');
          return 'taken';
        }
        if (i === take && r.rows.length === 0) {
          await client.query('rollback');
          return 'taken';
        }
      }
      return 'booked';
    } catch {
      await client.query('rollback').catch(() => undefined);
      return 'error';
    } finally {
      idle.push(client);
    }
  });
  for (const client of clients) client.release();
  await pool.end();
  const baseIntegrity = await slotIntegrity(db, baseSlots);

  const httpRate = http.booked / http.seconds;
  const baseRate = baseline.booked / baseline.seconds;
  const cores = availableParallelism();
  return {
    name: 'booking.throughput',
    metrics: {
      clients: CLIENTS,
      hotSlots: httpSlots.length,
      statementsPerBooking: statements.length,
      booked: http.booked,
      conflicts: http.conflicts,
      errors: http.errors,
      requestsPerSecond: round((http.booked + http.conflicts + http.errors) / http.seconds, 1),
      requestP50Ms: round(percentile(http.latencies, 50), 1),
      requestP99Ms: round(percentile(http.latencies, 99), 1),
      overbookedSlots: httpIntegrity.overbooked + baseIntegrity.overbooked,
      slotsWhoseCountDisagrees: httpIntegrity.disagreeing + baseIntegrity.disagreeing,
      bookingsPerSecond: round(httpRate, 1),
      bookingsPerSecondPerCore: round(httpRate / cores, 1),
      cores,
      baselineBooked: baseline.booked,
      baselineConflicts: baseline.conflicts,
      baselineErrors: baseline.errors,
      baselineBookingsPerSecond: round(baseRate, 1),
      ratioToBareTransaction: round(httpRate / baseRate, 3),
      goalRatioMet: httpRate / baseRate >= 0.5 ? 1 : 0,
    },
    notes:
      'goal: overbookedSlots = 0, slotsWhoseCountDisagrees = 0 (taken = live bookings + live holds) and ' +
      'ratioToBareTransaction >= 0.5; bookings through HTTP against the same statements (recorded from one real ' +
      'booking) as bare transactions over a plain pg client; same 32 clients, same slot pattern, fresh slots each',
  };
}

/**
 * Latency where users feel it: bookings arriving at a fixed rate (open loop, timed from when each was due,
 * so a slow answer cannot hide the ones queued behind it) while 32 clients search availability back to back.
 */
async function benchOpenLoop(
  db: Awaited<ReturnType<typeof benchDatabase>>,
  base: string,
  auth: Record<string, string>,
): Promise<BenchResult> {
  // The second most offered service: the open loop's slots are not the race's.
  const { service, patient } = await serviceAndPatient(db, 1);
  const total = OPEN_LOOP_RATE * OPEN_LOOP_SECONDS;
  const slots = await hotSlots(db, service, total, 0);
  const nres = await freshPrescriptions(db, patient.id, service, total, 9_300_000);
  const services = (await db.db.selectFrom('agenda_service').select('service_code').distinct().execute()).map(
    (r) => r.service_code,
  );
  // Not timed: the seed's dirty pages written out, and each service searched once (its pages in memory),
  // as on a server that has been running.
  await sql`checkpoint`.execute(db.db);
  for (const code of services) {
    await (
      await fetch(`${base}/api/v1/availability?service=${encodeURIComponent(code)}&limit=10`, {
        headers: auth,
      })
    ).arrayBuffer();
  }
  // Where the tail comes from: the server's event loop stalls (garbage collection, long synchronous work).
  const loop = monitorEventLoopDelay({ resolution: 5 });
  let gcMs = 0;
  let gcMaxMs = 0;
  const gc = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gcMs += e.duration;
      gcMaxMs = Math.max(gcMaxMs, e.duration);
    }
  });
  gc.observe({ entryTypes: ['gc'] });
  loop.enable();
  const bookings: number[] = [];
  const searches: number[] = [];
  let failed = 0;
  let stop = false;
  // The window opens a second after the searchers start, each at a random phase of its think time.
  const t0 = performance.now() + 1000;
  const think = () =>
    new Promise((r) =>
      setTimeout(r, SEARCH_THINK_MS > 0 ? -Math.log(1 - Math.random()) * SEARCH_THINK_MS : 0),
    );
  const searchers = Array.from({ length: CLIENTS }, async (_, c) => {
    await think();
    for (let i = c; !stop; i += CLIENTS) {
      const t = performance.now();
      const res = await fetch(
        `${base}/api/v1/availability?service=${encodeURIComponent(services[i % services.length]!)}&limit=10`,
        { headers: auth },
      );
      await res.arrayBuffer();
      if (!stop && t >= t0) searches.push(performance.now() - t);
      if (process.env.BENCH_DEBUG && performance.now() - t > 50)
        process.stderr.write(
          `slow search ${Math.round(performance.now() - t)} ms at ${Math.round(t - t0)} ms: ${services[i % services.length]}\n`,
        );
      // An operator reads the answer and talks before searching again (exponential, mean SEARCH_THINK_MS).
      if (SEARCH_THINK_MS > 0) await think();
    }
  });
  const sends = Array.from({ length: Math.min(total, slots.length) }, async (_, i) => {
    const due = t0 + (i * 1000) / OPEN_LOOP_RATE;
    await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
    const res = await fetch(`${base}/api/v1/appointments`, {
      method: 'POST',
      headers: {
        ...auth,
        'content-type': 'application/json',
        'idempotency-key': `open-loop-${String(i).padStart(5, '0')}`,
      },
      body: JSON.stringify({
        nre: nres[i]!.nre,
        fiscalCode: patient.fiscal_code,
        itemIndex: 1,
        slotId: slots[i],
        channel: 'phone',
      }),
    });
    bookings.push(performance.now() - due);
    if (process.env.BENCH_DEBUG && performance.now() - due > 50)
      process.stderr.write(
        `slow booking ${Math.round(performance.now() - due)} ms at ${Math.round(due - t0)} ms\n`,
      );
    if (res.status !== 201) {
      failed++;
      if (failed === 1)
        process.stderr.write(`bench: open-loop booking refused: ${res.status} ${await res.text()}\n`);
    } else await res.arrayBuffer();
  });
  await Promise.all(sends);
  stop = true;
  await Promise.all(searchers);
  loop.disable();
  gc.disconnect();
  bookings.sort((a, b) => a - b);
  searches.sort((a, b) => a - b);
  const bookingP99 = percentile(bookings, 99);
  const searchP99 = percentile(searches, 99);
  return {
    name: 'booking.open-loop',
    metrics: {
      bookingsPerSecondOffered: OPEN_LOOP_RATE,
      seconds: OPEN_LOOP_SECONDS,
      bookings: bookings.length,
      bookingFailures: failed,
      bookingP50Ms: round(percentile(bookings, 50), 1),
      bookingP99Ms: round(bookingP99, 1),
      searchers: CLIENTS,
      searchThinkMs: SEARCH_THINK_MS,
      searches: searches.length,
      searchP50Ms: round(percentile(searches, 50), 1),
      searchP99Ms: round(searchP99, 1),
      eventLoopDelayP99Ms: round(loop.percentile(99) / 1e6, 1),
      eventLoopDelayMaxMs: round(loop.max / 1e6, 1),
      gcMs: round(gcMs, 0),
      gcMaxPauseMs: round(gcMaxMs, 1),
      goalBookingP99Met: bookingP99 < 50 ? 1 : 0,
      goalSearchP99Met: searchP99 < 20 ? 1 : 0,
    },
    notes:
      `goal: bookingP99Ms < 50 and searchP99Ms < 20; ${OPEN_LOOP_RATE} bookings/s on a fixed schedule (latency from ` +
      `the scheduled time) while 32 clients search availability over HTTP, each waiting ${SEARCH_THINK_MS} ms on average between searches`,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(await run(), null, 2));
