import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db.ts';
import { isDatabaseError, type Logger } from '../../platform/logger.ts';
import {
  DEFAULT_WINDOW,
  type DeliveryReceipt,
  GatewayError,
  type MessageGateway,
  type MessageGateways,
  nextSendingTime,
  type SendingWindow,
} from '../messaging/index.ts';
import * as outbox from './outbox.repository.ts';

export interface OutboxSenderOptions {
  db: Db;
  clock: Clock;
  gateways: MessageGateways;
  log: Logger;
  /** Submits in flight at once (OUTREACH_SENDERS). */
  senders: number;
  /** How long a loop waits when nothing is due, or the gateway is down. */
  idleMs?: number;
  /** How often App IO is asked for the state of its messages (it pushes no receipts). */
  appIoPollMs?: number;
}

/** An App IO message is asked for its state once it has been in IO's hands this long. */
const APP_IO_SETTLE_MS = 60_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * Sends the outbox exactly once (OB-1). Each of `senders` loops claims one due message in its own short
 * transaction ('submitting', committed), submits it, and stores the gateway's id ('submitted'). A crash
 * anywhere leaves at worst a 'submitting' row: its delivery receipt settles it (reconcile by recipient,
 * see applyReceipt), and only the lack of one for REMINDER_UNCERTAIN_MINUTES sends it again
 * (requeueUncertain, a job). A refused submit is final; an unreachable gateway puts the row back.
 */
export class OutboxSender {
  private running = false;
  private loops: Promise<void>[] = [];

  constructor(private readonly o: OutboxSenderOptions) {}

  /** Receipts settle messages; call once, before start, for each gateway. */
  listen(): void {
    const gateways = new Set(
      [this.o.gateways.sms, this.o.gateways.email, this.o.gateways.io].filter(
        (g): g is MessageGateway => !!g,
      ),
    );
    for (const g of gateways) {
      g.onReceipt((r) => this.receipt(r));
      void g.open?.();
    }
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loops = Array.from({ length: this.o.senders }, () => this.loop());
    if (this.o.gateways.io?.status) this.loops.push(this.pollLoop());
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
    this.loops = [];
  }

  private async loop(): Promise<void> {
    const idle = this.o.idleMs ?? 1000;
    while (this.running) {
      try {
        const outcome = await this.sendOne();
        if (outcome === 'idle' || outcome === 'unavailable') await sleep(idle);
      } catch (err) {
        this.o.log.error({ err }, 'outbox sender');
        await sleep(idle);
      }
    }
  }

  private async pollLoop(): Promise<void> {
    while (this.running) {
      try {
        await this.pollAppIo();
      } catch (err) {
        this.o.log.error({ err }, 'App IO states');
      }
      // Short naps, so stop() does not wait a whole interval.
      for (let waited = 0; this.running && waited < (this.o.appIoPollMs ?? 60_000); waited += 1000)
        await sleep(1000);
    }
  }

  /**
   * Asks App IO the state of each message it took at least a minute ago and has not settled, up to
   * `limit`; a final state settles the message and its held SMS or e-mail. Returns how many it settled.
   */
  async pollAppIo(limit = 200): Promise<number> {
    const io = this.o.gateways.io;
    if (!io?.status) return 0;
    const now = this.o.clock.now();
    const open = await outbox.openAppIoMessages(this.o.db, new Date(now.getTime() - APP_IO_SETTLE_MS), limit);
    let settled = 0;
    for (const m of open) {
      const r = await io.status(m.gatewayId, m.recipient);
      if (!r) continue;
      await this.receipt(r);
      settled++;
    }
    return settled;
  }

  /** The held fallbacks of App IO messages that are final: sent, or dropped (see settleFallbacks). */
  private async settleFallbacks(): Promise<void> {
    const now = this.o.clock.now();
    await outbox.settleFallbacks(this.o.db, now, nextSendingTime(now, this.o.gateways.window));
  }

