#!/usr/bin/env node
// What `npm test` needs on this machine, set up before the tests run (the README's test command works on a
// fresh Debian machine with only Node): a PostgreSQL server at TEST_DATABASE_URL (default the local
// cluster: found, started, or installed from Debian's `postgresql`), and Debian's Chromium for the browser
// tests (`chromium`, never a downloaded browser), and espeak-ng for the prompts' audio, and Dovecot's IMAP server for the help desk's mailboxes. Installing needs root; anyone else gets the exact
// command to run, at once. The probes and commands are injected (`sys`) so the logic is tested
// (scripts/test-setup.test.mjs).
import { spawnSync } from 'node:child_process';
import { accessSync, constants, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEFAULT_DATABASE_URL = 'postgres://root@127.0.0.1:5432/postgres';
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
const HBA_MARK =
  "# Added by Sportello's test set-up: the test user, without a password, from this machine only.";

/**
 * Sets up what the tests need; returns the exit code (0: ready). `sys` holds every probe and command:
 *   env, isRoot, executable(path), commandExists(name), run(cmd, args) → status, output(cmd, args) → stdout,
 *   connect(url) → 'ok' | 'unreachable' | 'refused', readFile, writeFile, sleep(ms), log(line), fail(line).
 */
export async function setUpTests(sys) {
  const url = sys.env.TEST_DATABASE_URL || DEFAULT_DATABASE_URL;
  const chromium = sys.env.CHROMIUM_PATH || DEFAULT_CHROMIUM;
  const target = new URL(url);
  const local = LOCAL_HOSTS.has(target.hostname);
  const port = Number(target.port || 5432);
  const user = decodeURIComponent(target.username) || 'root';

  // What is missing, before touching anything.
  const packages = [];
  let database = await sys.connect(url);
  if (database !== 'ok') {
    if (!local) {
      sys.fail(
        `PostgreSQL at TEST_DATABASE_URL (${redact(target)}) is ${database}: start it or point the variable elsewhere.`,
      );
      return 1;
    }
    if (!sys.commandExists('pg_ctlcluster')) packages.push('postgresql');
  }
  if (!sys.executable(chromium)) {
    if (chromium !== DEFAULT_CHROMIUM) {
      sys.fail(
        `Chromium is not at CHROMIUM_PATH (${chromium}): install it there, or unset CHROMIUM_PATH to use Debian's.`,
      );
      return 1;
    }
    packages.push('chromium');
  }

  // The telephony tests synthesise the IVR's prompts with Debian's espeak-ng (issue 15 §2).
  if (!sys.commandExists('espeak-ng')) packages.push('espeak-ng');
  // The help desk's tests read mailboxes from a throw-away Dovecot (issue 16).
  if (!sys.commandExists('dovecot')) packages.push('dovecot-imapd');

  const installedPostgres = packages.includes('postgresql');
  if (packages.length > 0) {
    const install = `apt-get update && apt-get install -y ${packages.join(' ')}`;
    if (!sys.isRoot) {
      sys.fail(`The tests need Debian's ${packages.join(' and ')}. Run: sudo sh -c '${install}'`);
      return 1;
    }
    sys.log(`Installing ${packages.join(' and ')} from Debian's packages for the tests (${install}).`);
    if (
      sys.run('apt-get', ['update', '-qq']) !== 0 ||
      sys.run('apt-get', ['install', '-y', '-qq', ...packages]) !== 0
    ) {
      sys.fail(`Installing ${packages.join(' ')} failed (see above).`);
      return 1;
    }
    if (!sys.executable(chromium) && packages.includes('chromium')) {
      sys.fail(`Debian's chromium is installed but ${chromium} is not there.`);
      return 1;
    }
  }
  if (database === 'ok') return 0;

  // The local cluster on the URL's port: start it if it is down.
  const cluster = clusters(sys).find((c) => c.port === port);
  if (!cluster) {
    sys.fail(
      `No PostgreSQL cluster listens on port ${port} (pg_lsclusters). Create one: ` +
        `sudo pg_createcluster --port ${port} --start <version> main`,
    );
    return 1;
  }
  if (cluster.status !== 'online') {
    const start = ['--skip-systemctl-redirect', cluster.version, cluster.name, 'start'];
    if (!sys.isRoot) {
      sys.fail(
        `PostgreSQL ${cluster.version}/${cluster.name} is down. Run: sudo pg_ctlcluster ${start.join(' ')}`,
      );
      return 1;
    }
    sys.log(`Starting PostgreSQL ${cluster.version}/${cluster.name} on port ${port}.`);
    if (sys.run('pg_ctlcluster', start) !== 0) {
      sys.fail(`pg_ctlcluster ${start.join(' ')} failed (see above).`);
      return 1;
    }
  }
  database = await waitFor(sys, url);

  // A cluster installed just now knows no `root` and wants passwords: let the test user in from this
  // machine. A cluster found configured otherwise is the user's to change: say how.
  if (database === 'refused') {
    const grant = grantCommands(cluster, user);
    if (!installedPostgres) {
      sys.fail(
        `PostgreSQL refuses ${user} at ${redact(target)}. To let the tests in, as root: ${grant.join(' && ')}`,
      );
      return 1;
    }
    sys.log(
      `Letting ${user} into the new PostgreSQL ${cluster.version}/${cluster.name} from this machine, without a password.`,
    );
    const role = `do $$ begin if not exists (select from pg_roles where rolname = '${user.replaceAll("'", "''")}') then create role "${user.replaceAll('"', '""')}" superuser login; end if; end $$`;
    if (sys.run('runuser', ['-u', 'postgres', '--', 'psql', '-p', String(port), '-qc', role]) !== 0) {
      sys.fail('Creating the test role failed (see above).');
      return 1;
    }
    const hbaFile = `/etc/postgresql/${cluster.version}/${cluster.name}/pg_hba.conf`;
    const hba = sys.readFile(hbaFile);
    if (!hba.includes(HBA_MARK)) {
      const lines = [HBA_MARK, `host all ${user} 127.0.0.1/32 trust`, `host all ${user} ::1/128 trust`, ''];
      sys.writeFile(hbaFile, lines.join('\n') + hba);
    }
    sys.run('pg_ctlcluster', ['--skip-systemctl-redirect', cluster.version, cluster.name, 'reload']);
    database = await waitFor(sys, url);
  }
  if (database !== 'ok') {
    sys.fail(`PostgreSQL at ${redact(target)} is still ${database}; see /var/log/postgresql/.`);
    return 1;
  }
  return 0;
}

/** The commands that let `user` in from this machine without a password (for a cluster we did not install). */
function grantCommands(cluster, user) {
  const conf = `/etc/postgresql/${cluster.version}/${cluster.name}/pg_hba.conf`;
  return [
    `runuser -u postgres -- createuser --superuser ${user}`,
    `sed -i '1i host all ${user} 127.0.0.1/32 trust' ${conf}`,
    `pg_ctlcluster ${cluster.version} ${cluster.name} reload`,
  ];
}

function clusters(sys) {
  if (!sys.commandExists('pg_lsclusters')) return [];
  return sys
    .output('pg_lsclusters', ['--no-header'])
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f.length >= 4)
    .map(([version, name, port, status]) => ({ version, name, port: Number(port), status }));
}

