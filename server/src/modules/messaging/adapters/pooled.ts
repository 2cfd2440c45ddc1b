import type {
  DeliveryReceipt,
  InboundMessage,
  MessageChannel,
  MessageGateway,
  OutgoingMessage,
  SubmitResult,
} from '../port/messaging.types.ts';

/**
 * Several binds to one SMSC as one gateway (SMPP_BINDS): an SMSC throttles each bind (often 100
 * messages a second), so a region's morning batch needs more than one. Each message goes to the bind
 * with the fewest submits in flight; receipts and replies come from any of them.
 */
export class PooledGateway implements MessageGateway {
  readonly label: 'simulazione' | null;
  readonly channels: readonly MessageChannel[];
  private readonly inFlight: number[];

  constructor(private readonly members: MessageGateway[]) {
    if (members.length === 0) throw new Error('a pool needs at least one gateway');
    this.label = members[0]!.label;
    this.channels = members[0]!.channels;
    this.inFlight = members.map(() => 0);
  }

  async submit(m: OutgoingMessage): Promise<SubmitResult> {
    let i = 0;
    for (let k = 1; k < this.members.length; k++) if (this.inFlight[k]! < this.inFlight[i]!) i = k;
    this.inFlight[i]!++;
    try {
      return await this.members[i]!.submit(m);
    } finally {
      this.inFlight[i]!--;
    }
  }

  async open(): Promise<void> {
    await Promise.all(this.members.map((g) => g.open?.()));
  }

  onReceipt(handler: (receipt: DeliveryReceipt) => Promise<void>): void {
    for (const g of this.members) g.onReceipt(handler);
  }

  onInbound(handler: (message: InboundMessage) => Promise<void>): void {
    for (const g of this.members) g.onInbound(handler);
  }

  async close(): Promise<void> {
    await Promise.all(this.members.map((g) => g.close()));
  }
}
