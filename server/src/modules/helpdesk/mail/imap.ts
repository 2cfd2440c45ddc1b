/**
 * Reads one IMAP mailbox (HD-1) with ImapFlow: everything after the last UID it handed over, then waits
 * for new mail with IDLE (and polls as well, for servers and proxies that drop idle connections). Each
 * message's raw source goes to `deliver`, which stores it before the reader moves on; the mailbox's
 * UIDVALIDITY and last UID are kept by the caller (`position`), so a restart neither loses nor repeats a
 * message (a repeat is refused by the store anyway). Handled messages are flagged \Seen for the people
 * who also look at the mailbox.
 */
import { ImapFlow } from 'imapflow';

export interface ImapPosition {
  uidValidity: bigint;
  lastUid: number;
}

export interface ImapReaderOptions {
  url: URL;
  /** Where this reader is: the last UID stored, under which UIDVALIDITY (null: from the start). */
  position: () => Promise<ImapPosition | null>;
  /** Stores one message; resolves once it is safe (committed). */
  deliver: (raw: Buffer, at: { uidValidity: bigint; uid: number; arrivedAt: Date | null }) => Promise<void>;
  savePosition: (p: ImapPosition) => Promise<void>;
  pollMs: number;
  log: { info(o: object, m: string): void; warn(o: object, m: string): void };
  /** Messages fetched per round trip. */
  batch?: number;
}

export class ImapReader {
  private client: ImapFlow | null = null;
  private stopped = false;
  private wake: (() => void) | null = null;
  private running: Promise<void> | null = null;

  constructor(private readonly o: ImapReaderOptions) {}

  start(): void {
    this.running ??= this.loop();
  }

  /** Reads what is there now, once (tests; the loop does the same on each wake-up). */
  async drainOnce(): Promise<number> {
    const client = await this.connect();
    try {
      return await this.drain(client);
    } finally {
      await client.logout().catch(() => {});
      this.client = null;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.client?.logout().catch(() => {});
    await this.running;
  }

  private async connect(): Promise<ImapFlow> {
    const u = this.o.url;
    const client = new ImapFlow({
      host: u.hostname,
      port: Number(u.port || (u.protocol === 'imaps:' ? 993 : 143)),
      secure: u.protocol === 'imaps:',
      auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) },
      logger: false,
      // A region's server may use its own CA; TLS is still verified unless the URL says otherwise.
      tls: { rejectUnauthorized: u.searchParams.get('tls') !== 'insecure' },
    });
    client.on('error', () => {});
    await client.connect();
    this.client = client;
    return client;
  }

  private get path() {
    return decodeURIComponent(this.o.url.pathname.replace(/^\//, '')) || 'INBOX';
  }

  private async loop(): Promise<void> {
    let backoff = 1000;
    while (!this.stopped) {
      try {
        const client = await this.connect();
        backoff = 1000;
        client.on('exists', () => this.wake?.());
        while (!this.stopped && client.usable) {
          await this.drain(client);
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, this.o.pollMs);
            this.wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          this.wake = null;
        }
      } catch (e) {
        if (this.stopped) break;
        this.o.log.warn(
          { err: (e as Error).message, mailbox: this.o.url.hostname },
          'IMAP mailbox unreachable; retrying',
        );
        await new Promise((r) => setTimeout(r, backoff));
        backoff = Math.min(backoff * 2, 60_000);
      } finally {
        await this.client?.logout().catch(() => {});
        this.client = null;
      }
    }
  }

  /** Hands over every message after the last one stored; returns how many. */
  private async drain(client: ImapFlow): Promise<number> {
    const lock = await client.getMailboxLock(this.path);
    let count = 0;
    try {
      const box = client.mailbox;
      if (!box) return 0;
      const known = await this.o.position();
      // A new UIDVALIDITY means the server renumbered the mailbox: read it again (repeats are refused).
      let last = known && known.uidValidity === box.uidValidity ? known.lastUid : 0;
      const batch = this.o.batch ?? 50;
      const found = await client.search({ uid: `${last + 1}:*` }, { uid: true });
      // `n:*` also answers with the newest message when n is past it.
      const uids = (found || []).filter((u) => u > last).sort((a, b) => a - b);
      const fetchChunk = async (chunk: number[]) => {
        const messages: { uid: number; source: Buffer; internalDate: Date | null }[] = [];
        for await (const m of client.fetch(
          chunk.join(','),
          { uid: true, source: true, internalDate: true },
          { uid: true },
        )) {
          if (m.source)
            messages.push({
              uid: m.uid,
              source: m.source,
              internalDate: m.internalDate ? new Date(m.internalDate) : null,
            });
        }
        return messages.sort((a, b) => a.uid - b.uid);
      };
      // The next batch is fetched while this one is stored: the server's work overlaps the database's.
      let next = uids.length > 0 ? fetchChunk(uids.slice(0, batch)) : null;
      try {
        for (let i = 0; i < uids.length && !this.stopped; i += batch) {
          const messages = await next!;
          next = i + batch < uids.length ? fetchChunk(uids.slice(i + batch, i + 2 * batch)) : null;
          for (const m of messages) {
            await this.o.deliver(m.source, {
              uidValidity: box.uidValidity,
              uid: m.uid,
              arrivedAt: m.internalDate,
            });
            last = m.uid;
            count++;
          }
          await this.o.savePosition({ uidValidity: box.uidValidity, lastUid: last });
          if (messages.length > 0)
            await client.messageFlagsAdd(
              messages.map((m) => m.uid),
              ['\\Seen'],
              { uid: true },
            );
        }
      } finally {
        // Stopped or failed with a batch on its way: let it land (nothing of it is stored or flagged).
        await next?.catch(() => {});
      }
    } finally {
      lock.release();
    }
    return count;
  }
}
