import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeAppIo } from '../../../../test/fake-app-io.ts';
import { GatewayError, type OutgoingMessage } from '../port/messaging.types.ts';
import { AppIoGateway } from './app-io.ts';

const KEY = 'io-service-key';
// Fiscal codes of the shape IO checks.
const ON_IO = 'RSSMRA80A01H501U';
const SERVICE_OFF = 'VRDLGU75C12F205Q';
const NO_APP = 'BNCGNN62M05L219B';

const message = (to: string, over: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
  id: crypto.randomUUID(),
  channel: 'io',
  to,
  subject: 'Promemoria appuntamento del 14/12/2026 alle 08:00',
  text: 'Ti ricordiamo la prenotazione PRN-AB12-CD34: **Visita cardiologica**, lunedì 14 dicembre 2026 alle 08:00.',
  ...over,
});

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => (e instanceof GatewayError ? { kind: e.kind, message: e.message } : { thrown: e }),
  );

describe('App IO gateway against a Services API on the loopback', () => {
  const io = new FakeAppIo(KEY).citizen(ON_IO).citizen(SERVICE_OFF, false);
  let gateway: AppIoGateway;
  beforeAll(async () => {
    await io.start();
    gateway = new AppIoGateway({ url: io.url, key: KEY, now: () => new Date('2026-12-07T10:00:00Z') });
  });
  afterAll(async () => {
    await io.stop();
  });

  it('asks the profile, then sends the message with its subject and markdown; the id is IO’s', async () => {
    const before = io.requests.length;
    const m = message(ON_IO);
    const result = await gateway.submit(m);
    expect(io.requests.slice(before)).toEqual(['POST /profiles', 'POST /messages']);
    const taken = io.messages.at(-1)!;
    expect(result).toEqual({ gatewayId: taken.id, segments: 1 });
    expect(taken).toMatchObject({ fiscalCode: ON_IO, subject: m.subject, markdown: m.text });
  });

  it('refuses, without sending, a citizen with no profile or who turned the service off', async () => {
    const sent = io.messages.length;
    expect(await refusal(gateway.submit(message(NO_APP)))).toEqual({
      kind: 'refused',
      message: 'not on App IO: no profile',
    });
    expect(await refusal(gateway.submit(message(SERVICE_OFF)))).toEqual({
      kind: 'refused',
      message: 'not on App IO: the citizen turned the service off',
    });
    expect(io.messages.length).toBe(sent);
  });

  it('refuses content IO would not take, before asking anything', async () => {
    const before = io.requests.length;
    expect(await refusal(gateway.submit(message(ON_IO, { subject: 'Breve' })))).toMatchObject({
      kind: 'refused',
      message: expect.stringContaining('10 to 120'),
    });
    expect(await refusal(gateway.submit(message(ON_IO, { text: 'Troppo corto.' })))).toMatchObject({
      kind: 'refused',
      message: expect.stringContaining('80 to 10000'),
    });
    expect(io.requests.length).toBe(before);
  });

  it('tells a later try (wrong key, throttled, IO down) from a final refusal (a bad request)', async () => {
    const wrongKey = new AppIoGateway({ url: io.url, key: 'not-the-key' });
    expect(await refusal(wrongKey.submit(message(ON_IO)))).toMatchObject({
      kind: 'unavailable',
      message: expect.stringContaining('HTTP 401'),
    });
    io.failNext(429);
    expect(await refusal(gateway.submit(message(ON_IO)))).toMatchObject({ kind: 'unavailable' });
    // The profile answered, the message's request failed on IO's side: not taken, try again later.
    io.failNext(0, 503);
    expect(await refusal(gateway.submit(message(ON_IO)))).toMatchObject({ kind: 'unavailable' });
    io.failNext(400);
    expect(await refusal(gateway.submit(message(ON_IO)))).toMatchObject({
      kind: 'refused',
      // IO's words quoted the fiscal code: kept out of what the outbox and the log keep.
      message: 'App IO profile: HTTP 400 (a failure the test asked for ([omesso]))',
    });
  });

  it('reads a message’s state: none while IO holds it, delivered once processed, failed once rejected', async () => {
    const { gatewayId } = await gateway.submit(message(ON_IO));
    expect(await gateway.status(gatewayId, ON_IO)).toBeNull();
    io.settle(gatewayId, 'PROCESSED');
    expect(await gateway.status(gatewayId, ON_IO)).toEqual({
      gatewayId,
      status: 'delivered',
      recipient: ON_IO,
      submittedAt: null,
      at: new Date('2026-12-07T10:00:00Z'),
      error: null,
    });
    const other = await gateway.submit(message(ON_IO));
    io.settle(other.gatewayId, 'REJECTED');
    expect(await gateway.status(other.gatewayId, ON_IO)).toMatchObject({
      status: 'rejected',
      error: 'App IO: REJECTED',
    });
    expect(await gateway.status('01UNKNOWN', ON_IO)).toBeNull();
  });

  it('counts IO unreachable as a later try', async () => {
    const gone = new AppIoGateway({ url: 'http://127.0.0.1:9/api/v1', key: KEY, timeoutMs: 2000 });
    expect(await refusal(gone.submit(message(ON_IO)))).toMatchObject({ kind: 'unavailable' });
  });
});
