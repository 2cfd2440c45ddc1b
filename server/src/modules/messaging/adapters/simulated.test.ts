import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRIVERS, type TestDatabase } from '../../../../test/databases.ts';
import { ManualClock } from '../../../platform/clock.ts';
import type { DeliveryReceipt, InboundMessage } from '../port/messaging.types.ts';
import { listSimulated } from './simulated.repository.ts';
import { SimulatedGateway } from './simulated.ts';

describe.each(DRIVERS)('the simulated gateway on $name', ({ create }) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await create();
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('stores what it sends, delivers it after the delay, and replies with the booking code as drawn', async () => {
    const clock = new ManualClock('2026-12-03T09:00:00Z');
    const timers: { due: number; fn: () => void }[] = [];
    // Draws in turn: 0.1 (< 0.6: confirm), 0.65 (in [0.6, 0.7): cancel), 0.9 (no reply).
    const draws = [0.1, 0.65, 0.9];
    const gateway = new SimulatedGateway(t.db, clock, {
      receiptSeconds: 30,
      replyConfirm: 0.6,
      replyCancel: 0.1,
      schedule: (ms, fn) => timers.push({ due: clock.now().getTime() + ms, fn }),
      random: () => draws.shift()!,
    });
    const receipts: DeliveryReceipt[] = [];
    const replies: InboundMessage[] = [];
    gateway.onReceipt(async (r) => {
      receipts.push(r);
    });
    gateway.onInbound(async (m) => {
      replies.push(m);
    });
    const sent = [];
    for (const [i, to] of ['+393330000001', '+393330000002', '+393330000003'].entries()) {
      sent.push(
        await gateway.submit({
          id: `r${i}`,
          channel: 'sms',
          to,
          text: `Promemoria: visita il 14/12 alle 08:40, codice PRN-AB${i}D-EF12. Rispondi CONFERMA o ANNULLA.`,
        }),
      );
    }
    expect(sent.map((s) => s.segments)).toEqual([1, 1, 1]);
    expect(receipts).toEqual([]);
    const stored = await listSimulated(t.db, 10);
    expect(stored.map((r) => [r.direction, r.party, r.status, r.label])).toEqual([
      ['out', '+393330000003', 'accepted', 'simulazione'],
      ['out', '+393330000002', 'accepted', 'simulazione'],
      ['out', '+393330000001', 'accepted', 'simulazione'],
    ]);

    clock.set('2026-12-03T09:00:30Z');
    for (const timer of timers.splice(0)) {
      expect(timer.due).toBe(new Date('2026-12-03T09:00:30Z').getTime());
      timer.fn();
    }
    // Each timer delivers on its own: wait for all three, then compare in recipient order.
    for (let i = 0; i < 100 && receipts.length < 3; i++) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 50));
    const byRecipient = <T extends { recipient?: string | null; from?: string }>(list: T[]) =>
      [...list].sort((a, b) => String(a.recipient ?? a.from).localeCompare(String(b.recipient ?? b.from)));
    expect(byRecipient(receipts).map((r) => [r.gatewayId, r.status, r.recipient])).toEqual(
      sent.map((s, i) => [s.gatewayId, 'delivered', `+39333000000${i + 1}`]),
    );
    expect(byRecipient(replies).map((m) => [m.from, m.text])).toEqual([
      ['+393330000001', 'CONFERMA PRN-AB0D-EF12'],
      ['+393330000002', 'ANNULLA PRN-AB1D-EF12'],
    ]);
    const after = await listSimulated(t.db, 10);
    expect(after.filter((r) => r.direction === 'out').every((r) => r.status === 'delivered')).toBe(true);
    expect(
      after
        .filter((r) => r.direction === 'in')
        .map((r) => r.text)
        .sort(),
    ).toEqual(['ANNULLA PRN-AB1D-EF12', 'CONFERMA PRN-AB0D-EF12']);
    await gateway.close();
  });
});
