import { describe, expect, it } from 'vitest';
import { parseMailboxes } from './mailboxes.ts';

const QUEUES = ['cup', 'tributi', 'pec'];
const box = (o: object) => JSON.stringify([{ name: 'tributi', queue: 'tributi', address: 't@r.it', ...o }]);

describe('the mailboxes configuration', () => {
  it('reads each mailbox with its queue, IMAP and SMTP', () => {
    const [m] = parseMailboxes(
      box({ imap: 'imaps://u:p%40ss@mail.r.it/INBOX', smtp: 'smtps://u:p@mail.r.it' }),
      QUEUES,
    );
    expect(m).toMatchObject({
      name: 'tributi',
      queue: 'tributi',
      address: 't@r.it',
      smtp: 'smtps://u:p@mail.r.it',
      pec: false,
    });
    expect(decodeURIComponent(m!.imap!.password)).toBe('p@ss');
    expect(parseMailboxes(undefined, QUEUES)).toEqual([]);
  });

  it.each([
    ['not json', /not JSON/],
    ['{}', /JSON list/],
    [box({ name: 'Tributi!' }), /mailbox 1: name/],
    [box({ queue: 'nope' }), /mailbox 1: queue nope is not one of cup, tributi, pec/],
    [box({ address: 'nobody' }), /mailbox 1: address/],
    [box({ imap: 'http://x' }), /mailbox 1: imap is imap/],
    [box({ smtp: 'ftp://x' }), /mailbox 1: smtp/],
    [box({ pec: true }), /PEC mailbox answers through its provider/],
    [box({ pec: true, fax: true, smtp: 'smtps://x' }), /PEC or for faxes, not both/],
    [
      JSON.stringify([
        { name: 'a', queue: 'cup', address: 'a@r.it' },
        { name: 'a', queue: 'cup', address: 'b@r.it' },
      ]),
      /mailbox 2: name a given twice/,
    ],
  ])('refuses %s, naming the entry and the field', (json, message) => {
    expect(() => parseMailboxes(json, QUEUES)).toThrow(message);
  });
});
