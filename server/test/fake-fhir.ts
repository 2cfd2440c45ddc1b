import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A FHIR server's transaction endpoint as the FHIR R4 RESTful API describes it (http.html#transaction),
 * on the loopback: a POST of a Bundle of type `transaction` to the base URL is processed as one — every
 * entry's PUT replaces (or creates) the resource at its url, and the answer is a `transaction-response`
 * Bundle with one entry per request, its status `200 OK` or `201 Created`. A malformed transaction gets
 * `400` with an OperationOutcome and changes nothing. `failNext` makes the next requests fail with 503, `failAt` the n-th.
 */
export class FakeFhir {
  readonly resources = new Map<string, unknown>();
  readonly requests: { authorization: string | undefined; contentType: string | undefined; body: unknown }[] =
    [];
  failNext = 0;
  /** The transactions posted so far, counted; the one with this number fails with 503 (null: none). */
  failAt: number | null = null;
  private posted = 0;
  private server: Server | null = null;

  constructor(private readonly token?: string) {}

  get url(): string {
    const { port } = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${port}/fhir`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(({ status, body }) => {
        res.writeHead(status, { 'content-type': 'application/fhir+json' });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; body: unknown }> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {
      return outcome(400, 'structure', 'the body is not JSON');
    }
    this.requests.push({
      authorization: req.headers.authorization,
      contentType: req.headers['content-type'],
      body,
    });
    if (this.token && req.headers.authorization !== `Bearer ${this.token}`)
      return outcome(401, 'security', 'no valid token');
    if (req.method !== 'POST' || !/^\/fhir\/?$/.test(req.url ?? ''))
      return outcome(404, 'not-found', 'unknown path');
    this.posted++;
    if (this.failAt === this.posted) return outcome(503, 'transient', 'try again later');
    if (this.failNext > 0) {
      this.failNext--;
      return outcome(503, 'transient', 'try again later');
    }
    const b = body as { resourceType?: string; type?: string; entry?: unknown[] };
    if (b.resourceType !== 'Bundle' || b.type !== 'transaction' || !Array.isArray(b.entry))
      return outcome(400, 'structure', 'not a transaction Bundle');
    // Checked whole before anything is applied: a transaction succeeds or fails as a unit.
    const puts: { url: string; resource: { resourceType?: string; id?: string } }[] = [];
    for (const e of b.entry as {
      request?: { method?: string; url?: string };
      resource?: { resourceType?: string; id?: string };
    }[]) {
      const url = e.request?.url ?? '';
      const [type, id] = url.split('/');
      if (
        e.request?.method !== 'PUT' ||
        !e.resource ||
        e.resource.resourceType !== type ||
        e.resource.id !== id
      )
        return outcome(400, 'processing', `entry for ${url} is not a PUT of that resource`);
      puts.push({ url, resource: e.resource });
    }
    const entry = puts.map(({ url, resource }) => {
      const existed = this.resources.has(url);
      this.resources.set(url, resource);
      return { response: { status: existed ? '200 OK' : '201 Created', location: `${url}/_history/1` } };
    });
    return {
      status: 200,
      body: { resourceType: 'Bundle', id: randomUUID(), type: 'transaction-response', entry },
    };
  }
}

function outcome(status: number, code: string, diagnostics: string) {
  return {
    status,
    body: { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics }] },
  };
}
