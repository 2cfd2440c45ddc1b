// The test set-up's logic on a simulated machine (run by `npm test`: node --test scripts/test-setup.test.mjs).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { setUpTests } from './test-setup.mjs';

const HBA = '/etc/postgresql/15/main/pg_hba.conf';
const DEBIAN_HBA = 'local all postgres peer\nhost all all 127.0.0.1/32 scram-sha-256\n';

/**
 * A Debian machine: which packages are there, whether the cluster runs, whether it lets `root` in.
 * Commands change it the way the real ones would; `events` records what was printed and run, in order.
 */
function machine({
  root = true,
  postgres = 'online',
  chromium = true,
  espeak = true,
  dovecot = true,
  trusted = true,
  env = {},
} = {}) {
  const m = {
    postgres, // 'absent' | 'down' | 'online'
    chromium,
    espeak,
    dovecot,
    trusted,
    role: trusted,
    hba: trusted ? 'host all all 127.0.0.1/32 trust\n' : DEBIAN_HBA,
    events: [],
  };
  m.sys = {
    env,
    isRoot: root,
    executable: (p) => p === '/usr/bin/chromium' && m.chromium,
    commandExists: (name) =>
      ['pg_ctlcluster', 'pg_lsclusters'].includes(name)
        ? m.postgres !== 'absent'
        : name === 'espeak-ng'
          ? m.espeak
          : name === 'dovecot'
            ? m.dovecot
            : name === 'apt-get',
    run: (cmd, args) => {
      m.events.push(`run ${cmd} ${args.join(' ')}`);
      if (cmd === 'apt-get' && args[0] === 'install') {
        // Debian's postgresql creates the cluster `main`; in a container its start is often refused.
        if (args.includes('postgresql')) m.postgres = 'down';
        if (args.includes('chromium')) m.chromium = true;
        if (args.includes('espeak-ng')) m.espeak = true;
        if (args.includes('dovecot-imapd')) m.dovecot = true;
      }
      if (cmd === 'pg_ctlcluster' && args.at(-1) === 'start') m.postgres = 'online';
      if (cmd === 'pg_ctlcluster' && args.at(-1) === 'reload')
        m.trusted = m.hba.includes('host all root 127.0.0.1/32 trust');
      if (cmd === 'runuser') m.role = true;
      return 0;
    },
    output: (cmd) =>
      cmd === 'pg_lsclusters' && m.postgres !== 'absent'
        ? `15  main    5432 ${m.postgres === 'online' ? 'online' : 'down'} postgres /var/lib/postgresql/15/main /var/log/postgresql/postgresql-15-main.log\n`
        : '',
    connect: async (url) => {
      if (!new URL(url).hostname.startsWith('127.') || m.postgres !== 'online') return 'unreachable';
      return m.trusted && m.role ? 'ok' : 'refused';
    },
    readFile: (f) => {
      assert.equal(f, HBA);
      return m.hba;
    },
    writeFile: (f, text) => {
      assert.equal(f, HBA);
      m.events.push('write pg_hba.conf');
      m.hba = text;
    },
    sleep: async () => {},
    log: (line) => m.events.push(`log ${line}`),
    fail: (line) => m.events.push(`fail ${line}`),
  };
  return m;
}

const ran = (m) => m.events.filter((e) => e.startsWith('run '));

