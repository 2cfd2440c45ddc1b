import { randomInt } from 'node:crypto';
import { buildFiscalCode } from '../../server/src/modules/registry/rules/fiscal-code.ts';
import { buildNre } from '../../server/src/modules/registry/rules/nre.ts';

/** Calls the API as a demo user would, with a bearer token. */
export async function apiAs(baseUrl: string, username: string) {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'demo' }),
  });
  if (!res.ok) throw new Error(`login ${username}: ${res.status}`);
  const { token } = (await res.json()) as { token: string };
  return async <T>(method: string, url: string, body?: unknown): Promise<T> => {
    const r = await fetch(`${baseUrl}${url}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        // Every write is JSON, even without a body (the server refuses anything else).
        ...(method === 'GET' ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${url}: ${r.status} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  };
}

type Api = Awaited<ReturnType<typeof apiAs>>;

/**
 * A prescription issued through the API, as a prescriber's system would send it: a first visit issued
 * yesterday, priority P, for 89.7A.3, a fresh NRE, unless `over` says otherwise. The API's answer.
 */
export function prescribe<T = { nre: string }>(
  api: Api,
  fiscalCode: string,
  over: { nre?: string; priority?: 'U' | 'B' | 'D' | 'P'; serviceCode?: string; exemptionCode?: string } = {},
): Promise<T> {
  return api<T>('POST', '/api/v1/prescriptions', {
    nre: over.nre ?? freshNre(),
    fiscalCode,
    priority: over.priority ?? 'P',
    access: 'first',
    issuedOn: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10),
    ...(over.exemptionCode ? { exemptionCode: over.exemptionCode } : {}),
    items: [{ serviceCode: over.serviceCode ?? '89.7A.3' }],
  });
}

const run = Date.now();
let n = 0;
const CONSONANTS = 'bcdfghlmnpqrstvz';
const pick = (s: string) => s[randomInt(s.length)]!;

/**
 * A valid codice fiscale nobody in the demo region has (the seed's names are Italian; these are not), of
 * someone born on `birthDate` if given, else on a random day of 1950–1989.
 * Random, not counted: every test file has its own module state, so a counter would repeat across files.
 */
export function unknownFiscalCode(birthDate?: string): string {
  return buildFiscalCode({
    familyName: 'Zyxwv',
    givenName: `Qj${pick(CONSONANTS)}${pick(CONSONANTS)}${pick(CONSONANTS)}`,
    birthDate:
      birthDate ??
      `19${50 + randomInt(40)}-${String(1 + randomInt(12)).padStart(2, '0')}-${String(1 + randomInt(28)).padStart(2, '0')}`,
    sex: 'F',
    municipalityCode: 'G942',
  });
}

/** A fresh NRE in a batch the seed never uses (the seed uses A0-A9, and S0 for the demo club). */
export function freshNre(): string {
  n++;
  return buildNre('170', 'E2', (run % 1_000_000_000) * 10 + n);
}

/** The seed's i-th prescription (its batches A0–A9 in turn). */
export const seededNre = (i: number) => buildNre('170', `A${i % 10}`, 1_000_000 + i);

/** The first seeded prescription's patient, found as an operator would: from an NRE. */
export const SEEDED_NRE = seededNre(0);
