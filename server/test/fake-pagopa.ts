import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * pagoPA's debt-position service (GPD) and Checkout's cart endpoint on the loopback, following the
 * published OpenAPI descriptions (pagopa/pagopa-api: openapi/gpd.json, checkout.yaml): the APIM
 * subscription key, createPosition's required fields and its checks (transfers summing to the option's
 * amount, 1–5 transfers, a 409 for a duplicate IUPD or IUV), toPublish → VALID, invalidate only from
 * PUBLISHED or VALID, the position's read with its payment option's receipt once paid, and the cart's
 * 302 to the checkout page. `pay(iupd)` is the PSP paying.
 */
export interface FakePagopa {
  url: string;
  key: string;
  positions: Map<string, Record<string, unknown> & { status: string }>;
  carts: Record<string, unknown>[];
  pay(iupd: string): void;
  close(): Promise<void>;
}

const body = (req: IncomingMessage) =>
  new Promise<unknown>((resolve) => {
    let s = '';
    req.on('data', (c: Buffer) => {
      s += c.toString('utf8');
    });
    req.on('end', () => {
      try {
        resolve(s ? JSON.parse(s) : null);
      } catch {
        resolve(undefined);
      }
    });
  });

export async function startFakePagopa(key = 'fake-subscription-key'): Promise<FakePagopa> {
  const positions = new Map<string, Record<string, unknown> & { status: string }>();
  const carts: Record<string, unknown>[] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      const problem = (status: number, detail: string) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ title: 'error', status, detail }));
      };
      if (req.headers['ocp-apim-subscription-key'] !== key) {
        res.writeHead(401);
        return res.end();
      }
      const url = new URL(req.url ?? '/', 'http://fake');
      const m = /^\/gpd\/organizations\/(\d{11})\/debtpositions(?:\/([^/]+))?(\/invalidate)?$/.exec(
        url.pathname,
      );
      if (req.method === 'POST' && url.pathname === '/checkout/carts') {
        const cart = (await body(req)) as Record<string, unknown> | undefined;
        const notices = cart?.paymentNotices as Record<string, unknown>[] | undefined;
        const urls = cart?.returnUrls as Record<string, unknown> | undefined;
        if (!Array.isArray(notices) || notices.length < 1 || notices.length > 5)
          return problem(400, 'paymentNotices');
        for (const n of notices)
          if (
            !/^\d{18}$/.test(String(n.noticeNumber)) ||
            !/^\d{11}$/.test(String(n.fiscalCode)) ||
            !Number.isInteger(n.amount) ||
            !n.companyName ||
            !n.description
          )
            return problem(400, 'paymentNotice fields');
        if (!urls?.returnOkUrl || !urls.returnCancelUrl || !urls.returnErrorUrl)
          return problem(400, 'returnUrls');
        carts.push(cart!);
        res.writeHead(302, { location: `https://checkout.example/c/${randomUUID()}` });
        return res.end();
      }
      if (!m) return problem(404, 'no such path');
      const [, , iupd, invalidate] = m;
      if (req.method === 'POST' && !iupd) {
        const p = (await body(req)) as Record<string, unknown> | undefined;
        const required = ['iupd', 'type', 'fiscalCode', 'fullName', 'companyName', 'switchToExpired'];
        const missing = required.filter((k) => p?.[k] === undefined || p?.[k] === '');
        if (!p || missing.length > 0) return problem(400, `missing ${missing.join(', ')}`);
        const options = p.paymentOption as Record<string, unknown>[] | undefined;
        for (const o of options ?? []) {
          for (const k of ['iuv', 'amount', 'description', 'isPartialPayment', 'dueDate'])
            if (o[k] === undefined) return problem(400, `paymentOption.${k} missing`);
          const transfers = o.transfer as Record<string, unknown>[];
          if (!Array.isArray(transfers) || transfers.length < 1 || transfers.length > 5)
            return problem(400, 'transfer');
          for (const t of transfers)
            for (const k of ['idTransfer', 'amount', 'remittanceInformation', 'category'])
              if (t[k] === undefined) return problem(400, `transfer.${k} missing`);
          if (transfers.reduce((s, t) => s + Number(t.amount), 0) !== o.amount)
            return problem(400, 'transfers do not sum to the amount');
        }
        const iuvs = new Set(
          [...positions.values()].flatMap((x) => (x.paymentOption as { iuv: string }[]).map((o) => o.iuv)),
        );
        if (positions.has(String(p.iupd)) || (options ?? []).some((o) => iuvs.has(String(o.iuv))))
          return problem(409, 'duplicate debt position');
        const status = url.searchParams.get('toPublish') === 'true' ? 'VALID' : 'DRAFT';
        positions.set(String(p.iupd), { ...p, status });
        res.writeHead(201, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ ...p, status }));
      }
      const position = iupd ? positions.get(decodeURIComponent(iupd)) : undefined;
      if (!position) return problem(404, 'no debt position');
      if (req.method === 'POST' && invalidate) {
        if (position.status !== 'VALID' && position.status !== 'PUBLISHED')
          return problem(409, `position is ${position.status}`);
        position.status = 'INVALID';
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify(position));
      }
      if (req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify(position));
      }
      return problem(405, 'method');
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    key,
    positions,
    carts,
    pay(iupd: string) {
      const p = positions.get(iupd);
      if (!p) throw new Error(`no position ${iupd}`);
      p.status = 'PAID';
      const option = (p.paymentOption as Record<string, unknown>[])[0]!;
      option.idReceipt = `RCPT-${randomUUID().slice(0, 8)}`;
      option.paymentDate = new Date().toISOString();
      option.status = 'PO_PAID';
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
