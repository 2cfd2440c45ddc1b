import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { bookAppointment, cancelAppointment } from '../src/modules/booking/index.ts';
import { DEFAULT_WINDOW } from '../src/modules/messaging/index.ts';
import { parseFromDays, type ReofferSettings, runReoffer } from '../src/modules/reoffer/index.ts';
import { systemClock } from '../src/platform/clock.ts';
import { context, makeAgenda, makeFacility, makeService } from '../test/factories.ts';
import { insertBatchPatients } from '../test/reminder-batch.ts';
import { benchDatabase, percentile, round } from './bench-db.ts';
import type { BenchResult } from './run.ts';

/**
 * OB-2 at a region's scale (issue 11 §8): one busy service booked across a region — BENCH_REOFFER_BOOKED
 * appointments (20,000 by default: a region's cardiology first visits over six months) in 12 facilities
 * of 4 districts — and then, one at a time, a booking in the next weeks cancelled and its freed place
 * decided: the event read, the place recorded, every booked patient further out ranked (district,
 * distance, longest wait), the first contactable one offered it and their SMS written. Goal: the re-offer
 * of one freed slot decided in < 50 ms. The baseline in the same run is the cancellation that freed it
 * (one booking transaction through the same service layer).
 */
const BOOKED = Number(process.env.BENCH_REOFFER_BOOKED ?? 20_000);
const FREED = Number(process.env.BENCH_REOFFER_FREED ?? 200);
const FACILITIES = 12;
const DISTRICTS = ['Potenza', 'Lagonegro', 'Matera', 'Melfi'];

export default async function run(): Promise<BenchResult> {
  const db = await benchDatabase(20);
  try {
    const t0 = performance.now();
    const service = await makeService(db.db, { kind: 'visit' });
    const agendas: string[] = [];
    for (let f = 0; f < FACILITIES; f++) {
      const place = await makeFacility(db.db, `Distretto ${DISTRICTS[f % DISTRICTS.length]}`);
      // Spread over the region: the distance ordering has real work to do.
      await db.db
        .updateTable('facility')
        .set({ latitude: 40.0 + (f % 4) * 0.3, longitude: 15.6 + Math.floor(f / 4) * 0.4 })
        .where('id', '=', place.facilityId)
        .execute();
      const agenda = await makeAgenda(db.db, systemClock, {
        place,
        services: [service.code],
        rules: [{ startTime: '08:00', endTime: '20:00', slotMinutes: 20, capacity: 1 }],
        horizonDays: 180,
      });
      agendas.push(agenda.id);
    }
    const { patients, prescriptions } = await insertBatchPatients(db.db, BOOKED, {
      givenName: 'Marta',
      nreBatch: 'C0',
      firstNre: 600_000,
      priority: 'P',
      issuedOn: new Date().toISOString().slice(0, 10),
      serviceCode: service.code,
    });
    // Every slot of the six months, shuffled: the bookings fall all over the horizon, in every facility.
    const slots = await db.db
      .selectFrom('slot')
      .where('agenda_id', 'in', agendas)
      .where('start_at', '>', new Date(Date.now() + 86_400_000))
      .select(['id', 'start_at'])
      .execute();
    for (let i = slots.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [slots[i], slots[j]] = [slots[j]!, slots[i]!];
    }
    const ctx = context(systemClock);
    const booked: { id: string; start: Date }[] = [];
    for (let i = 0; i < BOOKED; i += 40) {
      const done = await Promise.all(
        prescriptions.slice(i, i + 40).map((p, k) =>
          bookAppointment(
            db.db,
            ctx,
            {
              nre: p.nre,
              fiscalCode: patients[i + k]!.fiscalCode,
              itemIndex: 1,
              slotId: Number(slots[i + k]!.id),
              channel: 'phone',
            },
            { holdTtlSeconds: 300 },
          ),
        ),
      );
      booked.push(...done.map((d) => ({ id: d.appointment.id, start: d.appointment.start })));
    }
    process.stderr.write(
      `bench: ${BOOKED} appointments of one service booked in ${round((performance.now() - t0) / 1000, 1)} s\n`,
    );

    const settings: ReofferSettings = {
      rules: {
        fromDays: parseFromDays('visit=31,instrumental=61'),
        batch: 1,
        expiryMinutes: 120,
        minNoticeHours: 24,
        refusalForfeitsGuarantee: false,
      },
      // All day, every day: the bench may run at night or on a Sunday.
      window: { ...DEFAULT_WINDOW, fromMinute: 0, toMinute: 24 * 60, sundays: true, holidays: true },
      publicUrl: 'https://cup.regione.example',
      linkSecret: 'bench-secret-bench-secret-bench-secret',
    };
    // Statistics as autovacuum would have them on a live database after a day's bookings.
    await sql`analyze`.execute(db.db);
    await runReoffer(db.db, systemClock, settings); // the cursor past the bookings' events

    // Freed places in the next three weeks (from the third day): those worth offering.
    const soon = booked
      .filter((b) => b.start.getTime() > Date.now() + 3 * 86_400_000)
      .filter((b) => b.start.getTime() < Date.now() + 21 * 86_400_000)
      .slice(0, FREED);
    const cancelMs: number[] = [];
    const decideMs: number[] = [];
    let offered = 0;
    for (const b of soon) {
      const c0 = performance.now();
      await cancelAppointment(db.db, ctx, b.id, { reason: 'disdetta', channel: 'phone' });
      const c1 = performance.now();
      const tick = await runReoffer(db.db, systemClock, settings);
      const c2 = performance.now();
      cancelMs.push(c1 - c0);
      decideMs.push(c2 - c1);
      offered += tick.rounds.offered;
    }
    cancelMs.sort((a, b) => a - b);
    decideMs.sort((a, b) => a - b);
    const candidates = await db.db
      .selectFrom('appointment')
      .where('status', '=', 'booked')
      .where('start_at', '>=', new Date(Date.now() + 31 * 86_400_000))
      .select(db.db.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    return {
      name: 'reoffer',
      metrics: {
        booked: BOOKED,
        bookedFurtherOut: Number(candidates.n),
        freed: soon.length,
        offered,
        decideP50Ms: round(percentile(decideMs, 50), 2),
        decideP99Ms: round(percentile(decideMs, 99), 2),
        cancelP50Ms: round(percentile(cancelMs, 50), 2),
        ratioDecideToCancelP50: round(percentile(decideMs, 50) / percentile(cancelMs, 50), 2),
      },
      notes:
        `${BOOKED} appointments of one visit in ${FACILITIES} facilities of ${DISTRICTS.length} districts over 180 days; ` +
        `${soon.length} of those in the next three weeks cancelled one at a time, each freed place decided by one ` +
        're-offer pass (event read, place recorded, candidates ranked, first offered, SMS written). ' +
        'Goal: decided in < 50 ms (p99). Baseline: the cancellation itself, same run.',
    };
  } finally {
    await db.drop();
  }
}
