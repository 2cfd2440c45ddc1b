import { buildApp } from '../src/app.ts';
import { createUser } from '../src/modules/identity/index.ts';
import type { Clock } from '../src/platform/clock.ts';
import { loadConfig } from '../src/platform/config.ts';
import type { Role } from '../src/platform/context.ts';
import type { Db } from '../src/platform/db.ts';
import type { App } from '../src/platform/http.ts';
import { createLogger } from '../src/platform/logger.ts';

export async function buildTestApp(db: Db, clock: Clock): Promise<App> {
  const config = loadConfig({ JOBS: 'off', LOG_LEVEL: 'silent' });
  const app = await buildApp({ db, dbKind: 'pglite', clock, config, log: createLogger('silent') });
  await app.ready();
  return app;
}

let n = 0;
/**
 * Creates a user with the given roles and returns the headers of its API calls: the bearer token, and
 * the JSON content type every state-changing request must carry (even without a body).
 */
export async function loginAs(
  app: App,
  db: Db,
  clock: Clock,
  roles: Role[],
  name?: string,
): Promise<{ authorization: string; 'content-type': string }> {
  n++;
  const username = name ?? `u${n}-${roles.join('-')}-${Date.now()}`;
  await createUser(db, clock, {
    username,
    displayName: username,
    password: 'secret-pass',
    roles,
    operatorCode: `OP${n}`,
  });
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password: 'secret-pass' },
  });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.body}`);
  return { authorization: `Bearer ${res.json().token}`, 'content-type': 'application/json' };
}

/** Makes a report through the API (as a CUP manager's headers) and returns it as stored, data included. */
export async function makeReport<T = { id: string; data: Record<string, unknown> }>(
  app: App,
  headers: Record<string, string>,
  kind: 'weekly' | 'monthly',
  period: string,
): Promise<T> {
  const made = await app.inject({
    method: 'POST',
    url: '/api/v1/reporting/reports',
    headers,
    payload: { kind, period },
  });
  if (made.statusCode !== 201) throw new Error(`report not made: ${made.body}`);
  return (
    await app.inject({ method: 'GET', url: `/api/v1/reporting/reports/${made.json().id}`, headers })
  ).json() as T;
}
