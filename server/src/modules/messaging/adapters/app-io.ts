import { maskPersonalData } from '../../../platform/personal-data.ts';
import {
  type DeliveryReceipt,
  GatewayError,
  type InboundMessage,
  type MessageGateway,
  type OutgoingMessage,
  type SubmitResult,
} from '../port/messaging.types.ts';

export interface AppIoSettings {
  /** IO's Services API, `https://api.io.pagopa.it/api/v1` (plain http only on the loopback). */
  url: string;
  /** The service's subscription key (`Ocp-Apim-Subscription-Key`), from IO's back office. */
  key: string;
  /** How long one request may take before the gateway counts as unreachable. */
  timeoutMs?: number;
  /** The time a final state is recorded at (IO gives none): the server's clock. */
  now?: () => Date;
}

/** IO's bounds on a message's content (the Services API's MessageContent). */
const SUBJECT = { min: 10, max: 120 } as const;
const MARKDOWN = { min: 80, max: 10_000 } as const;

type IoStatus = 'ACCEPTED' | 'THROTTLED' | 'FAILED' | 'PROCESSED' | 'REJECTED';

/**
 * App IO through its Services API: before each message the citizen's profile is asked (`POST /profiles`;
 * 404, or `sender_allowed: false` when they turned the service off, refuse it, so the outbox sends the
 * SMS or e-mail instead), then the message (`POST /messages`, fiscal code in the body). IO pushes no
 * receipts: `status` asks `GET /messages/{fiscal_code}/{id}` (PROCESSED: in the inbox; REJECTED, FAILED:
 * not). IO carries no replies: the citizen answers through the message's link.
 */
export class AppIoGateway implements MessageGateway {
  readonly label = null;
  readonly channels = ['io'] as const;

  constructor(private readonly settings: AppIoSettings) {}

  async submit(m: OutgoingMessage): Promise<SubmitResult> {
    if (m.channel !== 'io') throw new Error(`the App IO gateway sends IO messages, not ${m.channel}`);
    const subject = m.subject ?? '';
    if (subject.length < SUBJECT.min || subject.length > SUBJECT.max)
      throw new GatewayError(
        'refused',
        `the subject has ${subject.length} characters: IO takes ${SUBJECT.min} to ${SUBJECT.max}`,
      );
    if (m.text.length < MARKDOWN.min || m.text.length > MARKDOWN.max)
      throw new GatewayError(
        'refused',
        `the text has ${m.text.length} characters: IO takes ${MARKDOWN.min} to ${MARKDOWN.max}`,
      );
    const profile = await this.request('POST', '/profiles', { fiscal_code: m.to }, 'unavailable');
    if (profile.status === 404) throw new GatewayError('refused', 'not on App IO: no profile');
    if (profile.status !== 200) throw this.failure(profile, 'profile');
    const allowed = (profile.body as { sender_allowed?: unknown } | null)?.sender_allowed;
    if (allowed !== true)
      throw new GatewayError('refused', 'not on App IO: the citizen turned the service off');
    // Past this point the message may have been taken: a dropped line is 'uncertain', not 'unavailable'.
    const sent = await this.request(
      'POST',
      '/messages',
      { fiscal_code: m.to, content: { subject, markdown: m.text } },
      'uncertain',
    );
    if (sent.status !== 201) throw this.failure(sent, 'message');
    const id = (sent.body as { id?: unknown } | null)?.id;
    if (typeof id !== 'string' || id === '')
      throw new GatewayError('uncertain', 'IO took the message but gave no id');
    return { gatewayId: id, segments: 1 };
  }

  async status(gatewayId: string, to: string): Promise<DeliveryReceipt | null> {
    const r = await this.request(
      'GET',
      `/messages/${encodeURIComponent(to)}/${encodeURIComponent(gatewayId)}`,
      null,
      'unavailable',
    );
    if (r.status === 404) return null;
    if (r.status !== 200) throw this.failure(r, 'message status');
    const status = (r.body as { status?: IoStatus } | null)?.status;
    if (status !== 'PROCESSED' && status !== 'REJECTED' && status !== 'FAILED') return null;
    return {
      gatewayId,
      status: status === 'PROCESSED' ? 'delivered' : 'rejected',
      recipient: to,
      submittedAt: null,
      at: this.settings.now?.() ?? new Date(),
      error: status === 'PROCESSED' ? null : `App IO: ${status}`,
    };
  }

  /** 400, 403 (a recipient this service may not write to), 404: final; 401, 429, 5xx: try again later. */
  private failure(r: { status: number; body: unknown }, what: string) {
    const body = (r.body as { detail?: unknown; title?: unknown } | null) ?? {};
    const said =
      typeof body.detail === 'string' ? body.detail : typeof body.title === 'string' ? body.title : null;
    // IO's words may quote the fiscal code: they go to the outbox and the log masked.
    const why = `App IO ${what}: HTTP ${r.status}${said ? ` (${maskPersonalData(said)})` : ''}`;
    return new GatewayError([400, 403, 404, 413].includes(r.status) ? 'refused' : 'unavailable', why);
  }

  private async request(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    onDrop: 'unavailable' | 'uncertain',
  ): Promise<{ status: number; body: unknown }> {
    let res: Response;
    try {
      res = await fetch(`${this.settings.url.replace(/\/$/, '')}${path}`, {
        method,
        headers: {
          'Ocp-Apim-Subscription-Key': this.settings.key,
          ...(body ? { 'Content-Type': 'application/json' } : {}),
          Accept: 'application/json',
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(this.settings.timeoutMs ?? 10_000),
      });
    } catch (e) {
      throw new GatewayError(onDrop, `App IO unreachable: ${(e as Error).message}`);
    }
    const text = await res.text().catch(() => '');
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    return { status: res.status, body: parsed };
  }

  onReceipt(_handler: (receipt: DeliveryReceipt) => Promise<void>): void {}

  onInbound(_handler: (message: InboundMessage) => Promise<void>): void {}

  async close(): Promise<void> {}
}
