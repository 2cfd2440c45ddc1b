import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';

// Debian puts the daemon in /usr/sbin, which a non-login shell's PATH may lack.
const DOVECOT = existsSync('/usr/sbin/dovecot') ? '/usr/sbin/dovecot' : 'dovecot';

/**
 * A throw-away Debian Dovecot (dovecot-imapd) on this machine for the help desk's tests: its own
 * configuration, run and mail directories under a temporary folder, IMAP without TLS on a free port of
 * 127.0.0.1, any user with the password `secret` (static passdb), mail kept by Dovecot's own users.
 * `append` puts a raw message in a mailbox the way a delivery would.
 */
export class TestDovecot {
  private dir = '';
  port = 0;

  static available(): boolean {
    return spawnSync(DOVECOT, ['--version']).status === 0;
  }

  async start(): Promise<this> {
    this.dir = mkdtempSync(path.join(tmpdir(), 'sportello-dovecot-'));
    chmodSync(this.dir, 0o755);
    for (const d of ['run', 'state', 'mail', 'home']) mkdirSync(path.join(this.dir, d));
    // Dovecot runs mail processes as its own user: the mail folders must be theirs to write.
    chmodSync(path.join(this.dir, 'mail'), 0o1777);
    chmodSync(path.join(this.dir, 'home'), 0o1777);
    this.port = await freePort();
    const conf = `
base_dir = ${this.dir}/run
state_dir = ${this.dir}/state
log_path = ${this.dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = dovecot
default_internal_group = dovecot
default_login_user = dovenull
first_valid_uid = 1
mail_location = maildir:${this.dir}/mail/%u
passdb {
  driver = static
  args = password=secret
}
userdb {
  driver = static
  args = uid=dovecot gid=dovecot home=${this.dir}/home/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${this.port}
  }
  inet_listener imaps {
    port = 0
  }
}
`;
    writeFileSync(path.join(this.dir, 'dovecot.conf'), conf);
    // The daemon keeps whatever output it is given open: give it none (it logs to log_path).
    const r = spawnSync(DOVECOT, ['-c', path.join(this.dir, 'dovecot.conf')], { stdio: 'ignore' });
    if (r.status !== 0) throw new Error(`dovecot did not start (see ${this.dir}/dovecot.log)`);
    // Ready when it answers a login.
    for (let i = 0; i < 50; i++) {
      try {
        const c = await this.client('probe');
        await c.logout();
        return this;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    await this.stop();
    throw new Error('dovecot did not answer');
  }

  url(user: string, mailbox = 'INBOX'): string {
    return `imap://${user}:secret@127.0.0.1:${this.port}/${mailbox}`;
  }

  async client(user: string): Promise<ImapFlow> {
    const c = new ImapFlow({
      host: '127.0.0.1',
      port: this.port,
      secure: false,
      auth: { user, pass: 'secret' },
      logger: false,
    });
    c.on('error', () => {});
    await c.connect();
    return c;
  }

  /** Delivers raw messages to a user's mailbox, in order. */
  async append(user: string, ...raws: (Buffer | string)[]): Promise<void> {
    const c = await this.client(user);
    try {
      for (const raw of raws) await c.append('INBOX', raw);
    } finally {
      await c.logout();
    }
  }

  /** The flags of every message in a user's INBOX, by UID. */
  async flags(user: string): Promise<Map<number, Set<string>>> {
    const c = await this.client(user);
    const out = new Map<number, Set<string>>();
    try {
      const lock = await c.getMailboxLock('INBOX');
      try {
        for await (const m of c.fetch('1:*', { uid: true, flags: true }))
          out.set(m.uid, m.flags ?? new Set());
      } finally {
        lock.release();
      }
    } finally {
      await c.logout();
    }
    return out;
  }

  async stop(): Promise<void> {
    if (!this.dir) return;
    spawnSync(DOVECOT, ['-c', path.join(this.dir, 'dovecot.conf'), 'stop'], { stdio: 'ignore' });
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}
