import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
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
 *    bookings/s at least half of a bare single-row-update loop with 32 clients on the same server).
 *
 * BENCH_SCALE=demo seeds the one-tenth demo region instead (seconds instead of minutes) for profiling
 * loops; the figures in docs/performance.md come from the default region scale.
 */
const AVAILABILITY_QUERIES = Number(process.env.BENCH_QUERIES ?? 3000);
const SCALE: 'demo' | 'region' = process.env.BENCH_SCALE === 'demo' ? 'demo' : 'region';
const CLIENTS = 32;
const HOT_SLOTS = 1000;
// The baseline runs long enough to be a measurement (1,000 updates took a tenth of a second).
const BASELINE_UPDATES = 20_000;

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
    await app.close();
    return [
      {
        name: `booking.seed-${SCALE}`,
        metrics: { seconds: round(seedSeconds, 1), futureSlots: seeded.futureSlots, agendas: seeded.agendas },
      },
      availability,
      booking,
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

async function benchBooking(
  db: Awaited<ReturnType<typeof benchDatabase>>,
  base: string,
  auth: Record<string, string>,
): Promise<BenchResult> {
  // The hot slots: the first 1,000 free unreserved slots of the most offered service.
  const top = await sql<{ service_code: string }>`
    select service_code from agenda_service group by service_code order by count(*) desc limit 1`.execute(
    db.db,
  );
  const service = top.rows[0]!.service_code;
  const hot = await sql<{ id: number }>`
    select s.id from slot s join agenda_service asv on asv.agenda_id = s.agenda_id and asv.service_code = ${service}
    where s.start_at > now() + interval '1 day' and s.taken = 0 and s.capacity = 1 and s.reserved_priority is null
    order by s.start_at limit ${HOT_SLOTS}`.execute(db.db);
  const slotIds = hot.rows.map((r) => Number(r.id));
  const patient = await db.db.selectFrom('patient').select('id').limit(1).executeTakeFirstOrThrow();
  const nres = Array.from({ length: Math.round(HOT_SLOTS * 1.5) }, (_, i) =>
    buildNre('170', 'ZB', 9_000_000 + i),
  );
  await insertPrescriptions(
    db.db,
    nres.map((nre) => ({
      id: randomUUID(),
      nre,
      patientId: patient.id,
      priority: 'P' as const,
      access: 'first' as const,
      exemptionCode: null,
      issuedOn: new Date().toISOString().slice(0, 10),
      items: [{ index: 1, serviceCode: service, quantity: 1 }],
    })),
    new Date(),
  );

  // Both loops start with their 32 connections open, so neither pays connection set-up in its timing.
  await Promise.all(Array.from({ length: CLIENTS }, () => sql`select pg_sleep(0.05)`.execute(db.db)));

  const taken = new Set<number>();
  const queue = [...nres];
  let booked = 0;
  let conflicts = 0;
  let errors = 0;
  const latencies: number[] = [];
  const started = performance.now();
  // Clients race for the soonest free slots, as operators do when they all see the same first
  // availability: each picks at random among the first 64 slots it believes free. A 409 is work the
  // client has to redo with another slot; it is counted, and the time it took is in the figure.
  let free = [...slotIds];
  const pickSlot = () => {
    free = free.filter((id) => !taken.has(id));
    return free[Math.floor(Math.random() * Math.min(64, free.length))];
  };
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (taken.size < slotIds.length) {
        const nre = queue.pop();
        if (!nre) return;
        for (let slotId = pickSlot(); slotId !== undefined; slotId = pickSlot()) {
          const t = performance.now();
          const res = await fetch(`${base}/api/v1/appointments`, {
            method: 'POST',
            headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': `${nre}-${slotId}` },
            body: JSON.stringify({ nre, itemIndex: 1, slotId, channel: 'phone' }),
          });
          await res.arrayBuffer();
          latencies.push(performance.now() - t);
          if (res.status === 201) {
            booked++;
            taken.add(slotId);
            break;
          }
          if (res.status === 409) {
            conflicts++;
            taken.add(slotId);
            continue;
          }
          errors++;
          break;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const over = await sql<{ n: number }>`select count(*)::int as n from slot where taken > capacity`.execute(
    db.db,
  );
  const mismatch = await sql<{ n: number }>`
    select count(*)::int as n from slot s
    where s.id = any(${slotIds}::bigint[])
      and s.taken <> (select count(*) from appointment a where a.slot_id = s.id and a.status = 'booked')`.execute(
    db.db,
  );

  // Baseline: the bare single-row update, 32 clients on 32 open connections, autocommit, same server.
  const pool = new pg.Pool({ connectionString: db.url, max: CLIENTS });
  await pool.query('create table bench_counter (id int primary key, n int not null)');
  await pool.query('insert into bench_counter select g, 0 from generate_series(1, 1000) g');
  const clients = await Promise.all(Array.from({ length: CLIENTS }, () => pool.connect()));
  let done = 0;
  const bStart = performance.now();
  await Promise.all(
    clients.map(async (client, c) => {
      for (let i = c; done < BASELINE_UPDATES; i += CLIENTS) {
        done++;
        await client.query({
          name: 'bump',
          text: 'update bench_counter set n = n + 1 where id = $1',
          values: [(i % 1000) + 1],
        });
      }
    }),
  );
  const bSeconds = (performance.now() - bStart) / 1000;
  for (const client of clients) client.release();
  await pool.end();
  const bookingsPerSecond = booked / seconds;
  const updatesPerSecond = done / bSeconds;
  latencies.sort((a, b) => a - b);
  return {
    name: 'booking.throughput',
    metrics: {
      clients: CLIENTS,
      hotSlots: slotIds.length,
      booked,
      conflicts,
      errors,
      requestsPerSecond: round((booked + conflicts + errors) / seconds, 1),
      requestP50Ms: round(percentile(latencies, 50), 1),
      requestP99Ms: round(percentile(latencies, 99), 1),
      overbookedSlots: over.rows[0]!.n,
      slotsWhoseCountDisagrees: mismatch.rows[0]!.n,
      bookingsPerSecond: round(bookingsPerSecond, 1),
      bareUpdatesPerSecond: round(updatesPerSecond, 1),
      ratioToBareUpdates: round(bookingsPerSecond / updatesPerSecond, 3),
    },
    notes:
      'goal: overbookedSlots = 0 and ratioToBareUpdates >= 0.5; bookings through HTTP (conflicts are 409s the ' +
      `clients redid with another slot), baseline is ${BASELINE_UPDATES} bare updates over pg; both with 32 open connections`,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(await run(), null, 2));
