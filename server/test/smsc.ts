import type { AddressInfo } from 'node:net';
import { DateTime } from 'luxon';
import smpp from 'smpp';

/** One short message the SMSC took (a part of a concatenated SMS is one). */
export interface Submitted {
  to: string;
  text: string;
  /** Concatenation header: [reference, parts, this part], or null for a single SMS. */
  part: [number, number, number] | null;
  id: string;
  /** When the SMSC took it (answered the submit), ms since the epoch. */
  at: number;
}

type Session = ReturnType<typeof smpp.connect>;

/**
 * A test SMSC on this machine, on the `smpp` library's server side: binds any transceiver, answers every
 * submit_sm with an id, and sends a delivery receipt for each. Like a real SMSC, a receipt it could not
 * hand over (no bound session: the client died) waits for the next bind of the same system id — that is
 * what lets a restarted sender reconcile what it submitted before it was killed. With `ratePerBind`, it
 * takes at most that many submits a second on each bind, answering the rest in turn (a throttled SMSC).
 */
export class TestSmsc {
  readonly received: Submitted[] = [];
  private server = smpp.createServer((session) => this.accept(session));
  private bound = new Map<string, Set<Session>>();
  private waiting = new Map<string, object[]>();
  private nextId = 1;
  private sessions = new Set<Session>();
  private unanswered = new Map<Session, Set<object>>();
  /** Receipts the client took (answered with status 0), by their message id. */
  readonly answered = new Set<string>();
  url = '';

  constructor(private readonly options: { ratePerBind?: number } = {}) {}

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    this.url = `smpp://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  private accept(session: Session) {
    this.sessions.add(session);
    let systemId = '';
    session.on('error', () => undefined);
    session.on('close', () => {
      this.sessions.delete(session);
      this.bound.get(systemId)?.delete(session);
      // Receipts the client never answered (it died): back in the queue for the next bind.
      for (const receipt of this.unanswered.get(session) ?? []) this.requeue(systemId, receipt);
      this.unanswered.delete(session);
    });
    session.on('enquire_link', (pdu) => session.send(pdu.response()));
    session.on('unbind', (pdu) => {
      session.send(pdu.response());
      session.close();
    });
    session.on('bind_transceiver', (pdu) => {
      systemId = String(pdu.system_id);
      session.send(pdu.response());
      const set = this.bound.get(systemId) ?? new Set();
      set.add(session);
      this.bound.set(systemId, set);
      const queued = this.waiting.get(systemId) ?? [];
      this.waiting.set(systemId, []);
      for (const receipt of queued) this.deliver(systemId, receipt);
    });
    let nextAt = 0;
    session.on('submit_sm', (pdu) => {
      const rate = this.options.ratePerBind;
      if (!rate) return this.take(session, systemId, pdu);
      const now = Date.now();
      nextAt = Math.max(now, nextAt + 1000 / rate);
      setTimeout(() => this.take(session, systemId, pdu), nextAt - now);
    });
  }

  // biome-ignore lint/suspicious/noExplicitAny: a PDU of the smpp library
  private take(session: Session, systemId: string, pdu: any) {
    const id = `m${this.nextId++}`;
    // The library gives the header without its length byte: 00 03 reference parts part.
    const udh = pdu.short_message.udh?.[0] as number[] | undefined;
    this.received.push({
      to: String(pdu.destination_addr),
      text: String(pdu.short_message.message),
      part: udh ? [udh[2]!, udh[3]!, udh[4]!] : null,
      id,
      at: Date.now(),
    });
    session.send(pdu.response({ message_id: id }));
    const stamp = DateTime.now().setZone('Europe/Rome').toFormat('yyLLddHHmm');
    this.deliver(systemId, {
      source_addr: pdu.destination_addr,
      destination_addr: pdu.source_addr,
      esm_class: 0x04,
      short_message: `id:${id} sub:001 dlvrd:001 submit date:${stamp} done date:${stamp} stat:DELIVRD err:000 text:`,
    });
  }

  private requeue(systemId: string, receipt: object): void {
    // Another session of the same client may be bound already: it takes it now.
    if ((this.bound.get(systemId)?.size ?? 0) > 0) {
      this.deliver(systemId, receipt);
      return;
    }
    this.waiting.set(systemId, [...(this.waiting.get(systemId) ?? []), receipt]);
  }

  private deliver(systemId: string, receipt: object): void {
    const [session] = [...(this.bound.get(systemId) ?? [])];
    if (!session) {
      this.requeue(systemId, receipt);
      return;
    }
    const unanswered = this.unanswered.get(session) ?? new Set<object>();
    this.unanswered.set(session, unanswered);
    unanswered.add(receipt);
    session.deliver_sm(receipt, (resp: { command_status: number }) => {
      unanswered.delete(receipt);
      if (resp.command_status === 0)
        this.answered.add(String((receipt as { short_message: string }).short_message).slice(3, 12));
      // Refused (the client could not take it now): again later.
      if (resp.command_status !== 0) setTimeout(() => this.deliver(systemId, receipt), 200);
    });
  }

  /** Receipts not yet handed over. */
  pendingReceipts(): number {
    return [...this.waiting.values()].reduce((n, q) => n + q.length, 0);
  }

  /** Receipts not yet taken by a client: waiting for a bind, or sent and not answered yet. */
  receiptsOutstanding(): number {
    return this.pendingReceipts() + [...this.unanswered.values()].reduce((n, s) => n + s.size, 0);
  }

  async stop(): Promise<void> {
    for (const s of this.sessions) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
