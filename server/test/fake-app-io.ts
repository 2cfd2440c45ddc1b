import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

type IoStatus = 'ACCEPTED' | 'THROTTLED' | 'FAILED' | 'PROCESSED' | 'REJECTED';

/** A message IO took, as the test reads it back. */
export interface IoMessage {
  id: string;
  fiscalCode: string;
  subject: string;
  markdown: string;
  status: IoStatus;
}

const FISCAL_CODE =
  /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/;

/**
 * IO's Services API (`https://api.io.pagopa.it/api/v1`) as its guide describes it, on the loopback:
 * `POST /profiles` (`{fiscal_code}` → 200 `{sender_allowed, preferred_languages}`, 404 without a profile),
 * `POST /messages` (`{fiscal_code, content: {subject 10–120, markdown 80–10000}}` → 201 `{id}`), and
 * `GET /messages/{fiscal_code}/{id}` (→ `{message, status}`); the key in `Ocp-Apim-Subscription-Key`
 * (401 without it), errors as problem JSON (`{title, status, detail}`). Citizens are added with `citizen`;
 * a message is ACCEPTED until `settle` makes it PROCESSED, REJECTED or FAILED.
 */
export class FakeAppIo {
  readonly messages: IoMessage[] = [];
  /** Every request's method and path, in order (profiles asked, messages sent, states read). */
  readonly requests: string[] = [];
  private readonly citizens = new Map<string, { senderAllowed: boolean }>();
  private failures: number[] = [];
  private server: Server | null = null;

  constructor(private readonly key: string) {}

  get url(): string {
    const { port } = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${port}/api/v1`;
  }

  /** A citizen with the app; `senderAllowed: false` when they turned this service off. */
  citizen(fiscalCode: string, senderAllowed = true): this {
    this.citizens.set(fiscalCode, { senderAllowed });
    return this;
  }

  /** The next requests fail with these HTTP statuses, one each. */
  failNext(...statuses: number[]): this {
    this.failures.push(...statuses);
    return this;
  }

  settle(id: string, status: IoStatus): void {
    const m = this.messages.find((x) => x.id === id);
    if (!m) throw new Error(`no IO message ${id}`);
    m.status = status;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, {
        'content-type': status >= 400 ? 'application/problem+json' : 'application/json',
      });
      res.end(JSON.stringify(body));
    };
    const problem = (status: number, title: string, detail: string) =>
      send(status, { title, status, detail });
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const path = (req.url ?? '').replace(/^\/api\/v1/, '');
    this.requests.push(`${req.method} ${path}`);
    if (req.headers['ocp-apim-subscription-key'] !== this.key)
      return problem(401, 'Unauthorized', 'Access denied due to missing or invalid subscription key');
    const failure = this.failures.shift();
    if (failure)
      return problem(
        failure,
        'Failure',
        `a failure the test asked for (${String(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}').fiscal_code ?? '')})`,
      );
    let body: Record<string, unknown> = {};
    if (req.method === 'POST') {
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return problem(400, 'Invalid body', 'not JSON');
      }
    }
    const fiscalCode = typeof body.fiscal_code === 'string' ? body.fiscal_code : '';
    if (req.method === 'POST' && path === '/profiles') {
      if (!FISCAL_CODE.test(fiscalCode)) return problem(400, 'Invalid fiscal_code', 'not a fiscal code');
      const c = this.citizens.get(fiscalCode);
      if (!c) return problem(404, 'Profile not found', 'The profile you requested was not found');
      return send(200, { sender_allowed: c.senderAllowed, preferred_languages: ['it_IT'] });
    }
    if (req.method === 'POST' && path === '/messages') {
      const content = (body.content ?? {}) as { subject?: unknown; markdown?: unknown };
      const subject = typeof content.subject === 'string' ? content.subject : '';
      const markdown = typeof content.markdown === 'string' ? content.markdown : '';
      if (!FISCAL_CODE.test(fiscalCode)) return problem(400, 'Invalid fiscal_code', 'not a fiscal code');
      if (subject.length < 10 || subject.length > 120)
        return problem(400, 'Invalid content', 'subject must be 10 to 120 characters');
      if (markdown.length < 80 || markdown.length > 10_000)
        return problem(400, 'Invalid content', 'markdown must be 80 to 10000 characters');
      const id = randomUUID().replaceAll('-', '').toUpperCase().slice(0, 26);
      // IO takes it, then finds no profile or a service turned off: the message ends REJECTED.
      const c = this.citizens.get(fiscalCode);
      const status: IoStatus = c?.senderAllowed ? 'ACCEPTED' : 'REJECTED';
      this.messages.push({ id, fiscalCode, subject, markdown, status });
      return send(201, { id });
    }
    const read = /^\/messages\/([A-Z0-9]{16})\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && read) {
      const m = this.messages.find((x) => x.id === read[2] && x.fiscalCode === read[1]);
      if (!m) return problem(404, 'Message not found', 'The message you requested was not found');
      return send(200, {
        message: {
          id: m.id,
          fiscal_code: m.fiscalCode,
          content: { subject: m.subject, markdown: m.markdown },
        },
        status: m.status,
      });
    }
    return problem(404, 'Not found', `${req.method} ${path}`);
  }
}
