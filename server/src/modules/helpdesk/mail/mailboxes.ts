/**
 * The help desk's mailboxes (HD-1), from HELPDESK_MAILBOXES: a JSON list, one entry per mailbox, each
 * feeding a queue — `[{"name":"tributi","queue":"tributi","address":"tributi@regione.example",
 * "imap":"imaps://user:password@mail.regione.example/INBOX","smtp":"smtps://…","pec":false}]`.
 * `imap` is read (IDLE, or polled); `smtp` sends the answers from this mailbox (a PEC mailbox must have
 * its provider's), otherwise they go through the messaging e-mail gateway. `"fax": true` marks the fax
 * server's mailbox (faxes converted to e-mail): its tickets' channel is fax.
 */

export interface Mailbox {
  name: string;
  queue: string;
  address: string;
  imap: URL | null;
  smtp: string | null;
  pec: boolean;
  /** The fax server's mailbox: each fax arrives as an e-mail with the PDF/TIFF; its tickets are faxes. */
  fax: boolean;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Parses the list; throws an error naming the entry and the field. */
export function parseMailboxes(json: string | undefined, queues: readonly string[]): Mailbox[] {
  if (!json?.trim()) return [];
  let list: unknown;
  try {
    list = JSON.parse(json);
  } catch {
    throw new Error('not JSON: a list of {name, queue, address, imap, smtp?, pec?}');
  }
  if (!Array.isArray(list)) throw new Error('a JSON list of mailboxes');
  const names = new Set<string>();
  return list.map((raw, i) => {
    const e = (raw ?? {}) as Record<string, unknown>;
    const where = `mailbox ${i + 1}`;
    const str = (k: string) => (typeof e[k] === 'string' ? (e[k] as string).trim() : '');
    const name = str('name');
    if (!/^[a-z0-9-]{1,40}$/.test(name)) throw new Error(`${where}: name (lower-case letters, digits, -)`);
    if (names.has(name)) throw new Error(`${where}: name ${name} given twice`);
    names.add(name);
    const queue = str('queue');
    if (!queues.includes(queue))
      throw new Error(`${where}: queue ${queue || '?'} is not one of ${queues.join(', ')}`);
    const address = str('address');
    if (!EMAIL.test(address)) throw new Error(`${where}: address is not an e-mail address`);
    let imap: URL | null = null;
    if (str('imap')) {
      try {
        imap = new URL(str('imap'));
      } catch {
        throw new Error(`${where}: imap is not a URL`);
      }
      if (imap.protocol !== 'imap:' && imap.protocol !== 'imaps:')
        throw new Error(`${where}: imap is imap:// or imaps://`);
    }
    const smtp = str('smtp') || null;
    if (smtp && !/^smtps?:\/\//.test(smtp)) throw new Error(`${where}: smtp is smtp:// or smtps://`);
    const pec = e.pec === true;
    if (pec && !smtp) throw new Error(`${where}: a PEC mailbox answers through its provider: give smtp`);
    const fax = e.fax === true;
    if (pec && fax) throw new Error(`${where}: a mailbox is for PEC or for faxes, not both`);
    return { name, queue, address, imap, smtp, pec, fax };
  });
}
