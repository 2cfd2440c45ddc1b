import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRIVERS, type TestDatabase } from '../../../../test/databases.ts';
import { ManualClock } from '../../../platform/clock.ts';
import { type DeliveryReceipt, GatewayError, type InboundMessage } from '../port/messaging.types.ts';
import { listSimulated } from './simulated.repository.ts';
import { onAppIo, SimulatedGateway } from './simulated.ts';

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

  it('App IO: the configured share of citizens have the app, the same ones every time; the others refused', async () => {
    // 2,000 made-up codes: the share drawn is near the configured one, and each code keeps its answer.
    const codes = Array.from({ length: 2000 }, (_, i) => `CTZ${String(i).padStart(13, '0')}`);
    const on = codes.filter((c) => onAppIo(c, 0.6)).length / codes.length;
    expect(on).toBeGreaterThan(0.55);
    expect(on).toBeLessThan(0.65);
    // Asked again, however the code is written, each citizen gets the same answer.
    const first = codes.map((c) => onAppIo(c, 0.6));
    expect(codes.map((c) => onAppIo(c.toLowerCase(), 0.6))).toEqual(first);
    expect(codes.some((c) => onAppIo(c, 0))).toBe(false);
    expect(codes.every((c) => onAppIo(c, 1))).toBe(true);

    const clock = new ManualClock('2026-12-03T09:00:00Z');
    const timers: (() => void)[] = [];
    const gateway = new SimulatedGateway(t.db, clock, {
      receiptSeconds: 0,
      replyConfirm: 1,
      replyCancel: 0,
      appIoShare: 0.6,
      schedule: (_ms, fn) => timers.push(fn),
      random: () => 0,
    });
    const receipts: DeliveryReceipt[] = [];
    const replies: InboundMessage[] = [];
    gateway.onReceipt(async (r) => {
      receipts.push(r);
    });
    gateway.onInbound(async (m) => {
      replies.push(m);
    });
    const has = codes.find((c) => onAppIo(c, 0.6))!;
    const hasNot = codes.find((c) => !onAppIo(c, 0.6))!;
    const text =
      'Ti ricordiamo la prenotazione PRN-AB1D-EF12: visita il 14/12 alle 08:40, presso l’ospedale.';
    const taken = await gateway.submit({
      id: 'io1',
      channel: 'io',
      to: has,
      subject: 'Promemoria',
      text,
      kind: 'reminder',
    });
    const refused = await gateway
      .submit({ id: 'io2', channel: 'io', to: hasNot, text, kind: 'reminder' })
      .catch((e) => e);
    expect(refused).toBeInstanceOf(GatewayError);
    expect(refused).toMatchObject({ kind: 'refused', message: 'not on App IO: no profile (simulazione)' });
    for (const fn of timers.splice(0)) fn();
    for (let i = 0; i < 100 && receipts.length < 1; i++) await new Promise((r) => setTimeout(r, 10));
    expect(receipts.map((r) => [r.gatewayId, r.status, r.recipient])).toEqual([
      [taken.gatewayId, 'delivered', has],
    ]);
    // IO carries no replies, whatever the draws say.
    expect(replies).toEqual([]);
    const stored = (await listSimulated(t.db, 50)).filter((r) => r.channel === 'io');
    expect(stored.map((r) => [r.party, r.label])).toEqual([[has, 'simulazione']]);
    await gateway.close();
  });
});
