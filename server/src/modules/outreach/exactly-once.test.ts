import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase, type TestDatabase } from '../../../test/databases.ts';
import { bookReminderBatch } from '../../../test/reminder-batch.ts';
import { TestSmsc } from '../../../test/smsc.ts';
import { type Clock, systemClock } from '../../platform/clock.ts';
import { sweepOutbox } from './outbox.service.ts';
import { planReminders } from './reminders.service.ts';
import { parseReminderLead } from './rules/reminder.ts';

/**
 * OB-1 "exactly once, never missed", proved the hard way: a batch of reminders is sent by a separate
 * process over SMPP to a test SMSC on this machine, and that process is killed with SIGKILL at random
 * moments — between a claim and its submit, between a submit and its store, between the parts of a long
 * SMS — and started again, until the outbox is settled. Then what the SMSC received is counted: every
 * appointment's reminder exactly once.
 */
const MESSAGES = Number(process.env.EXACTLY_ONCE_MESSAGES ?? 2000);
const KILLS = Number(process.env.EXACTLY_ONCE_KILLS ?? 12);
const WORKER = fileURLToPath(new URL('../../../test/outbox-worker.ts', import.meta.url));
const ALL_DAY = { fromMinute: 0, toMinute: 24 * 60, sundays: true, holidays: true };

describe('reminders exactly once, with the sender killed at random (PostgreSQL, SMPP)', () => {
  let t: TestDatabase;
  let smsc: TestSmsc;
  let worker: ChildProcess | null = null;

  beforeAll(async () => {
    t = await createPostgresDatabase(20);
    smsc = await new TestSmsc().start();
  });
  afterAll(async () => {
    worker?.kill('SIGKILL');
    await smsc?.stop();
    await t?.drop();
  });

  function startWorker(): Promise<ChildProcess> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', WORKER], {
        env: { ...process.env, DATABASE_URL: t.url!, SMPP_URL: smsc.url },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      child.stdout!.once('data', () => resolve(child));
      child.once('error', reject);
    });
  }

  const statuses = async () =>
    Object.fromEntries(
      (
        await t.db
          .selectFrom('outreach_message')
          .select(['status', t.db.fn.countAll<string>().as('n')])
          .groupBy('status')
          .execute()
      ).map((r) => [r.status, Number(r.n)]),
    );

  it(`sends each of ${MESSAGES} reminders once: none lost, none doubled`, { timeout: 600_000 }, async () => {
    // Appointments three days ahead, each patient with a number of their own.
    const agenda = { id: (await bookReminderBatch(t.db, MESSAGES)).agendaId };
    const settings = {
      lead: parseReminderLead('5'),
      reminderVoice: 'off' as const,
      recall: null,
      noticeWorkingDays: 2,
      uncertainMinutes: 360,
      senders: 10,
      publicUrl: 'https://cup.example',
      linkSecret: 'exactly-once-secret-exactly-once-secret',
    };
    const planned = await planReminders(t.db, systemClock, settings, ALL_DAY);
    expect(planned.planned).toBe(MESSAGES);

    // Kill the sender at random moments while it works through the batch.
    for (let k = 0; k < KILLS; k++) {
      worker = await startWorker();
      await new Promise((r) => setTimeout(r, 150 + Math.random() * 700));
      worker.kill('SIGKILL');
      await new Promise((r) => worker!.once('exit', r));
    }
    // The last one runs to the end; the sweep (a job in the server) puts back what had no receipt.
    // In the server the sweep waits six hours for a receipt, far longer than any live sender holds a claim
    // or than receipts take. Compressed for a test, a fixed window would make the result depend on the
    // machine's load (a live sender's claim older than the window would be sent twice). So the sweep runs
    // as it would six hours on: once every receipt the SMSC holds has been taken, it puts back the claims
    // still unconfirmed that the killed senders made (before the last one started), and no other.
    const lastStart = new Date();
    worker = await startWorker();
    const claimsOfTheKilled: Clock = { now: () => lastStart };
    for (let round = 0; round < 600; round++) {
      await new Promise((r) => setTimeout(r, 500));
      if (smsc.receiptsOutstanding() === 0) await sweepOutbox(t.db, claimsOfTheKilled, 0);
      const s = await statuses();
      if ((s.delivered ?? 0) === MESSAGES) break;
    }
    worker.kill('SIGKILL');

    if (process.env.EXACTLY_ONCE_DEBUG) {
      const stuck = await t.db
        .selectFrom('outreach_message')
        .where('status', '<>', 'delivered')
        .selectAll()
        .execute();
      for (const r of stuck) {
        const ids = await t.db
          .selectFrom('outreach_gateway_id')
          .where('message_id', '=', r.id)
          .selectAll()
          .execute();
        console.log(
          JSON.stringify({
            r: { ...r, text: undefined },
            ids,
            answered: ids.map((i) => smsc.answered.has(i.gateway_id)),
          }),
        );
      }
    }
    // What the SMSC received: each reminder's first part (or the whole SMS), counted by booking code.
    const codes = await t.db
      .selectFrom('appointment')
      .where('agenda_id', '=', agenda.id)
      .select('code')
      .execute();
    const firstParts = smsc.received.filter((m) => m.part === null || m.part[2] === 1);
    const count = new Map<string, number>();
    for (const m of firstParts) {
      const code = /PRN-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(m.text)?.[0] ?? 'none';
      count.set(code, (count.get(code) ?? 0) + 1);
    }
    const lost = codes.filter((c) => !count.has(c.code)).length;
    const doubled = [...count.values()].filter((n) => n > 1).length;
    expect({ lost, doubled, received: firstParts.length }).toEqual({
      lost: 0,
      doubled: 0,
      received: MESSAGES,
    });
    // And the outbox agrees: every message sent and settled by its receipt.
    expect(await statuses()).toEqual({ delivered: MESSAGES });
  });
});
