import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../../test/app.ts';
import { DRIVERS, TEST_SERVER_URL, type TestDatabase } from '../../../../test/databases.ts';
import { ManualClock, systemClock } from '../../../platform/clock.ts';
import { type DatabaseHandle, openPostgres } from '../../../platform/db.ts';
import { AppError } from '../../../platform/errors.ts';
import type { App } from '../../../platform/http.ts';
import { registerUserCommands } from './users.cli.ts';

const BIN = fileURLToPath(new URL('../../../../bin/sportello.js', import.meta.url));

async function admin(text: string) {
  const client = new pg.Client({ connectionString: TEST_SERVER_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

// The real command line on a fresh PostgreSQL database: how a deployment gets its first admin.
describe('sportello user … on PostgreSQL, the real command', () => {
  const name = `sportello_test_${randomBytes(6).toString('hex')}`;
  const url = new URL(TEST_SERVER_URL);
  url.pathname = `/${name}`;
  let handle: DatabaseHandle | undefined;
  let app: App | undefined;

  const run = (args: string[], stdin?: string) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const child = execFile(
        process.execPath,
        [BIN, ...args],
        { env: { ...process.env, DATABASE_URL: url.toString(), LOG_LEVEL: 'silent', JOBS: 'off' } },
        (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
      );
      child.stdin?.end(stdin ?? '');
    });

  const login = (username: string, password: string) =>
    app!.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });

  beforeAll(async () => {
    await admin(`create database ${name}`);
  });
  afterAll(async () => {
    await app?.close();
    await handle?.close();
    await admin(`drop database if exists ${name} with (force)`);
  });

  it('adds the first admin with a generated password shown once, who can then log in', {
    timeout: 300_000,
  }, async () => {
    const empty = await run(['user', 'list']);
    expect(empty.code).toBe(0);
    expect(empty.stdout).toContain('No users yet');

    const added = await run(['user', 'add', 'amministratore', '--role', 'admin', '--name', 'Anna Admin']);
    expect(added.code, added.stderr).toBe(0);
    const password = /shown only now: (\S+)/.exec(added.stdout)?.[1];
    expect(password).toMatch(/^[a-zA-Z2-9]{5}(-[a-zA-Z2-9]{5}){3}$/);

    handle = await openPostgres(url.toString(), 2);
    app = await buildTestApp(handle.db, systemClock);
    const res = await login('amministratore', password!);
    expect(res.statusCode).toBe(200);
    expect(res.json().user.roles).toEqual(['admin']);
    // No demo account exists.
    expect((await login('admin', 'demo')).statusCode).toBe(401);
    // The user's creation is audited once (the failed demo login has its own security row).
    const audit = await handle.db
      .selectFrom('audit_event')
      .selectAll()
      .where('resource_type', '=', 'app_user')
      .execute();
    expect(audit).toMatchObject([
      { action: 'create', resource_type: 'app_user', request_id: 'cli:user-add' },
    ]);
  });
});

// The same commands in-process (commander parsing included) on both drivers: quicker than a process each.
describe.each(DRIVERS)('sportello user … on $name', ({ create }) => {
  let t: TestDatabase;
  let app: App;
  const clock = new ManualClock('2026-12-03T09:00:00Z');
  let stdin = '';

  const run = async (args: string[], input = '') => {
    let stdout = '';
    stdin = input;
    const program = new Command().exitOverride();
    registerUserCommands(program, async () => ({ handle: { db: t.db, close: async () => {} }, clock }), {
      out: { write: (s) => (stdout += s) },
      readStdin: async () => stdin.replace(/\n$/, ''),
    });
    try {
      await program.parseAsync(['node', 'sportello', ...args]);
      return { ok: true, stdout, error: '' };
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      return { ok: false, stdout, error: `${e.field}: ${e.message}` };
    }
  };
  const login = (username: string, password: string) =>
    app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });

  beforeAll(async () => {
    t = await create();
    app = await buildTestApp(t.db, clock);
    expect((await run(['user', 'add', 'capo', '--role', 'admin'])).ok).toBe(true);
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  it('applies the password policy to a password given on standard input', async () => {
    const weak = await run(
      ['user', 'add', 'mrossi', '--role', 'operator', '--password-stdin'],
      'mrossi2026!!x\n',
    );
    expect(weak).toMatchObject({ ok: false, error: 'password: the password must not contain the username' });
    const noRole = await run(['user', 'add', 'mrossi']);
    expect(noRole).toMatchObject({ ok: false, error: 'role: give at least one --role' });
    const good = await run(
      ['user', 'add', 'mrossi', '--role', 'operator', '--role', 'backoffice', '--password-stdin'],
      'cavallo-nuvola-17\n',
    );
    expect(good.ok, good.error).toBe(true);
    expect(good.stdout).not.toContain('shown only now');
    const res = await login('mrossi', 'cavallo-nuvola-17');
    expect(res.json().user.roles).toEqual(['operator', 'backoffice']);
  });

  it('disables, enables, resets a password and sets roles; refuses to disable the last admin', async () => {
    expect((await run(['user', 'disable', 'mrossi'])).ok).toBe(true);
    expect((await login('mrossi', 'cavallo-nuvola-17')).statusCode).toBe(401);
    expect((await run(['user', 'enable', 'mrossi'])).ok).toBe(true);
    const reset = await run(['user', 'reset-password', 'mrossi']);
    const password = /shown only now: (\S+)/.exec(reset.stdout)?.[1];
    expect((await login('mrossi', 'cavallo-nuvola-17')).statusCode).toBe(401);
    expect((await login('mrossi', password ?? '')).statusCode).toBe(200);
    expect((await run(['user', 'roles', 'mrossi', 'supervisor'])).stdout).toBe('mrossi: supervisor.\n');

    expect(await run(['user', 'disable', 'capo'])).toMatchObject({
      ok: false,
      error: expect.stringContaining('last active admin'),
    });
    expect(await run(['user', 'disable', 'nessuno'])).toMatchObject({
      ok: false,
      error: 'username: user not found',
    });

    const list = JSON.parse((await run(['user', 'list', '--json'])).stdout);
    expect(list.map((u: { username: string; active: boolean }) => [u.username, u.active])).toEqual([
      ['capo', true],
      ['mrossi', true],
    ]);
    const table = (await run(['user', 'list'])).stdout.split('\n');
    expect(table[0]).toMatch(/^username\s+name\s+roles\s+state\s+login$/);
    expect(table[2]).toMatch(/^mrossi\s+mrossi\s+supervisor\s+active\s+local$/);
  });
});
