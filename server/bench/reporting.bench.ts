import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { DateTime } from 'luxon';
import { storingSink } from '../src/modules/contact-centre/index.ts';
import { simulateScenario } from '../src/modules/planning/index.ts';
import {
  evaluateSlaMonth,
  foldSettledHours,
  projectCallFacts,
  reportData,
  simulationStatistics,
  wallboard,
} from '../src/modules/reporting/index.ts';
import { ManualClock } from '../src/platform/clock.ts';
import type { Db } from '../src/platform/db.ts';
import { benchDatabase, round } from './bench-db.ts';
import type { BenchResult } from './run.ts';

/**
 * Issue 12 §7, reporting at a region's scale: a year of the tender's CUP traffic (cup-2013 on the 2014
 * curves, Erlang-sized simulated agents) stored in PostgreSQL as the live centre stores it. Measured:
 * - the call facts' projection of the whole history (its first run), per event;
 * - the month's SLA evaluation (on the facts) and the month's report data (on the events), against a single
 *   raw SQL aggregate of the same month's events in the same run (goal: at most 2×, and under 2 s);
 * - the wallboard's refresh with one month of history and with the year: its cost must not grow with it.
 * BENCH_REPORTING_MONTHS (default 12) shortens the year for a quick run; the month measured is the
 * busiest of those loaded (October in a full year).
 */
const MONTHS = Number(process.env.BENCH_REPORTING_MONTHS ?? 12);
const YEAR = 2025;
const ZONE = 'Europe/Rome';
const RUNS = 3;

async function load(db: Db, from: DateTime, days: number, seed: number) {
  const sink = storingSink(db, 'simulazione');
  const report = await simulateScenario({
    statistics: simulationStatistics,
    scenario: 'cup-2013',
    startDate: from.toISODate()!,
    days,
    seed,
    sinks: [sink],
    backpressure: sink.backpressure,
  });
  await sink.done();
  return report;
}

async function median(fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
}

/** The baseline: one pass of SQL over the month's events (and the two days after), counting by type. */
async function rawAggregate(db: Db, from: Date, to: Date) {
  const until = new Date(to.getTime() + 2 * 86_400_000);
  const { rows } = await sql`
    select
      count(*) filter (where type = 'call.arrived' and at < ${to}) as arrived,
      count(*) filter (where type = 'call.answered'
        and coalesce((payload ->> 'transferred')::boolean, false) = false) as answered,
      count(*) filter (where type = 'call.ended' and payload ->> 'outcome' <> 'answered') as lost,
      count(*) filter (where type = 'call.outcome'
        and (payload ->> 'resolvedFirstContact')::boolean) as resolved,
      avg((payload ->> 'waitMs')::bigint) filter (where type = 'call.answered') as wait
    from contact_event where at >= ${from} and at < ${until}`.execute(db);
  return rows[0];
}

