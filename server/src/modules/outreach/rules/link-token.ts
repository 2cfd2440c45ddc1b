import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The one-click link of a reminder (OB-1): bound to one appointment (its booking code, already in the
 * message) and its version, expiring, signed with the server's secret (HMAC-SHA-256, 96 bits kept). Short,
 * because every character of an SMS is paid for; nothing personal in it, and a moved appointment's old
 * link stops working.
 */
export interface LinkClaims {
  code: string;
  version: number;
  /** Seconds since the epoch. */
  expires: number;
}

const mac = (body: string, secret: string) =>
  createHmac('sha256', secret).update(body).digest().subarray(0, 12).toString('base64url');

export function signLink(claims: LinkClaims, secret: string): string {
  const body = `${claims.code}.${claims.version}.${claims.expires.toString(36)}`;
  return `${body}.${mac(body, secret)}`;
}

export type LinkCheck =
  | { ok: true; claims: LinkClaims }
  | { ok: false; reason: 'malformed' | 'bad_signature' | 'expired' };

export function verifyLink(token: string, secret: string, now: Date): LinkCheck {
  const parts = token.split('.');
  if (parts.length !== 4) return { ok: false, reason: 'malformed' };
  const [code, version, expires, given] = parts as [string, string, string, string];
  const expected = Buffer.from(mac(`${code}.${version}.${expires}`, secret));
  const got = Buffer.from(given);
  if (got.length !== expected.length || !timingSafeEqual(got, expected))
    return { ok: false, reason: 'bad_signature' };
  const claims = { code, version: Number(version), expires: Number.parseInt(expires, 36) };
  if (!/^\d+$/.test(version) || !Number.isFinite(claims.expires)) return { ok: false, reason: 'malformed' };
  if (now.getTime() / 1000 >= claims.expires) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}
