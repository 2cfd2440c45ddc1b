import smpp from 'smpp';
import {
  type DeliveryReceipt,
  GatewayError,
  type InboundMessage,
  type MessageGateway,
  type OutgoingMessage,
  type SubmitResult,
} from '../port/messaging.types.ts';
import { parseDeliveryReceipt } from '../rules/delivery-receipt.ts';
import { smsParts, smsSize } from '../rules/sms-encoding.ts';

export interface SmppSettings {
  /** `smpp://host:port` (or `ssmpp://` for TLS). */
  url: string;
  systemId: string;
  password: string;
  /** The sender alias (AGCOM-registered, ≤ 11 characters) or number. */
  sender: string;
  /** Submits outstanding (sent, not yet answered) at most. */
  window: number;
  enquireLinkMs?: number;
  /** First reconnect delay; doubles up to a minute. */
  reconnectMs?: number;
}

type Pdu = Record<string, unknown> & {
  command_status: number;
  response: (o?: object) => unknown;
  short_message?: { message?: string | Buffer } | Buffer;
};

const DELIVERY_RECEIPT = 0x04; // esm_class: the deliver_sm is an SMSC delivery receipt
const GSM = 0x00;
const UCS2 = 0x08;

/**
 * SMS over SMPP 3.4 with the `smpp` library: one transceiver bind; `submit_sm` with a delivery receipt
 * asked for, GSM 03.38 or UCS-2 per message, long messages as concatenated parts (UDH, 8-bit reference);
 * at most `window` submits outstanding; `deliver_sm` read as a delivery receipt or a patient's reply and
 * answered; enquire_link keeps the bind alive; a lost connection is bound again with back-off.
 */
export class SmppGateway implements MessageGateway {
  readonly label = null;
  readonly channels = ['sms'] as const;
  private session: ReturnType<typeof smpp.connect> | null = null;
  private bound: Promise<void> | null = null;
  private closing = false;
  private outstanding = 0;
  private readonly waiting: (() => void)[] = [];
  private reference = 0;
  private receiptHandlers: ((r: DeliveryReceipt) => Promise<void>)[] = [];
  private inboundHandlers: ((m: InboundMessage) => Promise<void>)[] = [];
  private delay: number;
  /** Submits sent and not answered: failed when the connection goes (their outcome is unknown). */
  private readonly unanswered = new Set<(e: Error) => void>();

  constructor(private readonly settings: SmppSettings) {
    this.delay = settings.reconnectMs ?? 500;
  }

  private bind(): Promise<void> {
    this.bound ??= new Promise<void>((resolve, reject) => {
      const session = smpp.connect({
        url: this.settings.url,
        auto_enquire_link_period: this.settings.enquireLinkMs ?? 30_000,
      });
      this.session = session;
      session.on('error', () => undefined); // 'close' follows, which reconnects
      session.on('close', () => {
        this.session = null;
        this.bound = null;
        for (const fail of this.unanswered)
          fail(
            new GatewayError('uncertain', 'SMPP connection lost: the submit may or may not have been taken'),
          );
        this.unanswered.clear();
        if (this.closing) return;
        const wait = this.delay;
        this.delay = Math.min(this.delay * 2, 60_000);
        setTimeout(() => void this.bind().catch(() => undefined), wait).unref();
      });
      session.on('deliver_sm', (pdu: Pdu) => void this.delivered(session, pdu));
      session.bind_transceiver(
        { system_id: this.settings.systemId, password: this.settings.password },
        (pdu: Pdu) => {
          if (pdu.command_status === 0) {
            this.delay = this.settings.reconnectMs ?? 500;
            resolve();
          } else {
            reject(new GatewayError('unavailable', `SMPP bind refused (status ${pdu.command_status})`));
            session.close();
          }
        },
      );
    });
    return this.bound;
  }