async function waitFor(sys, url) {
  let state = await sys.connect(url);
  for (let i = 0; i < 30 && state === 'unreachable'; i++) {
    await sys.sleep(1000);
    state = await sys.connect(url);
  }
  return state;
}

function redact(url) {
  const copy = new URL(url);
  if (copy.password) copy.password = '***';
  return copy.toString();
}

/** The real machine. */
export function realSystem() {
  const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
  const pg = createRequire(path.join(root, 'server', 'package.json'))('pg');
  const executable = (p) => {
    try {
      accessSync(p, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  const dirs = [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/sbin'];
  return {
    env: process.env,
    isRoot: process.getuid?.() === 0,
    executable,
    commandExists: (name) => dirs.some((d) => d && executable(path.join(d, name))),
    run: (cmd, args) =>
      spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
        .status ?? 1,
    output: (cmd, args) => spawnSync(cmd, args, { encoding: 'utf8' }).stdout ?? '',
    connect: async (url) => {
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
      client.on('error', () => {});
      try {
        await client.connect();
        await client.query('select 1');
        return 'ok';
      } catch (e) {
        const code = e?.code ?? '';
        return [
          'ECONNREFUSED',
          'ECONNRESET',
          'ENOENT',
          'ETIMEDOUT',
          'EHOSTUNREACH',
          'ENOTFOUND',
          '57P03',
        ].includes(code) || /timeout/i.test(String(e?.message))
          ? 'unreachable'
          : 'refused';
      } finally {
        await client.end().catch(() => {});
      }
    },
    readFile: (f) => readFileSync(f, 'utf8'),
    writeFile: (f, text) => writeFileSync(f, text),
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    log: (line) => console.log(line),
    fail: (line) => console.error(line),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exitCode = await setUpTests(realSystem());
}
