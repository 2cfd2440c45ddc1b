import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loginAs } from '../../../test/app.ts';
import { createPgliteDatabase, createPostgresDatabase, type TestDatabase } from '../../../test/databases.ts';
import { buildApp } from '../../app.ts';
import { ManualClock } from '../../platform/clock.ts';
import { loadConfig } from '../../platform/config.ts';
import type { App } from '../../platform/http.ts';
import { createLogger } from '../../platform/logger.ts';
import { chatSettings } from './chat.service.ts';
import { closeIdleChats, purgeChats } from './upkeep.service.ts';

// CC-10 over HTTP: a citizen's chat, the automatic reception, the queue, an operator answering, the
// request left out of hours, and the ends of a chat.
describe('the chat over HTTP (CC-10)', () => {
  let t: TestDatabase;
  let app: App;
  let operator: Headers;
  let operatorCode: string;
  let other: Headers;
  let supervisor: Headers;
  let backoffice: Headers;
  type Headers = { authorization: string; 'content-type': string };
  // Monday 7 December 2026, 10:00 in Rome (UTC+1): the desk is open (CC-4).
  const clock = new ManualClock('2026-12-07T09:00:00Z');
  const settings = { ...chatSettings(loadConfig({})), startsPer10Min: 1000 };

  beforeAll(async () => {
    t = await createPgliteDatabase();
    const config = loadConfig({ JOBS: 'off', LOG_LEVEL: 'silent' });
    app = await buildApp({
      db: t.db,
      dbKind: 'pglite',
      clock,
      config,
      log: createLogger('silent'),
      chat: settings,
    });
    await app.ready();
    operator = await loginAs(app, t.db, clock, ['operator']);
    other = await loginAs(app, t.db, clock, ['operator']);
    supervisor = await loginAs(app, t.db, clock, ['supervisor']);
    backoffice = await loginAs(app, t.db, clock, ['backoffice']);
    operatorCode = (await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: operator })).json()
      .announcedCode;
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  const json = { 'content-type': 'application/json' };
  const start = async (message: string, language?: 'it' | 'en') => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/portal/chat',
      headers: json,
      payload: language ? { message, language } : { message },
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    return { id: body.id as string, token: body.token as string, chat: body.chat };
  };
  type Chat = Awaited<ReturnType<typeof start>>;
  const citizen = (c: Chat, path: string, payload: object = { after: 0 }) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/portal/chat/${c.id}${path}`,
      headers: { ...json, 'x-chat-token': c.token },
      payload,
    });
  const poll = (c: Chat, after = 0) =>
    app.inject({
      method: 'GET',
      url: `/api/v1/portal/chat/${c.id}?after=${after}`,
      headers: { 'x-chat-token': c.token },
    });
  const staff = (method: 'GET' | 'POST', url: string, headers: Headers, payload?: object) =>
    app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const queued = async (message = 'Vorrei parlare con un operatore') => {
    const c = await start(message);
    expect(c.chat.state).toBe('waiting');
    return c;
  };
  const accepted = async (headers = operator) => {
    const c = await queued();
    const res = await staff('POST', `/api/v1/chat/${c.id}/accept`, headers, {});
    expect(res.statusCode, res.body).toBe(200);
    return c;
  };

  it('answers a cancellation with the page to cancel on and a way to an operator, saying it is automatic', async () => {
    const c = await start('Buongiorno, devo disdire la visita di domani');
    expect(c.token.length).toBeGreaterThanOrEqual(40);
    expect(c.chat.state).toBe('assistant');
    expect(c.chat.messages.map((m: { seq: number; author: string }) => [m.seq, m.author])).toEqual([
      [1, 'citizen'],
      [2, 'assistant'],
    ]);
    const reply = c.chat.messages[1];
    expect(reply.body).toContain('Gestisci una prenotazione');
    expect(reply.actions).toEqual([
      { kind: 'link', href: '/portale/gestisci', label: 'Gestisci una prenotazione' },
      { kind: 'operator', label: 'Parla con un operatore' },
    ]);
    // In English when the citizen chose it.
    const en = await start('How do I pay the co-payment?', 'en');
    expect(en.chat.messages[1].actions.map((a: { label: string }) => a.label)).toEqual([
      'Manage a booking',
      'Pay a notice',
      'Talk to an operator',
    ]);
  });

  it('queues who asks for a person in hours, in order; the operator who accepts is named by their code', async () => {
    const first = await start('Ho un problema con la prenotazione');
    const asked = await citizen(first, '/operator', { after: first.chat.lastSeq });
    expect(asked.statusCode, asked.body).toBe(200);
    expect(asked.json()).toMatchObject({
      state: 'waiting',
      position: 1,
      desk: { open: true, nextOpening: null },
    });
    expect(asked.json().messages.map((m: { author: string }) => m.author)).toEqual(['system']);
    clock.advance(1000);
    const second = await queued('voglio parlare con una persona');
    expect((await poll(second)).json().position).toBe(2);

    // The queue shows who waits, longest first, and nothing they wrote.
    const q = await staff('GET', '/api/v1/chat/queue', operator);
    expect(q.statusCode, q.body).toBe(200);
    const ids = q.json().waiting.map((w: { id: string }) => w.id);
    expect(ids.indexOf(first.id)).toBeLessThan(ids.indexOf(second.id));
    expect(q.body).not.toContain('problema');

    const acc = await staff('POST', `/api/v1/chat/${first.id}/accept`, operator, {});
    expect(acc.statusCode, acc.body).toBe(200);
    expect(acc.json()).toMatchObject({ state: 'active', mine: true, operatorCode });
    expect(acc.json().messages[0].body).toBe('Ho un problema con la prenotazione');
    expect((await poll(second)).json().position).toBe(1);

    const seen = (await poll(first)).json();
    expect(seen.operatorCode).toBe(operatorCode);
    expect(seen.messages.at(-1)).toMatchObject({
      author: 'system',
      body: `Ti risponde l'operatore ${operatorCode}.`,
    });

    // Each side gets exactly what follows the last message it has.
    const said = await staff('POST', `/api/v1/chat/${first.id}/messages`, operator, {
      message: 'Buongiorno, mi dica pure.',
      after: acc.json().lastSeq,
    });
    expect(said.json().messages.map((m: { body: string }) => m.body)).toEqual(['Buongiorno, mi dica pure.']);
    const news = (await poll(first, seen.lastSeq)).json();
    expect(news.messages).toHaveLength(1);
    expect(news.messages[0]).toMatchObject({
      author: 'agent',
      body: 'Buongiorno, mi dica pure.',
      operatorCode,
    });
    const back = await citizen(first, '/messages', { message: 'Non trovo il codice', after: news.lastSeq });
    expect(back.json().messages.map((m: { author: string }) => m.author)).toEqual(['citizen']);
    const read = await staff('GET', `/api/v1/chat/${first.id}?after=${said.json().lastSeq}`, operator);
    expect(read.json().messages.map((m: { body: string }) => m.body)).toEqual(['Non trovo il codice']);
    // The operator's own chats say a citizen wrote last.
    const mine = (await staff('GET', '/api/v1/chat/queue', operator)).json().mine;
    expect(mine.find((m: { id: string }) => m.id === first.id)).toMatchObject({ lastAuthor: 'citizen' });

    const closed = await staff('POST', `/api/v1/chat/${first.id}/close`, operator, { after: 0 });
    expect(closed.json()).toMatchObject({ state: 'closed', outcome: 'answered', closedBy: 'agent' });
    const rated = await citizen(first, '/close', { rating: 5, after: 0 });
    expect(rated.json()).toMatchObject({ state: 'closed', rating: 5, outcome: 'answered' });
    const again = await citizen(first, '/close', { rating: 1, after: 0 });
    expect(again.statusCode).toBe(409);
    const late = await citizen(first, '/messages', { message: 'ancora io', after: 0 });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('INVALID_STATE');
  });

  it('keeps a chat to the operator who answers it', async () => {
    const c = await accepted(operator);
    for (const [method, path, payload] of [
      ['GET', '', undefined],
      ['POST', '/messages', { message: 'intruso', after: 0 }],
      ['POST', '/close', { after: 0 }],
    ] as const) {
      const res = await staff(method, `/api/v1/chat/${c.id}${path}`, other, payload);
      expect(res.statusCode, `${method} ${path}`).toBe(403);
    }
    const taken = await staff('POST', `/api/v1/chat/${c.id}/accept`, other, {});
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.message).toContain('another operator');
    // The supervisor watches the queue, not the contents.
    expect((await staff('GET', `/api/v1/chat/${c.id}`, supervisor)).statusCode).toBe(403);
    expect((await staff('GET', '/api/v1/chat/queue', supervisor)).statusCode).toBe(200);
    expect((await staff('GET', '/api/v1/chat/queue', backoffice)).statusCode).toBe(403);
    // Every refusal on a chat's contents is in the audit trail.
    const denied = await t.db
      .selectFrom('audit_event')
      .select(['outcome'])
      .where('resource_type', '=', 'ChatConversation')
      .where('resource_id', '=', c.id)
      .where('outcome', '=', 'denied')
      .execute();
    expect(denied.length).toBeGreaterThanOrEqual(4);
  });

  it('lets one operator hold at most CHAT_MAX_PER_AGENT chats', async () => {
    const fresh = await loginAs(app, t.db, clock, ['operator']);
    for (let i = 0; i < settings.maxPerAgent; i++) await accepted(fresh);
    const c = await queued();
    const res = await staff('POST', `/api/v1/chat/${c.id}/accept`, fresh, {});
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toContain(`${settings.maxPerAgent} chats`);
    expect((await poll(c)).json().state).toBe('waiting');
  });

  it('audits every operator read that hands over messages, and not the empty polls', async () => {
    const c = await accepted(operator);
    const rows = () =>
      t.db
        .selectFrom('audit_event')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('resource_type', '=', 'ChatConversation')
        .where('resource_id', '=', c.id)
        .where('outcome', '=', 'ok')
        .executeTakeFirstOrThrow()
        .then((r) => Number(r.n));
    expect(await rows()).toBe(1); // the accept, which hands over the conversation
    const last = (await staff('GET', `/api/v1/chat/${c.id}`, operator)).json().lastSeq;
    expect(await rows()).toBe(2);
    await staff('GET', `/api/v1/chat/${c.id}?after=${last}`, operator);
    expect(await rows()).toBe(2);
  });

  it('passes a chat to the back office as a ticket with the transcript', async () => {
    const c = await start('Devo cambiare la data della visita');
    await citizen(c, '/messages', { message: 'ma non ho il codice della prenotazione', after: 0 });
    await citizen(c, '/operator');
    await staff('POST', `/api/v1/chat/${c.id}/accept`, operator, {});
    const bad = await staff('POST', `/api/v1/chat/${c.id}/ticket`, operator, {
      queue: 'nessuna',
      subject: 'Spostamento',
      after: 0,
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.field).toBe('queue');
    const res = await staff('POST', `/api/v1/chat/${c.id}/ticket`, operator, {
      queue: 'cup',
      subject: 'Spostamento senza codice',
      after: 0,
    });
    expect(res.statusCode, res.body).toBe(200);
    const number = res.json().ticketNumber as string;
    expect(number).toMatch(/^#\d+$/);
    expect(res.json().state).toBe('active');
    expect((await poll(c)).json().messages.at(-1).body).toContain(`pratica ${number}`);
    const ticket = (await staff('GET', `/api/v1/helpdesk/tickets/${number.slice(1)}`, backoffice)).json();
    expect(ticket).toMatchObject({ channel: 'web', queue: 'cup', subject: 'Spostamento senza codice' });
    const text = JSON.stringify(ticket);
    expect(text).toContain('Cittadino: Devo cambiare la data della visita');
    expect(text).toContain('Cittadino: ma non ho il codice della prenotazione');
    expect(text).toContain('Assistente automatico:');
    // One ticket per chat.
    const twice = await staff('POST', `/api/v1/chat/${c.id}/ticket`, operator, {
      queue: 'cup',
      subject: 'Ancora',
      after: 0,
    });
    expect(twice.statusCode).toBe(409);
  });

  it('out of hours says when operators are back (after the holiday) and takes a written request as a ticket', async () => {
    // Monday 7 December 2026, 20:30 in Rome; Tuesday 8 is the Immacolata, a national holiday: operators
    // are back on Wednesday 9 December at 08:00 Rome, 07:00 UTC.
    clock.set('2026-12-07T19:30:00Z');
    const c = await start('Vorrei parlare con un operatore');
    expect(c.chat.state).toBe('assistant');
    expect(c.chat.desk).toEqual({ open: false, nextOpening: '2026-12-09T07:00:00.000Z' });
    const told = c.chat.messages.at(-1);
    expect(told.author).toBe('system');
    expect(told.body).toContain('mercoledì 9 dicembre');
    expect(told.body).toContain('08:00');

    const tickets = () =>
      t.db
        .selectFrom('helpdesk_ticket')
        .select('id')
        .execute()
        .then((r) => r.length);
    const before = await tickets();
    const bad = await citizen(c, '/request', { email: 'non-una-mail', message: 'Richiamatemi', after: 0 });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.field).toBe('email');
    expect(await tickets()).toBe(before);
    expect((await poll(c)).json().state).toBe('assistant');

    const left = await citizen(c, '/request', {
      email: 'mario.rossi@example.org',
      message: 'Devo spostare una TAC',
      after: 0,
    });
    expect(left.statusCode, left.body).toBe(200);
    expect(left.json()).toMatchObject({ state: 'closed', outcome: 'message-left' });
    const number = left.json().ticketNumber as string;
    expect(left.json().messages.at(-1).body).toContain(`pratica ${number}`);
    const ticket = (await staff('GET', `/api/v1/helpdesk/tickets/${number.slice(1)}`, backoffice)).json();
    expect(ticket).toMatchObject({
      channel: 'web',
      queue: 'cup',
      requester: { email: 'mario.rossi@example.org' },
    });
    expect(JSON.stringify(ticket)).toContain('Cittadino: Devo spostare una TAC');
    clock.set('2026-12-07T09:00:00Z');
  });

  it('refuses bad input on its field and changes nothing', async () => {
    const c = await start('Ciao');
    const last = (await poll(c)).json().lastSeq;
    for (const [path, payload, field] of [
      ['/messages', { message: '   ', after: 0 }, 'message'],
      ['/messages', { message: 'x'.repeat(1001), after: 0 }, 'message'],
      ['/messages', { after: 0 }, 'message'],
      ['/close', { rating: 6, after: 0 }, 'rating'],
      ['/close', { rating: 0, after: 0 }, 'rating'],
      ['/messages', { message: 'ok', after: -1 }, 'after'],
    ] as const) {
      const res = await citizen(c, path, payload);
      expect(res.statusCode, `${path} ${JSON.stringify(payload).slice(0, 40)}`).toBe(422);
      expect(res.json().error.field).toBe(field);
    }
    const lang = await app.inject({
      method: 'POST',
      url: '/api/v1/portal/chat',
      headers: json,
      payload: { message: 'ciao', language: 'fr' },
    });
    expect(lang.statusCode).toBe(422);
    expect(lang.json().error.field).toBe('language');
    const after = (await poll(c)).json();
    expect(after.lastSeq).toBe(last);
    expect(after.state).toBe('assistant');
  });

  it('reads nothing without the chat’s own token', async () => {
    const a = await start('Ciao');
    const b = await start('Buonasera');
    const wrong = await app.inject({
      method: 'GET',
      url: `/api/v1/portal/chat/${a.id}`,
      headers: { 'x-chat-token': b.token },
    });
    expect(wrong.statusCode).toBe(404);
    const none = await app.inject({ method: 'GET', url: `/api/v1/portal/chat/${a.id}` });
    expect([401, 422]).toContain(none.statusCode);
    const write = await citizen({ ...a, token: b.token }, '/messages', { message: 'ciao', after: 0 });
    expect(write.statusCode).toBe(404);
    expect((await poll(a)).json().lastSeq).toBe(2);
  });

  it('ends the chats of citizens who went away: one waiting is abandoned, one with the assistant self-service', async () => {
    const fresh = await loginAs(app, t.db, clock, ['operator']);
    const waiting = await queued();
    const alone = await start('Quali sono gli orari?');
    const kept = await accepted(fresh);
    clock.advance(9 * 60_000);
    await poll(kept);
    await staff('GET', `/api/v1/chat/${kept.id}`, fresh);
    clock.advance(2 * 60_000);
    expect((await closeIdleChats(t.db, clock, settings)).ended).toBeGreaterThanOrEqual(2);
    const states = await t.db
      .selectFrom('chat_conversation')
      .select(['id', 'state', 'outcome', 'closed_by'])
      .where('id', 'in', [waiting.id, alone.id, kept.id])
      .execute();
    const by = new Map(states.map((s) => [s.id, s]));
    expect(by.get(waiting.id)).toMatchObject({ state: 'closed', outcome: 'abandoned', closed_by: 'timeout' });
    expect(by.get(alone.id)).toMatchObject({
      state: 'closed',
      outcome: 'self-service',
      closed_by: 'timeout',
    });
    expect(by.get(kept.id)).toMatchObject({ state: 'active' });
    await staff('POST', `/api/v1/chat/${kept.id}/close`, fresh, { after: 0 });
    clock.set('2026-12-07T09:00:00Z');
  });

  it('gives a chat back to the queue, at its place, when its operator stops reading it or logs out', async () => {
    clock.set('2026-12-07T09:30:00Z');
    const gone = await loginAs(app, t.db, clock, ['operator']);
    const c = await queued();
    const queuedAt = (
      await t.db
        .selectFrom('chat_conversation')
        .select('queued_at')
        .where('id', '=', c.id)
        .executeTakeFirstOrThrow()
    ).queued_at;
    clock.advance(1000);
    const later = await queued();
    await staff('POST', `/api/v1/chat/${c.id}/accept`, gone, {});
    // The operator's page stops asking (browser closed); the citizen's keeps asking.
    clock.advance(6 * 60_000);
    await poll(c);
    await poll(later);
    clock.advance(5 * 60_000);
    await poll(c);
    await poll(later);
    expect(await closeIdleChats(t.db, clock, settings)).toMatchObject({ requeued: 1 });
    const back = (await poll(c)).json();
    expect(back).toMatchObject({ state: 'waiting', position: 1, operatorCode: null });
    expect(back.messages.at(-1).body).toContain("L'operatore ha dovuto lasciare la conversazione");
    const row = await t.db
      .selectFrom('chat_conversation')
      .select(['queued_at', 'agent_id'])
      .where('id', '=', c.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ queued_at: queuedAt, agent_id: null });
    expect((await poll(later)).json().position).toBe(2);

    // Another operator takes it, then logs out: it goes back at once.
    const next = await loginAs(app, t.db, clock, ['operator']);
    expect((await staff('POST', `/api/v1/chat/${c.id}/accept`, next, {})).statusCode).toBe(200);
    const out = await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: next, payload: {} });
    expect(out.statusCode).toBeLessThan(300);
    await vi.waitFor(async () =>
      expect((await poll(c)).json()).toMatchObject({ state: 'waiting', position: 1 }),
    );
    for (const x of [c, later]) await citizen(x, '/close', { after: 0 });
    clock.set('2026-12-07T09:00:00Z');
  });

  it("counts a day's chats as docs/indicators.md defines them", async () => {
    // Thursday 10 December 2026 in Rome, a day of its own.
    clock.set('2026-12-10T08:00:00Z');
    const fresh = await loginAs(app, t.db, clock, ['operator']);
    const watcher = await loginAs(app, t.db, clock, ['supervisor']);
    const self = await start('Come faccio a prenotare?');
    await citizen(self, '/close', { rating: 4, after: 0 });
    const a = await queued();
    clock.advance(30_000);
    await staff('POST', `/api/v1/chat/${a.id}/accept`, fresh, {}); // waited 30 s
    const b = await queued();
    clock.advance(90_000);
    await staff('POST', `/api/v1/chat/${b.id}/accept`, fresh, {}); // waited 90 s
    await staff('POST', `/api/v1/chat/${b.id}/close`, fresh, { after: 0 });
    await citizen(b, '/close', { rating: 2, after: 0 });
    const gone = await queued();
    await citizen(gone, '/close', { after: 0 });
    const res = await staff('GET', '/api/v1/chat/summary?date=2026-12-10', watcher);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      date: '2026-12-10',
      started: 4,
      selfService: 1,
      queued: 3,
      answered: 2,
      abandoned: 1,
      requestsLeft: 0,
      inProgress: 1,
      answeredWithin60s: 1,
      averageWaitSeconds: 60,
      longestWaitSeconds: 90,
      ratings: 2,
      averageRating: 3,
    });
    expect((await staff('GET', '/api/v1/chat/summary?date=2026-12-32', watcher)).statusCode).toBe(422);
    await staff('POST', `/api/v1/chat/${a.id}/close`, fresh, { after: 0 });
    clock.set('2026-12-07T09:00:00Z');
  });

  it('limits the chats one address starts in ten minutes', async () => {
    // A window of its own (after every other test's starts), with a low limit (read at each request).
    clock.set('2026-12-11T09:00:00Z');
    const limit = settings.startsPer10Min;
    settings.startsPer10Min = 3;
    try {
      const codes: number[] = [];
      for (let i = 0; i < 4; i++) {
        const res = await app.inject({
          method: 'POST',
          url: '/api/v1/portal/chat',
          headers: json,
          payload: { message: 'ciao' },
        });
        codes.push(res.statusCode);
      }
      expect(codes).toEqual([201, 201, 201, 429]);
    } finally {
      settings.startsPer10Min = limit;
      clock.set('2026-12-07T09:00:00Z');
    }
  });

  it('deletes chats ended before the retention cut-off, with their messages, and keeps open ones', async () => {
    const ended = await start('Ciao');
    await citizen(ended, '/close', { after: 0 });
    const open = await start('Ciao');
    const cut = new Date(clock.now().getTime() + 1000);
    const purged = await purgeChats(t.db, cut);
    expect(purged).toBeGreaterThanOrEqual(1);
    const left = await t.db
      .selectFrom('chat_conversation')
      .select('id')
      .where('id', 'in', [ended.id, open.id])
      .execute();
    expect(left.map((r) => r.id)).toEqual([open.id]);
    const messages = await t.db
      .selectFrom('chat_message')
      .select('seq')
      .where('conversation_id', '=', ended.id)
      .execute();
    expect(messages).toEqual([]);
  });
});