  private async slot(): Promise<void> {
    if (this.outstanding < this.settings.window) {
      this.outstanding++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.outstanding--;
  }

  private submitPart(options: object): Promise<string> {
    return new Promise((resolve, reject) => {
      const session = this.session;
      if (!session) return reject(new GatewayError('unavailable', 'SMPP session lost before submit'));
      this.unanswered.add(reject);
      session.submit_sm(options, (pdu: Pdu) => {
        this.unanswered.delete(reject);
        if (pdu.command_status === 0) resolve(String(pdu.message_id));
        else reject(new GatewayError('refused', `SMPP submit refused (status ${pdu.command_status})`));
      });
    });
  }

  async submit(m: OutgoingMessage): Promise<SubmitResult> {
    if (m.channel !== 'sms') throw new Error(`the SMPP gateway sends SMS, not ${m.channel}`);
    const size = smsSize(m.text);
    const parts = smsParts(m.text);
    this.reference = (this.reference + 1) % 256;
    const ref = this.reference;
    const ids: string[] = [];
    for (const [i, text] of parts.entries()) {
      try {
        await this.bind();
      } catch (e) {
        // Not connected: nothing of this message went, unless earlier parts did.
        throw new GatewayError(i === 0 ? 'unavailable' : 'uncertain', (e as Error).message);
      }
      await this.slot();
      try {
        const udh = parts.length > 1 ? Buffer.from([0x05, 0x00, 0x03, ref, parts.length, i + 1]) : null;
        ids.push(
          await this.submitPart({
            source_addr: this.settings.sender,
            source_addr_ton: /^\+?\d+$/.test(this.settings.sender) ? 1 : 5,
            destination_addr: m.to.replace(/^\+/, ''),
            dest_addr_ton: 1,
            dest_addr_npi: 1,
            registered_delivery: 1,
            data_coding: size.encoding === 'gsm7' ? GSM : UCS2,
            short_message: udh ? { udh, message: text } : { message: text },
          }),
        );
      } catch (e) {
        // Once a part has gone, the message is out there in part: never simply sent again.
        if (i > 0 && e instanceof GatewayError && e.kind !== 'uncertain')
          throw new GatewayError('uncertain', `${e.message} (after ${i} of ${parts.length} parts)`);
        throw e;
      } finally {
        this.release();
      }
    }
    // The receipt of the last part tells whether the whole message arrived.
    return { gatewayId: ids.at(-1)!, segments: parts.length, partIds: ids };
  }

  private async delivered(session: ReturnType<typeof smpp.connect>, pdu: Pdu): Promise<void> {
    const raw = pdu.short_message;
    const text =
      raw && !Buffer.isBuffer(raw) && typeof raw.message === 'string'
        ? raw.message
        : Buffer.isBuffer(raw)
          ? raw.toString('latin1')
          : '';
    const at = new Date();
    try {
      if ((Number(pdu.esm_class) & DELIVERY_RECEIPT) !== 0) {
        const r = parseDeliveryReceipt(text);
        if (r) {
          const receipt: DeliveryReceipt = {
            gatewayId: r.gatewayId,
            status: r.status,
            recipient: pdu.source_addr ? `+${String(pdu.source_addr).replace(/^\+/, '')}` : null,
            submittedAt: r.submittedAt,
            at: r.doneAt ?? at,
            error: r.error,
          };
          for (const h of this.receiptHandlers) await h(receipt);
        }
      } else {
        const inbound: InboundMessage = {
          gatewayId: String(pdu.receipted_message_id ?? `${pdu.sequence_number}-${at.getTime()}`),
          channel: 'sms',
          from: `+${String(pdu.source_addr).replace(/^\+/, '')}`,
          text,
          at,
        };
        for (const h of this.inboundHandlers) await h(inbound);
      }
      // Answered once handled: an SMSC redelivers what it was not told we took.
      session.send(pdu.response() as never);
    } catch {
      session.send(pdu.response({ command_status: 0x08 }) as never); // ESME_RSYSERR: try again later
    }
  }

  async open(): Promise<void> {
    // A refused or failed bind is retried with back-off by the connection's close handler.
    await this.bind().catch(() => undefined);
  }

  onReceipt(handler: (receipt: DeliveryReceipt) => Promise<void>): void {
    this.receiptHandlers.push(handler);
  }

  onInbound(handler: (message: InboundMessage) => Promise<void>): void {
    this.inboundHandlers.push(handler);
  }

  async close(): Promise<void> {
    this.closing = true;
    const session = this.session;
    if (!session) return;
    await new Promise<void>((resolve) => {
      session.once('close', () => resolve());
      session.unbind(() => session.close());
    });
  }
}
