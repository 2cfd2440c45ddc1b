import { BlockList, isIPv4, isIPv6 } from 'node:net';
import type { FastifyRequest } from 'fastify';

export const isWebSocketUpgrade = (request: FastifyRequest) =>
  request.method === 'GET' && request.headers.upgrade?.toLowerCase() === 'websocket';

/**
 * Whether a browser request comes from this site (CSRF, SEC-1): Sec-Fetch-Site when the browser sends it,
 * else the Origin's host against the Host the request was sent to. Without either header the request
 * is not from a browser page: refused when `requireHeader` (a cookie-authenticated write must come from
 * a page, other clients use the bearer token).
 */
export function isSameOrigin(request: FastifyRequest, opts: { requireHeader: boolean }): boolean {
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string' && site.length > 0) return site === 'same-origin';
  const origin = request.headers.origin;
  if (typeof origin === 'string' && origin.length > 0) {
    try {
      // Through URL both sides, so that a default port (:80, :443) compares equal to none.
      return new URL(origin).host === new URL(`${request.protocol}://${request.host}`).host;
    } catch {
      return false;
    }
  }
  return !opts.requireHeader;
}

/** A list of addresses and CIDR blocks (`10.0.0.0/8,::1`), or 'any'. */
export type AddressList = BlockList | 'any';

export function parseAddressList(text: string): AddressList {
  if (text.trim() === 'any') return 'any';
  const list = new BlockList();
  for (const item of text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [address = '', prefix] = item.split('/');
    const type = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : null;
    if (!type) throw new Error(`not an IP address or CIDR block: ${item}`);
    if (prefix === undefined) list.addAddress(address, type);
    else {
      const bits = Number(prefix);
      if (!(Number.isInteger(bits) && bits >= 0 && bits <= (type === 'ipv4' ? 32 : 128))) {
        throw new Error(`bad prefix length in ${item}`);
      }
      list.addSubnet(address, bits, type);
    }
  }
  return list;
}

export function isOpsAddress(list: AddressList, ip: string): boolean {
  if (list === 'any') return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1];
  const address = mapped ?? ip;
  const type = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : null;
  return type !== null && list.check(address, type);
}

/**
 * The API documentation's CSP: @fastify/swagger-ui's static policy (its scripts by hash), framed by no
 * one, without `upgrade-insecure-requests` (which would break the page on plain HTTP inside a network).
 */
export function docsCsp(header: string): string {
  return header
    .replace(/\s*upgrade-insecure-requests;?/, '')
    .replace(/frame-ancestors [^;]*/, "frame-ancestors 'none'");
}
