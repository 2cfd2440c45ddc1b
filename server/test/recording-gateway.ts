import type {
  DeliveryReceipt,
  InboundMessage,
  MessageGateway,
  OutgoingMessage,
  SubmitResult,
} from '../src/modules/messaging/index.ts';

/** An SMS and e-mail gateway that records what it is given and answers like an SMSC: an id per message. */
export class RecordingGateway implements MessageGateway {
  readonly label = null;
  readonly channels = ['sms', 'email'] as const;
  sent: OutgoingMessage[] = [];
  receipts: ((r: DeliveryReceipt) => Promise<void>)[] = [];
  private n = 0;
  async submit(m: OutgoingMessage): Promise<SubmitResult> {
    this.sent.push(m);
    return { gatewayId: `gw-${++this.n}-${crypto.randomUUID()}`, segments: 1 };
  }
  onReceipt(h: (r: DeliveryReceipt) => Promise<void>) {
    this.receipts.push(h);
  }
  onInbound(_h: (m: InboundMessage) => Promise<void>) {}
  async close() {}
}