export default async function run(): Promise<BenchResult> {
  const db = await benchDatabase(10);
  try {
    const january = DateTime.fromObject({ year: YEAR, month: 1, day: 1 }, { zone: ZONE });
    const t0 = performance.now();
    const first = await load(db.db, january, 31, 1);
    const monthLoadSeconds = (performance.now() - t0) / 1000;
    process.stderr.write(
      `bench: January stored (${first.stats.total.arrived} calls) in ${round(monthLoadSeconds, 1)} s\n`,
    );
    // The wallboard at noon of a late working day, with one month of history.
    const janNoon = january.set({ day: 30, hour: 12 }).toJSDate();
    // Its hours folded as the job keeps them (here the month at once, the job's first run).
    const tf = performance.now();
    const foldedHours = await foldSettledHours(db.db, janNoon);
    const hourFoldMs = performance.now() - tf;
    const wallboardOneMonthMs = await median(() => wallboard(db.db, null, janNoon));

    let rest = { stats: { total: { arrived: 0 } } };
    if (MONTHS > 1) {
      const february = january.plus({ months: 1 });
      const days = Math.round(february.plus({ months: MONTHS - 1 }).diff(february, 'days').days);
      const t1 = performance.now();
      rest = await load(db.db, february, days, 2);
      process.stderr.write(
        `bench: the other ${MONTHS - 1} months stored in ${round((performance.now() - t1) / 1000, 1)} s\n`,
      );
    }
    const { events } = (
      await sql<{ events: string }>`select count(*) as events from contact_event`.execute(db.db)
    ).rows[0]!;
    // The call facts' projection, as its job keeps it: here the whole history at once (its first run after
    // an upgrade), then nothing left for the evaluations below but the events stored since.
    const t2 = performance.now();
    const facts = await projectCallFacts(db.db);
    const projectionMs = performance.now() - t2;
    process.stderr.write(`bench: ${facts} call facts projected in ${round(projectionMs / 1000, 1)} s\n`);
    await sql`analyze contact_event`.execute(db.db);
    await sql`analyze call_fact`.execute(db.db);
    await sql`analyze outcome_fact`.execute(db.db);

    // The month measured: the busiest loaded (the tender's curve peaks in October).
    const month = Math.min(MONTHS, 10);
    const start = january.set({ month });
    const from = start.toJSDate();
    const to = start.plus({ months: 1 }).toJSDate();
    const clock = new ManualClock(january.plus({ years: 1, days: 5 }).toJSDate());
    const period = start.toFormat('yyyy-MM');
    await rawAggregate(db.db, from, to); // warm the cache alike for both
    const rawSqlMonthMs = await median(() => rawAggregate(db.db, from, to));
    let monthCalls = 0;
    const slaMonthMs = await median(async () => {
      const r = await evaluateSlaMonth(db.db, clock, { month: period });
      monthCalls = r.services.reduce((s, x) => s + x.calls, 0);
    });
    const reportMonthMs = await median(() => reportData(db.db, { kind: 'monthly', period, from, to }));

    // The same wallboard with the whole history behind it, at noon of a late working day of November
    // (or the last month loaded), whose traffic is January's within a few per cent.
    const late = january.set({ month: Math.min(11, MONTHS), day: 27, hour: 12 }).toJSDate();
    await foldSettledHours(db.db, late);
    const wallboardHistoryMs = await median(() => wallboard(db.db, null, late));
    return {
      name: 'reporting',
      metrics: {
        months: MONTHS,
        calls: first.stats.total.arrived + rest.stats.total.arrived,
        contactEvents: Number(events),
        // The projection's cost per stored event (paid once, by its job, as events are stored).
        projectionMs: round(projectionMs, 0),
        projectionEventsPerSecond: round(Number(events) / (projectionMs / 1000), 0),
        monthCalls,
        rawSqlMonthMs: round(rawSqlMonthMs, 1),
        slaMonthMs: round(slaMonthMs, 1),
        slaVsRawSql: round(slaMonthMs / rawSqlMonthMs, 2),
        reportMonthMs: round(reportMonthMs, 1),
        reportVsRawSql: round(reportMonthMs / rawSqlMonthMs, 2),
        foldedHours,
        hourFoldMs: round(hourFoldMs, 0),
        wallboardOneMonthMs: round(wallboardOneMonthMs, 1),
        wallboardHistoryMs: round(wallboardHistoryMs, 1),
        wallboardGrowth: round(wallboardHistoryMs / wallboardOneMonthMs, 2),
      },
      notes:
        'Goals (issue 12 §7): slaVsRawSql ≤ 2, slaMonthMs < 2000 (the evaluation reads the call facts), ' +
        'wallboardGrowth ≈ 1 (the folded hours of call_hour, only the last unsettled hours folded at refresh); ' +
        'reportVsRawSql is the nightly job’s batch cost (it reads every event of the month).',
    };
  } finally {
    // BENCH_REPORTING_KEEP=1 leaves the database for a look at the plans (its URL on stderr).
    if (process.env.BENCH_REPORTING_KEEP === '1') {
      process.stderr.write(`bench: database kept: ${db.url}\n`);
      await db.close();
    } else await db.drop();
  }
}
