import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../../../test/app.ts';
import { createPgliteDatabase, type TestDatabase } from '../../../test/databases.ts';
import { buildApp } from '../../app.ts';
import { ManualClock } from '../../platform/clock.ts';
import { loadConfig } from '../../platform/config.ts';
import type { App } from '../../platform/http.ts';
import { createLogger } from '../../platform/logger.ts';

type Headers = { authorization: string; 'content-type': string };

// HD-2: the third level — an outside department e-mailed a tracked link, answering without an account.
describe('third-level referral', () => {
  let t: TestDatabase;
  let app: App;
  let backoffice: Headers;
  let second: Headers;
  // Thursday 3 December 2026, 10:00 in Rome.
  const clock = new ManualClock('2026-12-03T09:00:00Z');
  let id: string;
  let token: string;

  beforeAll(async () => {
    t = await createPgliteDatabase();
    const config = loadConfig({ JOBS: 'off', LOG_LEVEL: 'silent', PUBLIC_URL: 'https://cup.example' });
    app = await buildApp({ db: t.db, dbKind: 'pglite', clock, config, log: createLogger('silent') });
    await app.ready();
    backoffice = await loginAs(app, t.db, clock, ['backoffice']);
    second = await loginAs(app, t.db, clock, ['second-level']);
    const ticket = await app.inject({
      method: 'POST',
      url: '/api/v1/helpdesk/tickets',
      headers: backoffice,
      payload: {
        queue: 'tributi',
        channel: 'email',
        subject: 'Esenzione bollo per disabilità',
        body: 'Chiedo l’esenzione dal bollo auto per il veicolo adattato.',
        requester: { name: 'Anna Neri', email: 'anna.neri@example.it' },
      },
    });
    id = ticket.json().id;
    await app.inject({
      method: 'POST',
      url: `/api/v1/helpdesk/tickets/${id}/actions`,
      headers: backoffice,
      payload: { type: 'escalate', level: 2, reason: 'Decide l’ufficio tributi regionale' },
    });
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  const act = (payload: object) =>
    app.inject({ method: 'POST', url: `/api/v1/helpdesk/tickets/${id}/actions`, headers: second, payload });
  const ticket = async () =>
    (await app.inject({ method: 'GET', url: `/api/v1/helpdesk/tickets/${id}`, headers: second })).json();
  const publicGet = (tok: string) => app.inject({ method: 'GET', url: `/api/v1/helpdesk/referrals/${tok}` });
  const publicAnswer = (tok: string, body: string) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/helpdesk/referrals/${tok}/answer`,
      headers: { 'content-type': 'application/json' },
      payload: { body },
    });

  it('needs the department and its address to send a case to the third level', async () => {
    const none = await act({ type: 'escalate', level: 3, reason: 'Competenza della Motorizzazione' });
    expect(none.statusCode).toBe(422);
    expect(none.json().error.field).toBe('department');
    const noMail = await act({
      type: 'escalate',
      level: 3,
      reason: 'Competenza della Motorizzazione',
      department: 'Motorizzazione civile',
    });
    expect(noMail.json().error.field).toBe('departmentEmail');
    expect((await ticket()).level).toBe(2);
  });

  it('e-mails the department a link to the case, and the case waits on it with its clock stopped', async () => {
    const res = await act({
      type: 'escalate',
      level: 3,
      reason: 'Il certificato del veicolo adattato lo rilascia la Motorizzazione',
      department: 'Motorizzazione civile',
      departmentEmail: 'motorizzazione@example.gov.it',
    });
    expect(res.statusCode).toBe(200);
    const x = res.json();
    expect(x).toMatchObject({
      level: 3,
      state: 'pending-third-party',
      clock: { paused: true },
      referral: {
        department: 'Motorizzazione civile',
        email: 'motorizzazione@example.gov.it',
        sentAt: clock.now().toISOString(),
        // 30 days.
        expiresAt: new Date(clock.now().getTime() + 30 * 86_400_000).toISOString(),
        openedAt: null,
        answeredAt: null,
      },
    });
    const mail = x.messages.find((m: { kind: string }) => m.kind === 'referral');
    expect(mail).toMatchObject({ direction: 'out', to: 'motorizzazione@example.gov.it', status: 'pending' });
    // The e-mail names the case and why; the request itself is behind the link.
    expect(mail.body).toContain(`#${id}`);
    expect(mail.body).not.toContain('veicolo adattato.');
    token = /https:\/\/cup\.example\/terzo-livello\/([A-Za-z0-9_-]+)/.exec(mail.body)![1]!;
    // Only the digest is stored.
    const row = await t.db
      .selectFrom('helpdesk_ticket')
      .select('referral_token_sha256')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.referral_token_sha256).not.toContain(token);
    expect(row.referral_token_sha256).toHaveLength(64);
  });

  it('shows the department the case without an account, and records the first opening only', async () => {
    clock.set(new Date('2026-12-03T10:00:00Z'));
    const res = await publicGet(token);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      number: `#${id}`,
      subject: 'Esenzione bollo per disabilità',
      department: 'Motorizzazione civile',
      request: 'Chiedo l’esenzione dal bollo auto per il veicolo adattato.',
      reason: 'Il certificato del veicolo adattato lo rilascia la Motorizzazione',
      answers: [],
      closed: false,
    });
    // Nothing of the requester's contacts goes out.
    expect(JSON.stringify(res.json())).not.toContain('anna.neri');
    clock.set(new Date('2026-12-03T11:00:00Z'));
    await publicGet(token);
    const x = await ticket();
    expect(x.referral.openedAt).toBe('2026-12-03T10:00:00.000Z');
    expect(
      x.history.filter((h: { body: string | null }) => h.body === 'Link aperto da Motorizzazione civile'),
    ).toHaveLength(1);
    const audited = await t.db
      .selectFrom('audit_event')
      .select('action')
      .where('resource_type', '=', 'HelpdeskReferral')
      .where('resource_id', '=', id)
      .execute();
    expect(audited).toHaveLength(2);
  });

  it('keeps a ticket awaiting the department from being merged away', async () => {
    const other = await app.inject({
      method: 'POST',
      url: '/api/v1/helpdesk/tickets',
      headers: backoffice,
      payload: {
        queue: 'tributi',
        channel: 'email',
        subject: 'Sollecito esenzione',
        body: 'Sollecito.',
        requester: { email: 'anna.neri@example.it' },
      },
    });
    await app.inject({
      method: 'POST',
      url: `/api/v1/helpdesk/tickets/${other.json().id}/actions`,
      headers: backoffice,
      payload: { type: 'escalate', level: 2, reason: 'Stesso caso del ticket di secondo livello' },
    });
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/helpdesk/tickets/${id}/merge`,
      headers: second,
      payload: { into: other.json().id },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toContain('Motorizzazione civile');
  });

  it("takes the department's answer into the history and gives the case back with its clock running", async () => {
    const blank = await publicAnswer(token, '   ');
    expect(blank.statusCode).toBe(422);
    expect(blank.json().error.field).toBe('body');
    const res = await publicAnswer(token, 'Certificato rilasciato il 2 dicembre, protocollo 4411.');
    expect(res.statusCode).toBe(200);
    expect(res.json().answers).toEqual([
      { at: '2026-12-03T11:00:00.000Z', body: 'Certificato rilasciato il 2 dicembre, protocollo 4411.' },
    ]);
    const x = await ticket();
    expect(x).toMatchObject({ state: 'open', clock: { paused: false } });
    expect(x.referral.answeredAt).toBe('2026-12-03T11:00:00.000Z');
    expect(x.history.at(-2).body).toBe(
      'Risposta di Motorizzazione civile: Certificato rilasciato il 2 dicembre, protocollo 4411.',
    );
  });

  it('refuses an unknown link, an expired one, and answers once the case is resolved', async () => {
    expect((await publicGet('not-a-real-token-at-all-0000')).statusCode).toBe(404);
    expect((await publicGet('x')).statusCode).toBe(404);
    const resolved = await act({
      type: 'move',
      to: 'resolved',
      reply: 'L’esenzione è concessa dal 1° gennaio.',
    });
    expect(resolved.statusCode).toBe(200);
    const late = await publicAnswer(token, 'Un’aggiunta');
    expect(late.statusCode).toBe(409);
    expect((await publicGet(token)).json().closed).toBe(true);
    clock.set(new Date('2027-01-03T12:00:00Z'));
    const expired = await publicGet(token);
    expect(expired.statusCode).toBe(409);
    expect(expired.json().error.field).toBe('token');
  });
});
