import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../../../../test/app.ts';
import { createPgliteDatabase, type TestDatabase } from '../../../../test/databases.ts';
import { buildApp } from '../../../app.ts';
import { ManualClock } from '../../../platform/clock.ts';
import { loadConfig } from '../../../platform/config.ts';
import type { App } from '../../../platform/http.ts';
import { createLogger } from '../../../platform/logger.ts';

type Headers = { authorization: string; 'content-type': string };

// HD-1: scanned letters and paper faxes uploaded by staff become tickets with the document attached.
describe('documents uploaded by staff', () => {
  let t: TestDatabase;
  let app: App;
  let backoffice: Headers;
  let operator: Headers;
  const clock = new ManualClock('2026-12-03T09:00:00Z');
  // A minimal PDF, as a scanner's file would start.
  const pdf = Buffer.from(
    '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
  );

  beforeAll(async () => {
    t = await createPgliteDatabase();
    // A real scan command through the hook: exit 1 (infected) when the file carries the EICAR marker.
    const config = loadConfig({
      JOBS: 'off',
      LOG_LEVEL: 'silent',
      HELPDESK_SCAN_COMMAND: '! grep -q EICAR-STANDARD-ANTIVIRUS-TEST-FILE',
    });
    app = await buildApp({ db: t.db, dbKind: 'pglite', clock, config, log: createLogger('silent') });
    await app.ready();
    backoffice = await loginAs(app, t.db, clock, ['backoffice']);
    operator = await loginAs(app, t.db, clock, ['operator']);
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  const letter = (documents: object[]) => ({
    queue: 'tributi',
    channel: 'letter',
    subject: 'Ricorso bollo auto 2025',
    body: 'Lettera raccomandata del contribuente con la copia del versamento.',
    requester: { name: 'Carlo Bianchi', phone: '+39 333 1234567' },
    receivedAt: '2026-12-02T10:30:00+01:00',
    documents,
  });
  const post = (headers: Headers, payload: object) =>
    app.inject({ method: 'POST', url: '/api/v1/helpdesk/tickets', headers, payload });
  const count = async () =>
    Number(
      (
        await t.db
          .selectFrom('helpdesk_ticket')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('opens a ticket from a scanned letter with the document attached, downloadable as uploaded', async () => {
    const res = await post(
      backoffice,
      letter([{ filename: 'lettera.pdf', contentType: 'application/pdf', content: pdf.toString('base64') }]),
    );
    expect(res.statusCode).toBe(201);
    const ticket = res.json();
    expect(ticket).toMatchObject({ channel: 'letter', queue: 'tributi', state: 'new' });
    // The clock starts at the letter's arrival: Wednesday 10:30, 24 h on, Thursday 10:30.
    expect(ticket.dueAt).toBe(new Date('2026-12-03T10:30:00+01:00').toISOString());
    expect(ticket.messages).toEqual([expect.objectContaining({ direction: 'in', kind: 'ticket' })]);
    expect(ticket.attachments).toEqual([
      {
        id: expect.any(String),
        messageId: ticket.messages[0].id,
        filename: 'lettera.pdf',
        contentType: 'application/pdf',
        size: pdf.length,
        sha256: createHash('sha256').update(pdf).digest('hex'),
        refused: null,
        scan: 'clean',
      },
    ]);
    const file = await app.inject({
      method: 'GET',
      url: `/api/v1/helpdesk/tickets/${ticket.id}/attachments/${ticket.attachments[0].id}`,
      headers: backoffice,
    });
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(pdf)).toBe(true);
  });

  it('lets the front desk attach what a citizen brought (a TIFF fax on paper, scanned)', async () => {
    const tiff = Buffer.from([0x49, 0x49, 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00]);
    const res = await post(operator, {
      ...letter([{ filename: 'fax.tif', contentType: 'image/tiff', content: tiff.toString('base64') }]),
      channel: 'fax',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().attachments).toEqual([expect.objectContaining({ filename: 'fax.tif', size: 8 })]);
  });

  it('refuses a document of a type not accepted, by its field, and stores nothing', async () => {
    const before = await count();
    const res = await post(
      backoffice,
      letter([
        { filename: 'lettera.pdf', contentType: 'application/pdf', content: pdf.toString('base64') },
        { filename: 'programma.exe', contentType: 'application/octet-stream', content: 'TVqQAAMAAAAEAAAA' },
      ]),
    );
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({
      field: 'documents.1',
      message: expect.stringContaining('.exe'),
    });
    expect(await count()).toBe(before);
  });

  it('refuses an infected document (the scan hook said so) and a file that is not base64', async () => {
    const before = await count();
    const eicar = Buffer.from('X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*');
    const infected = await post(
      backoffice,
      letter([
        { filename: 'scansione.pdf', contentType: 'application/pdf', content: eicar.toString('base64') },
      ]),
    );
    expect(infected.statusCode).toBe(422);
    expect(infected.json().error).toMatchObject({
      field: 'documents.0',
      message: expect.stringContaining('infected'),
    });
    const garbled = await post(
      backoffice,
      letter([{ filename: 'lettera.pdf', contentType: 'application/pdf', content: 'non è base64!' }]),
    );
    expect(garbled.statusCode).toBe(422);
    expect(garbled.json().error).toMatchObject({ field: 'documents.0.content' });
    expect(await count()).toBe(before);
  });

  it('refuses a file larger than the limit', async () => {
    const big = Buffer.alloc(10 * 1024 * 1024 + 1, 0x25);
    const res = await post(
      backoffice,
      letter([{ filename: 'grande.pdf', contentType: 'application/pdf', content: big.toString('base64') }]),
    );
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({
      field: 'documents.0',
      message: expect.stringContaining('larger'),
    });
  });
});