  /** One claim, submit and store. */
  async sendOne(): Promise<'idle' | 'sent' | 'suppressed' | 'failed' | 'unavailable' | 'uncertain' | 'busy'> {
    const { db, clock } = this.o;
    let claimed: Awaited<ReturnType<typeof outbox.claimNext>>;
    try {
      claimed = await outbox.claimNext(db, clock.now());
    } catch (err) {
      // Two loops picked messages for the same recipient at once: the index let one through.
      if (isDatabaseError(err) && err.code === '23505') return 'busy';
      throw err;
    }
    if (!claimed) return 'idle';
    const { message: m, current } = claimed;
    if (!current) {
      await outbox.markFinal(db, m.id, clock.now(), 'suppressed', 'the appointment changed before sending');
      return 'suppressed';
    }
    const gateway = m.channel === 'io' ? this.o.gateways.io : this.o.gateways[m.channel];
    if (!gateway) {
      // APP_IO was turned off with IO messages still queued: their SMS or e-mail go instead.
      await outbox.markFinal(db, m.id, clock.now(), 'failed', 'App IO is off (APP_IO)');
      await this.settleFallbacks();
      return 'failed';
    }
    let result: Awaited<ReturnType<typeof gateway.submit>>;
    try {
      result = await gateway.submit({
        id: m.id,
        channel: m.channel,
        to: m.recipient,
        text: m.text,
        kind: m.kind,
        ...(m.subject ? { subject: m.subject } : {}),
        ...(m.html ? { html: m.html } : {}),
        ...(m.ics
          ? { attachments: [{ filename: 'appuntamento.ics', contentType: 'text/calendar', content: m.ics }] }
          : {}),
      });
    } catch (err) {
      const kind = err instanceof GatewayError ? err.kind : 'uncertain';
      const why = (err as Error).message;
      if (kind === 'refused') {
        await outbox.markFinal(db, m.id, clock.now(), 'failed', why);
        if (m.channel === 'io') await this.settleFallbacks();
        return 'failed';
      }
      if (kind === 'unavailable') {
        await outbox.release(db, m.id, clock.now(), why);
        return 'unavailable';
      }
      // Maybe taken: left 'submitting' for its receipt, or for requeueUncertain.
      this.o.log.warn({ message: m.id }, 'submit outcome unknown: waiting for its receipt');
      return 'uncertain';
    }
    try {
      await outbox.markSubmitted(db, m.id, clock.now(), result);
    } catch (err) {
      // Sent, but not stored: the row stays 'submitting' and its receipt settles it by recipient.
      this.o.log.error({ err, message: m.id }, 'submitted, but its gateway id could not be stored');
      return 'uncertain';
    }
    return 'sent';
  }

  private async receipt(r: DeliveryReceipt): Promise<void> {
    const settled = await outbox.applyReceipt(this.o.db, {
      gatewayId: r.gatewayId,
      recipient: r.recipient,
      delivered: r.status === 'delivered',
      submittedAt: r.submittedAt,
      at: r.at,
      error: r.error,
    });
    if (settled?.reconciled)
      this.o.log.info({ message: settled.id }, 'interrupted submit settled by its receipt');
    // Only an IO message holds a fallback: an SMS or e-mail receipt costs no further statement.
    if (settled?.channel === 'io') await this.settleFallbacks();
  }
}

/**
 * The sweep (a job): pending reminders of changed appointments suppressed, 'submitting' rows that have
 * waited `uncertainMinutes` for a receipt put back in the queue, and the fallbacks of App IO messages
 * settled where the sender stopped between an IO outcome and its fallback.
 */
export async function sweepOutbox(
  db: Db,
  clock: Clock,
  uncertainMinutes: number,
  window: SendingWindow = DEFAULT_WINDOW,
) {
  const now = clock.now();
  const suppressed = await outbox.suppressStale(db, now);
  const requeued = await outbox.requeueUncertain(
    db,
    new Date(now.getTime() - uncertainMinutes * 60_000),
    now,
  );
  const fallbacks = await outbox.settleFallbacks(db, now, nextSendingTime(now, window));
  return { suppressed, requeued, fallbacks: fallbacks.released };
}
