import { describe, expect, it } from 'vitest';
import type { DeliveryReceipt, MessageGateway, OutgoingMessage } from '../port/messaging.types.ts';
import { PooledGateway } from './pooled.ts';

/** A bind that answers when told to, so the test sees how many are in flight on each. */
class SlowBind implements MessageGateway {
  readonly label = null;
  readonly channels = ['sms'] as const;
  taken: string[] = [];
  private answers: (() => void)[] = [];
  receipts: ((r: DeliveryReceipt) => Promise<void>)[] = [];
  submit(m: OutgoingMessage) {
    this.taken.push(m.id);
    return new Promise<{ gatewayId: string; segments: number }>((resolve) =>
      this.answers.push(() => resolve({ gatewayId: `${m.id}@gw`, segments: 1 })),
    );
  }
  answerAll() {
    for (const a of this.answers.splice(0)) a();
  }
  onReceipt(h: (r: DeliveryReceipt) => Promise<void>) {
    this.receipts.push(h);
  }
  onInbound() {}
  async close() {}
}

const message = (id: string): OutgoingMessage => ({ id, channel: 'sms', to: '+393330000001', text: 'x' });

describe('a pool of SMPP binds', () => {
  it('gives each message to the bind with the fewest in flight, and listens on all of them', async () => {
    const a = new SlowBind();
    const b = new SlowBind();
    const pool = new PooledGateway([a, b]);
    const sent = ['m1', 'm2', 'm3', 'm4'].map((id) => pool.submit(message(id)));
    expect([a.taken, b.taken]).toEqual([
      ['m1', 'm3'],
      ['m2', 'm4'],
    ]);
    a.answerAll();
    await Promise.all(sent.filter((_, i) => i % 2 === 0));
    // a is free again, b still has two: the next two go to a.
    void pool.submit(message('m5'));
    void pool.submit(message('m6'));
    expect(a.taken).toEqual(['m1', 'm3', 'm5', 'm6']);
    const seen: string[] = [];
    pool.onReceipt(async (r) => {
      seen.push(r.gatewayId);
    });
    expect([a.receipts.length, b.receipts.length]).toEqual([1, 1]);
    b.answerAll();
    a.answerAll();
  });
});
