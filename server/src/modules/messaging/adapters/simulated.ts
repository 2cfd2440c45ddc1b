import { createHash, randomUUID } from 'node:crypto';
import type { Clock } from '../../../platform/clock.ts';
import type { Db } from '../../../platform/db.ts';
import type {
  DeliveryReceipt,
  InboundMessage,
  MessageGateway,
  OutgoingMessage,
  SubmitResult,
} from '../port/messaging.types.ts';
import { GatewayError } from '../port/messaging.types.ts';
import { smsSize } from '../rules/sms-encoding.ts';
import * as repo from './simulated.repository.ts';

export interface SimulatedGatewayOptions {
  /** After how long a message is "delivered". */
  receiptSeconds: number;
  /** The share of SMS recipients who reply CONFERMA, and ANNULLA; the rest do not reply. */
  replyConfirm: number;
  replyCancel: number;
  /** The share of patients offered an earlier place who reply SI (OB-2). */
  replyAcceptOffer?: number;
  /** The share of citizens who have App IO with the service on (drawn once per fiscal code). */
  appIoShare?: number;
  /** Runs `fn` after `ms` (a timer in the server; virtual time in tests). */
  schedule: (ms: number, fn: () => void) => void;
  random?: () => number;
}

const BOOKING_CODE = /PRN-[0-9A-Z]{4}-[0-9A-Z]{4}/;

/** Whether a simulated citizen has App IO: the same answer for a fiscal code every time it is asked. */
export function onAppIo(fiscalCode: string, share: number): boolean {
  const draw = createHash('sha256').update(fiscalCode.toUpperCase()).digest().readUInt32BE(0) / 2 ** 32;
  return draw < share;
}

/**
 * The embedded default (_simulazione_): stores what it "sends", delivers it after a delay, and has the
 * simulated patients reply to SMS with the configured probabilities, quoting the booking code when the
 * message had one — so a demo shows the whole loop, with nothing leaving the machine.
 */
export class SimulatedGateway implements MessageGateway {
  readonly label = 'simulazione' as const;
  readonly channels = ['sms', 'email', 'io'] as const;
  private receiptHandlers: ((r: DeliveryReceipt) => Promise<void>)[] = [];
  private inboundHandlers: ((m: InboundMessage) => Promise<void>)[] = [];
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly options: SimulatedGatewayOptions,
  ) {}

  async submit(m: OutgoingMessage): Promise<SubmitResult> {
    if (m.channel === 'io' && !onAppIo(m.to, this.options.appIoShare ?? 0))
      throw new GatewayError('refused', 'not on App IO: no profile (simulazione)');
    const gatewayId = `sim-${randomUUID()}`;
    const segments = m.channel === 'sms' ? smsSize(m.text).segments : 1;
    const submittedAt = this.clock.now();
    await repo.insertSimulated(this.db, {
      at: submittedAt,
      direction: 'out',
      channel: m.channel,
      gatewayId,
      messageId: m.id,
      party: m.to,
      text: m.text,
      subject: m.subject ?? null,
      segments,
      status: 'accepted',
    });
    // The patient's answer is drawn now, in the order messages are sent, so a seeded run replays the same.
    const reply = m.channel === 'sms' ? this.drawReply(m.kind) : null;
    this.options.schedule(
      this.options.receiptSeconds * 1000,
      () => void this.deliver(m, gatewayId, submittedAt, reply),
    );
    return { gatewayId, segments };
  }

  /** Reminders and recalls are confirmed or cancelled, offers taken; acknowledgements get no answer. */
  private drawReply(kind: string | undefined): 'CONFERMA' | 'ANNULLA' | 'SI' | null {
    const draw = (this.options.random ?? Math.random)();
    if (kind === 'reoffer') return draw < (this.options.replyAcceptOffer ?? 0) ? 'SI' : null;
    if (kind !== undefined && kind !== 'reminder' && kind !== 'recall') return null;
    if (draw < this.options.replyConfirm) return 'CONFERMA';
    if (draw < this.options.replyConfirm + this.options.replyCancel) return 'ANNULLA';
    return null;
  }

  private async deliver(
    m: OutgoingMessage,
    gatewayId: string,
    submittedAt: Date,
    word: 'CONFERMA' | 'ANNULLA' | 'SI' | null,
  ): Promise<void> {
    if (this.closed) return;
    await repo.setSimulatedStatus(this.db, gatewayId, 'delivered');
    const receipt: DeliveryReceipt = {
      gatewayId,
      status: 'delivered',
      recipient: m.to,
      submittedAt,
      at: this.clock.now(),
      error: null,
    };
    for (const h of this.receiptHandlers) await h(receipt);
    if (!word) return;
    const code = BOOKING_CODE.exec(m.text)?.[0];
    const reply: InboundMessage = {
      gatewayId: `sim-${randomUUID()}`,
      channel: 'sms',
      from: m.to,
      text: code ? `${word} ${code}` : word,
      at: this.clock.now(),
    };
    await repo.insertSimulated(this.db, {
      at: reply.at,
      direction: 'in',
      channel: 'sms',
      gatewayId: reply.gatewayId,
      messageId: null,
      party: reply.from,
      text: reply.text,
      subject: null,
      segments: 1,
      status: 'received',
    });
    for (const h of this.inboundHandlers) await h(reply);
  }

  onReceipt(handler: (receipt: DeliveryReceipt) => Promise<void>): void {
    this.receiptHandlers.push(handler);
  }

  onInbound(handler: (message: InboundMessage) => Promise<void>): void {
    this.inboundHandlers.push(handler);
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