// On a real PostgreSQL, where two requests run at once: one operator taking two chats at the same
// instant with one place left gets one.
describe('the chat under concurrency (CC-10, PostgreSQL)', () => {
  let t: TestDatabase;
  let app: App;
  const clock = new ManualClock('2026-12-07T09:00:00Z');

  beforeAll(async () => {
    t = await createPostgresDatabase();
    const config = loadConfig({ JOBS: 'off', LOG_LEVEL: 'silent' });
    app = await buildApp({ db: t.db, dbKind: 'postgres', clock, config, log: createLogger('silent') });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  it('keeps the cap per operator when two chats are taken at once', async () => {
    const operator = await loginAs(app, t.db, clock, ['operator']);
    const json = { 'content-type': 'application/json' };
    const start = async () =>
      (
        await app.inject({
          method: 'POST',
          url: '/api/v1/portal/chat',
          headers: json,
          payload: { message: 'Vorrei parlare con un operatore' },
        })
      ).json().id as string;
    const max = chatSettings(loadConfig({})).maxPerAgent;
    for (let i = 0; i < max - 1; i++) {
      const id = await start();
      expect(
        (
          await app.inject({
            method: 'POST',
            url: `/api/v1/chat/${id}/accept`,
            headers: operator,
            payload: {},
          })
        ).statusCode,
      ).toBe(200);
    }
    const [a, b] = [await start(), await start()];
    const codes = (
      await Promise.all(
        [a, b].map((id) =>
          app.inject({ method: 'POST', url: `/api/v1/chat/${id}/accept`, headers: operator, payload: {} }),
        ),
      )
    ).map((r) => r.statusCode);
    expect(codes.sort()).toEqual([200, 409]);
    const active = await t.db
      .selectFrom('chat_conversation')
      .select('id')
      .where('state', '=', 'active')
      .execute();
    expect(active).toHaveLength(max);
  });
});
