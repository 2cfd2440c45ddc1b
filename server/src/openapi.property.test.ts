import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, loginAs } from '../test/app.ts';
import { createPgliteDatabase, type TestDatabase } from '../test/databases.ts';
import { ManualClock } from './platform/clock.ts';
import type { App } from './platform/http.ts';

/**
 * SEC-3: no input makes the server fail. Walks every route of the OpenAPI description as an admin (who
 * passes every role check) and sends bodies, queries and paths that are plausible but for one value: a
 * NUL, a lone surrogate, 10 kB of text, a number beyond any column, a wrong type. Every answer must be
 * below 500, in the usual error body when it is an error.
 */
type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  format?: string;
  minimum?: number;
  minItems?: number;
  $ref?: string;
};
type Operation = {
  parameters?: { in: string; name: string; required?: boolean; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
};

const BAD = fc.oneof(
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\uD800',
    'x\uDFFF',
    '\uDBFF\uDBFF',
    'x'.repeat(10_240),
    '',
    ' ',
    '../../etc/passwd',
    "'; drop table slot; --",
    2 ** 31,
    2 ** 53 + 1,
    1e20,
    -1e20,
    -1,
    0,
    1.5,
    true,
    null,
    [],
    {},
    [1, '\u0000'],
    { a: '\u0000' },
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer(),
  fc.double({ noNaN: true }),
);

/** A lone surrogate cannot be UTF-8: it travels as the bytes of one (ED A0 80), which no decoder takes. */
const urlEncode = (text: string) =>
  encodeURIComponent(text.replace(/[\uD800-\uDFFF]/g, '\uFFFD')).replace(/%EF%BF%BD/g, '%ED%A0%80');

describe('every route of the OpenAPI description under bad input (property)', () => {
  let t: TestDatabase;
  let app: App;
  let spec: {
    paths: Record<string, Record<string, Operation>>;
    components?: { schemas?: Record<string, Schema> };
  };
  let admin: Record<string, string>;
  const clock = new ManualClock('2026-12-03T09:00:00Z');

  beforeAll(async () => {
    t = await createPgliteDatabase();
    app = await buildTestApp(t.db, clock);
    admin = await loginAs(app, t.db, clock, ['admin']);
    spec = app.swagger() as typeof spec;
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  const resolve = (s: Schema | undefined): Schema | undefined => {
    if (!s?.$ref) return s;
    const name = s.$ref.split('/').pop() ?? '';
    return spec.components?.schemas?.[name];
  };

  /** A value the schema would likely accept, so that one bad value reaches as deep as it can. */
  function plausible(schema: Schema | undefined, depth = 0): unknown {
    const s = resolve(schema);
    if (!s || depth > 6) return 'x';
    if (s.const !== undefined) return s.const;
    if (s.enum) return s.enum[0];
    if (s.anyOf) return plausible(s.anyOf[0], depth + 1);
    const type = Array.isArray(s.type) ? s.type[0] : s.type;
    switch (type) {
      case 'object':
        return Object.fromEntries(
          Object.entries(s.properties ?? {})
            .filter(([k]) => s.required?.includes(k))
            .map(([k, v]) => [k, plausible(v, depth + 1)]),
        );
      case 'array':
        return Array.from({ length: Math.max(1, s.minItems ?? 1) }, () => plausible(s.items, depth + 1));
      case 'integer':
      case 'number':
        return s.minimum ?? 1;
      case 'boolean':
        return true;
      default:
        return s.format === 'date'
          ? '2026-12-10'
          : s.format === 'date-time'
            ? '2026-12-10T09:00:00Z'
            : s.format === 'uuid'
              ? '00000000-0000-4000-8000-000000000000'
              : 'A1';
    }
  }

  /** The paths of an object's leaves ("items.0.serviceCode"), so a bad value can replace any of them. */
  function leaves(value: unknown, prefix: string[] = []): string[][] {
    if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value as Record<string, unknown>);
      return [prefix, ...entries.flatMap(([k, v]) => leaves(v, [...prefix, k]))];
    }
    return [prefix];
  }
  function replaced(value: unknown, path: string[], bad: unknown): unknown {
    if (path.length === 0) return bad;
    const [head, ...rest] = path as [string, ...string[]];
    const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string, unknown>;
    copy[head] = replaced(copy[head], rest, bad);
    return copy;
  }

  it('answers below 500 on every route', async () => {
    const operations = Object.entries(spec.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
    );
    // Logging out would end the admin's session the walk needs.
    const routes = operations.filter((o) => !(o.path === '/api/v1/auth/logout'));
    expect(routes.length).toBeGreaterThan(40);
    for (const { path, method, op } of routes) {
      const params = op.parameters ?? [];
      const pathParams = params.filter((p) => p.in === 'path');
      const queryParams = params.filter((p) => p.in === 'query');
      const bodySchema = op.requestBody?.content?.['application/json']?.schema;
      const body = bodySchema ? plausible(bodySchema) : undefined;
      const query = Object.fromEntries(queryParams.map((p) => [p.name, plausible(p.schema)]));
      const targets = [
        ...pathParams.map((p) => ['path', p.name] as const),
        ...queryParams.map((p) => ['query', p.name] as const),
        ...(body !== undefined ? leaves(body).map((l) => ['body', l] as const) : []),
      ];
      if (targets.length === 0) continue;
      await fc.assert(
        fc.asyncProperty(fc.nat({ max: targets.length - 1 }), BAD, async (which, bad) => {
          const [where, name] = targets[which]!;
          const text = typeof bad === 'string' ? bad : JSON.stringify(bad);
          let url = path.replace(/\{(\w+)\}/g, (_, p: string) =>
            urlEncode(where === 'path' && p === name ? text : String(plausible(undefined))),
          );
          const q = new URLSearchParams();
          for (const [k, v] of Object.entries(query)) {
            q.set(k, where === 'query' && k === name ? text : String(v));
          }
          if (q.size > 0) url += `?${q.toString().replace(/%EF%BF%BD/g, '%ED%A0%80')}`;
          const payload = where === 'body' ? replaced(body, name as string[], bad) : body;
          const res = await app.inject({
            method: method as 'POST',
            url,
            headers: admin,
            ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
          });
          if (res.statusCode >= 500) {
            throw new Error(`${method} ${path} (${where} ${String(name)}): ${res.statusCode} ${res.body}`);
          }
          if (res.statusCode >= 400) expect(res.json().error.code).toEqual(expect.any(String));
        }),
        { numRuns: 20 },
      );
    }
  }, 600_000);
});
