import { performance } from 'node:perf_hooks';
import { PooledGateway, SmppGateway } from '../src/modules/messaging/index.ts';
import { OutboxSender, parseReminderLead, planReminders } from '../src/modules/outreach/index.ts';
import { systemClock } from '../src/platform/clock.ts';
import { createLogger } from '../src/platform/logger.ts';
import { bookReminderBatch } from '../test/reminder-batch.ts';
import { TestSmsc } from '../test/smsc.ts';
import { benchDatabase, round } from './bench-db.ts';
import type { BenchResult } from './run.ts';

/**
 * OB-1 at a region's scale (issue 11 §8): a morning's reminders planned into the outbox, then sent over
 * SMPP to a test SMSC throttled like a real one (100 submits a second per bind, a window of 10, two
 * binds). The baseline is the SMSC's own limit in the same run: the claim is that the sender keeps it
 * busy — at least 90 % of the throttled rate sustained over the batch — with no message twice.
 */
const MESSAGES = Number(process.env.BENCH_OUTREACH_MESSAGES ?? 10_000);
const RATE = 100;
const BINDS = 2;
const WINDOW = 10;
const ALL_DAY = { fromMinute: 0, toMinute: 24 * 60, sundays: true, holidays: true };

export default async function run(): Promise<BenchResult> {
  const db = await benchDatabase(40);
  const smsc = await new TestSmsc({ ratePerBind: RATE }).start();
  try {
    const t0 = performance.now();
    await bookReminderBatch(db.db, MESSAGES);
    const bookSeconds = (performance.now() - t0) / 1000;
    process.stderr.write(`bench: ${MESSAGES} appointments booked in ${round(bookSeconds, 1)} s\n`);

    const t1 = performance.now();
    const planned = await planReminders(
      db.db,
      systemClock,
      {
        lead: parseReminderLead('5'),
        reminderVoice: 'off',
        recall: null,
        noticeWorkingDays: 2,
        uncertainMinutes: 360,
        senders: BINDS * WINDOW,
        publicUrl: 'https://cup.regione.example',
        linkSecret: 'bench-secret-bench-secret-bench-secret',
      },
      ALL_DAY,
    );
    const planSeconds = (performance.now() - t1) / 1000;

    const binds = Array.from(
      { length: BINDS },
      () =>
        new SmppGateway({
          url: smsc.url,
          systemId: 'bench',
          password: 'secret',
          sender: 'CUPRegione',
          window: WINDOW,
        }),
    );
    const sms = new PooledGateway(binds);
    const sender = new OutboxSender({
      db: db.db,
      clock: systemClock,
      gateways: { sms, email: sms, window: ALL_DAY },
      log: createLogger('silent'),
      senders: BINDS * WINDOW,
      idleMs: 20,
    });
    sender.listen();
    const t2 = performance.now();
    sender.start();
    const parts = () => smsc.received.length;
    let expectedParts = 0;
    for (;;) {
      await new Promise((r) => setTimeout(r, 250));
      const left = await db.db
        .selectFrom('outreach_message')
        .where('status', 'in', ['pending', 'submitting'])
        .select(db.db.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      if (Number(left.n) === 0) {
        const segs = await db.db
          .selectFrom('outreach_message')
          .select(db.db.fn.sum<string>('segments').as('n'))
          .executeTakeFirstOrThrow();
        expectedParts = Number(segs.n);
        if (parts() >= expectedParts) break;
      }
    }
    const sendSeconds = (performance.now() - t2) / 1000;
    await sender.stop();
    await sms.close();

    const times = smsc.received.map((m) => m.at).sort((a, b) => a - b);
    const span = (times.at(-1)! - times[0]!) / 1000;
    const sustained = (parts() - 1) / span;
    const limit = RATE * BINDS;
    const perCode = new Map<string, number>();
    for (const m of smsc.received.filter((r) => r.part === null || r.part[2] === 1)) {
      const code = /PRN-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(m.text)?.[0] ?? 'none';
      perCode.set(code, (perCode.get(code) ?? 0) + 1);
    }
    return {
      name: 'outreach',
      metrics: {
        messages: MESSAGES,
        planned: planned.planned,
        planSeconds: round(planSeconds, 2),
        plannedPerSecond: Math.round(planned.planned / planSeconds),
        submits: parts(),
        partsPerMessage: round(parts() / MESSAGES, 2),
        sendSeconds: round(sendSeconds, 1),
        smscLimitPerSecond: limit,
        sustainedSubmitsPerSecond: round(sustained, 1),
        ratioToSmscLimit: round(sustained / limit, 3),
        duplicates: [...perCode.values()].filter((n) => n > 1).length,
        missing: MESSAGES - perCode.size,
      },
      notes:
        `${MESSAGES} reminders booked 3 days ahead (one patient, one mobile each), planned into the outbox, then sent ` +
        `through ${BINDS} SMPP binds (window ${WINDOW}) to a test SMSC that takes ${RATE} submits a second per bind; ` +
        'sustained = submits over the span from the first to the last; goal ratioToSmscLimit >= 0.9 with 0 duplicates',
    };
  } finally {
    await smsc.stop();
    await db.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(await run(), null, 2));
