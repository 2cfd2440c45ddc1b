import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../../../test/app.ts';
import { createPgliteDatabase, type TestDatabase } from '../../../test/databases.ts';
import { buildApp } from '../../app.ts';
import { ManualClock } from '../../platform/clock.ts';
import { loadConfig } from '../../platform/config.ts';
import type { App } from '../../platform/http.ts';
import { createLogger } from '../../platform/logger.ts';
import { chatSettings } from './chat.service.ts';
import { purgeChats } from './upkeep.service.ts';

// CC-10 and HD-3 over HTTP: a citizen sends documents in the chat once an operator is asked for; they are
// checked as the help desk's attachments are, read only by the operator who answers (audited), carried
// to the ticket the chat becomes, and deleted with the chat.
describe('documents in the chat', () => {
  let t: TestDatabase;
  let app: App;
  let operator: Headers;
  let other: Headers;
  type Headers = { authorization: string; 'content-type': string };
  // Monday 7 December 2026, 10:00 in Rome: the desk is open.
  const clock = new ManualClock('2026-12-07T09:00:00Z');
  const pdf = Buffer.from(
    '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
  );
  const eicar = Buffer.from('X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*');

  beforeAll(async () => {
    t = await createPgliteDatabase();
    // A real scan command through the help desk's hook: exit 1 (infected) on the EICAR marker.
    const config = loadConfig({
      JOBS: 'off',
      LOG_LEVEL: 'silent',
      HELPDESK_SCAN_COMMAND: '! grep -q EICAR-STANDARD-ANTIVIRUS-TEST-FILE',
    });
    app = await buildApp({
      db: t.db,
      dbKind: 'pglite',
      clock,
      config,
      log: createLogger('silent'),
      chat: { ...chatSettings(config), startsPer10Min: 1000 },
    });
    await app.ready();
    operator = await loginAs(app, t.db, clock, ['operator']);
    other = await loginAs(app, t.db, clock, ['operator']);
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  const json = { 'content-type': 'application/json' };
  type Chat = { id: string; token: string };
  const start = async (): Promise<Chat> => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/portal/chat',
      headers: json,
      payload: { message: 'Buongiorno, ho una domanda sulla ricetta' },
    });
    expect(res.statusCode, res.body).toBe(201);
    return { id: res.json().id, token: res.json().token };
  };
  const citizen = (c: Chat, path: string, payload: object = { after: 0 }, token = c.token) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/portal/chat/${c.id}${path}`,
      headers: { ...json, 'x-chat-token': token },
      payload,
    });
  const send = (c: Chat, filename: string, contentType: string, content: Buffer | string, token?: string) =>
    citizen(
      c,
      '/documents',
      {
        filename,
        contentType,
        content: typeof content === 'string' ? content : content.toString('base64'),
        after: 0,
      },
      token,
    );
  const stored = async (c: Chat) =>
    (await t.db.selectFrom('chat_attachment').select('seq').where('conversation_id', '=', c.id).execute())
      .length;

  it('takes a document only once an operator is asked for, and refuses what the help desk refuses', async () => {
    const c = await start();
    const early = await send(c, 'ricetta.pdf', 'application/pdf', pdf);
    expect(early.statusCode).toBe(409);
    expect(early.json().error).toMatchObject({
      code: 'INVALID_STATE',
      message: expect.stringContaining('operator'),
    });
    expect((await citizen(c, '/operator')).json().state).toBe('waiting');

    const exe = await send(c, 'ricetta.exe', 'application/octet-stream', Buffer.from('MZ\x90\x00'));
    expect(exe.statusCode).toBe(422);
    expect(exe.json().error).toMatchObject({ field: 'document', message: expect.stringContaining('.exe') });
    const infected = await send(c, 'ricetta.txt', 'text/plain', eicar);
    expect(infected.statusCode).toBe(422);
    expect(infected.json().error).toMatchObject({
      field: 'document',
      message: expect.stringContaining('infected'),
    });
    const garbled = await send(c, 'ricetta.pdf', 'application/pdf', 'non è base64!');
    expect(garbled.json().error).toMatchObject({ field: 'document.content' });
    const stranger = await send(c, 'ricetta.pdf', 'application/pdf', pdf, 'x'.repeat(43));
    expect(stranger.statusCode).toBe(404);
    expect(await stored(c)).toBe(0);

    const ok = await send(c, 'C:\\Users\\maria\\ricetta.pdf', 'application/pdf', pdf);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().documentMaxMegabytes).toBe(10); // HELPDESK_ATTACHMENT_MAX_MB's default
    const message = ok.json().messages.at(-1);
    expect(message).toMatchObject({
      author: 'citizen',
      body: 'Documento inviato: ricetta.pdf (1 kB)',
      attachment: { filename: 'ricetta.pdf', contentType: 'application/pdf', size: pdf.length },
    });
    expect(await stored(c)).toBe(1);
  });

  it('lets only the answering operator download it, audited, and carries it to the ticket', async () => {
    const c = await start();
    await citizen(c, '/operator');
    const sent = (await send(c, 'impegnativa.pdf', 'application/pdf', pdf)).json();
    const seq = sent.messages.at(-1).seq as number;
    const accept = await app.inject({
      method: 'POST',
      url: `/api/v1/chat/${c.id}/accept`,
      headers: operator,
      payload: {},
    });
    expect(accept.statusCode, accept.body).toBe(200);
    const read = (
      await app.inject({ method: 'GET', url: `/api/v1/chat/${c.id}?after=0`, headers: operator })
    ).json();
    expect(read.messages.find((m: { seq: number }) => m.seq === seq).attachment).toEqual({
      filename: 'impegnativa.pdf',
      contentType: 'application/pdf',
      size: pdf.length,
    });

    const url = `/api/v1/chat/${c.id}/documents/${seq}`;
    const file = await app.inject({ method: 'GET', url, headers: operator });
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(pdf)).toBe(true);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toBe('attachment; filename="impegnativa.pdf"');
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    const audits = await t.db
      .selectFrom('audit_event')
      .select(['resource_type', 'resource_id', 'action'])
      .where('resource_type', '=', 'ChatAttachment')
      .execute();
    expect(audits).toEqual([
      { resource_type: 'ChatAttachment', resource_id: `${c.id}/${seq}`, action: 'read' },
    ]);
    expect((await app.inject({ method: 'GET', url, headers: other })).statusCode).toBe(403);
    expect(
      (
        await app.inject({
          method: 'GET',
          url: `/api/v1/chat/${c.id}/documents/${seq + 50}`,
          headers: operator,
        })
      ).statusCode,
    ).toBe(404);

    const ticket = await app.inject({
      method: 'POST',
      url: `/api/v1/chat/${c.id}/ticket`,
      headers: operator,
      payload: { queue: 'cup', subject: 'Impegnativa da verificare', after: 0 },
    });
    expect(ticket.statusCode, ticket.body).toBe(200);
    const kept = await t.db
      .selectFrom('helpdesk_attachment as a')
      .innerJoin('chat_conversation as c', 'c.ticket_id', 'a.ticket_id')
      .select(['a.filename', 'a.sha256', 'a.content_type'])
      .where('c.id', '=', c.id)
      .execute();
    expect(kept).toEqual([
      {
        filename: 'impegnativa.pdf',
        sha256: createHash('sha256').update(pdf).digest('hex'),
        content_type: 'application/pdf',
      },
    ]);
  });

  it('takes five documents a chat, carries them to a request left in writing, and deletes them with the chat', async () => {
    const c = await start();
    await citizen(c, '/operator');
    for (let i = 1; i <= 5; i++)
      expect((await send(c, `pagina-${i}.png`, 'image/png', Buffer.from(`png ${i}`))).statusCode).toBe(200);
    const sixth = await send(c, 'pagina-6.png', 'image/png', Buffer.from('png 6'));
    expect(sixth.statusCode).toBe(409);
    expect(sixth.json().error.message).toContain('5 documents');
    const left = await citizen(c, '/request', { email: 'maria.rossi@example.it', after: 0 });
    expect(left.statusCode, left.body).toBe(200);
    const ticketId = (
      await t.db
        .selectFrom('chat_conversation')
        .select('ticket_id')
        .where('id', '=', c.id)
        .executeTakeFirstOrThrow()
    ).ticket_id!;
    const onTicket = await t.db
      .selectFrom('helpdesk_attachment')
      .select('filename')
      .where('ticket_id', '=', ticketId)
      .orderBy('filename')
      .execute();
    expect(onTicket.map((a) => a.filename)).toEqual([1, 2, 3, 4, 5].map((i) => `pagina-${i}.png`));
    // A year and a day later the chat goes, its documents with it; the ticket keeps its copies.
    await purgeChats(t.db, new Date(clock.now().getTime() + 366 * 86_400_000));
    expect(await stored(c)).toBe(0);
    expect(
      await t.db
        .selectFrom('helpdesk_attachment')
        .select('filename')
        .where('ticket_id', '=', ticketId)
        .execute(),
    ).toHaveLength(5);
  });
});