describe('the test set-up', () => {
  it('does nothing when PostgreSQL answers and Chromium is there', async () => {
    const m = machine();
    assert.equal(await setUpTests(m.sys), 0);
    assert.deepEqual(m.events, []);
  });

  it("installs espeak-ng for the prompts' audio when it is missing", async () => {
    const m = machine({ espeak: false });
    assert.equal(await setUpTests(m.sys), 0);
    assert.match(m.events[0], /^log Installing espeak-ng from Debian's packages/);
    assert.deepEqual(m.events.slice(1), ['run apt-get update -qq', 'run apt-get install -y -qq espeak-ng']);
  });

  it("installs Dovecot's IMAP server for the help desk's mailboxes when it is missing", async () => {
    const m = machine({ dovecot: false });
    assert.equal(await setUpTests(m.sys), 0);
    assert.equal(m.dovecot, true);
    assert.match(m.events[0], /^log Installing dovecot-imapd from Debian's packages/);
    assert.deepEqual(m.events.slice(1), [
      'run apt-get update -qq',
      'run apt-get install -y -qq dovecot-imapd',
    ]);
  });

  it('installs a missing Chromium as root, saying so in one line first', async () => {
    const m = machine({ chromium: false });
    assert.equal(await setUpTests(m.sys), 0);
    assert.equal(m.chromium, true);
    assert.match(m.events[0], /^log Installing chromium from Debian's packages/);
    assert.deepEqual(m.events.slice(1), ['run apt-get update -qq', 'run apt-get install -y -qq chromium']);
  });

  it('stops at once without root, naming the exact command', async () => {
    const m = machine({ root: false, chromium: false, postgres: 'absent' });
    assert.equal(await setUpTests(m.sys), 1);
    assert.deepEqual(ran(m), []);
    assert.equal(m.events.length, 1);
    assert.equal(
      m.events[0],
      "fail The tests need Debian's postgresql and chromium. Run: sudo sh -c 'apt-get update && apt-get install -y postgresql chromium'",
    );
  });

  it('on a fresh machine installs both in one go, starts the cluster and lets the test user in', async () => {
    const m = machine({ postgres: 'absent', chromium: false, trusted: false });
    m.role = false;
    assert.equal(await setUpTests(m.sys), 0);
    assert.match(m.events[0], /^log Installing postgresql and chromium from Debian's packages/);
    assert.deepEqual(ran(m), [
      'run apt-get update -qq',
      'run apt-get install -y -qq postgresql chromium',
      'run pg_ctlcluster --skip-systemctl-redirect 15 main start',
      ran(m)[3], // the role, checked below
      'run pg_ctlcluster --skip-systemctl-redirect 15 main reload',
    ]);
    assert.match(
      ran(m)[3],
      /^run runuser -u postgres -- psql -p 5432 -qc .*create role "root" superuser login/,
    );
    // The trust lines come first (pg_hba's first match wins), for root from this machine only.
    assert.ok(m.hba.endsWith(DEBIAN_HBA));
    assert.match(
      m.hba,
      /^# Added by Sportello's test set-up.*\nhost all root 127\.0\.0\.1\/32 trust\nhost all root ::1\/128 trust\n/,
    );
    assert.equal(await m.sys.connect('postgres://root@127.0.0.1:5432/postgres'), 'ok');
  });

  it('starts a cluster that is down, as root', async () => {
    const m = machine({ postgres: 'down' });
    assert.equal(await setUpTests(m.sys), 0);
    assert.deepEqual(ran(m), ['run pg_ctlcluster --skip-systemctl-redirect 15 main start']);
    assert.match(m.events[0], /^log Starting PostgreSQL 15\/main on port 5432/);
  });

  it('names the start command to a user who is not root', async () => {
    const m = machine({ postgres: 'down', root: false });
    assert.equal(await setUpTests(m.sys), 1);
    assert.deepEqual(ran(m), []);
    assert.deepEqual(m.events, [
      'fail PostgreSQL 15/main is down. Run: sudo pg_ctlcluster --skip-systemctl-redirect 15 main start',
    ]);
  });

  it('leaves a cluster it did not install as it is when it refuses the test user, and says how', async () => {
    const m = machine({ trusted: false });
    assert.equal(await setUpTests(m.sys), 1);
    assert.deepEqual(ran(m), []);
    assert.equal(m.hba, DEBIAN_HBA);
    assert.match(m.events[0], /^fail PostgreSQL refuses root .* createuser --superuser root .* reload$/);
  });

  it('uses TEST_DATABASE_URL, and never installs anything for a server elsewhere', async () => {
    const m = machine({
      postgres: 'absent',
      env: { TEST_DATABASE_URL: 'postgres://ci:secret@db.example:5432/x' },
    });
    assert.equal(await setUpTests(m.sys), 1);
    assert.deepEqual(ran(m), []);
    assert.deepEqual(m.events, [
      'fail PostgreSQL at TEST_DATABASE_URL (postgres://ci:***@db.example:5432/x) is unreachable: start it or point the variable elsewhere.',
    ]);
  });

  it('does not install for a browser path of the user’s own', async () => {
    const m = machine({ env: { CHROMIUM_PATH: '/opt/mine/chrome' } });
    assert.equal(await setUpTests(m.sys), 1);
    assert.deepEqual(ran(m), []);
    assert.match(m.events[0], /^fail Chromium is not at CHROMIUM_PATH \(\/opt\/mine\/chrome\)/);
  });

  it('runs on the real machine: a missing browser of the user’s own stops it with the path', () => {
    const script = fileURLToPath(new URL('./test-setup.mjs', import.meta.url));
    const r = spawnSync(process.execPath, [script], {
      encoding: 'utf8',
      env: { ...process.env, CHROMIUM_PATH: '/nonexistent/chromium' },
    });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /Chromium is not at CHROMIUM_PATH \(\/nonexistent\/chromium\)/);
  });
});
