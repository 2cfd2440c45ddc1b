import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../../../test/app.ts';
import { createPgliteDatabase, type TestDatabase } from '../../../test/databases.ts';
import { makePatient } from '../../../test/factories.ts';
import { buildApp } from '../../app.ts';
import { ManualClock } from '../../platform/clock.ts';
import { loadConfig } from '../../platform/config.ts';
import type { App } from '../../platform/http.ts';
import { createLogger } from '../../platform/logger.ts';
import { type HelpdeskMail, helpdeskMailSettings, ingestMail } from './intake/mail.service.ts';
import { ticketsOfPeriod } from './tickets/ticket-view.service.ts';

type Headers = { authorization: string; 'content-type': string };

// HD-2: the same citizen's other tickets, duplicates merged, related tickets linked, answer templates.
describe('merging, linking and answer templates', () => {
  let t: TestDatabase;
  let app: App;
  let mail: HelpdeskMail;
  let backoffice: Headers;
  let operator: Headers;
  let supervisor: Headers;
  // Thursday 3 December 2026, 10:00 in Rome.
  const clock = new ManualClock('2026-12-03T09:00:00Z');

  beforeAll(async () => {
    t = await createPgliteDatabase();
    const config = loadConfig({
      JOBS: 'off',
      LOG_LEVEL: 'silent',
      HELPDESK_MAILBOXES: JSON.stringify([
        {
          name: 'tributi',
          queue: 'tributi',
          address: 'tributi@regione.example',
          imap: 'imap://u:p@127.0.0.1:9/INBOX',
        },
      ]),
    });
    mail = helpdeskMailSettings(config, 'a-link-secret-of-at-least-32-characters!');
    app = await buildApp({
      db: t.db,
      dbKind: 'pglite',
      clock,
      config,
      log: createLogger('silent'),
      helpdesk: mail,
    });
    await app.ready();
    backoffice = await loginAs(app, t.db, clock, ['backoffice']);
    operator = await loginAs(app, t.db, clock, ['operator']);
    supervisor = await loginAs(app, t.db, clock, ['supervisor']);
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  const post = (url: string, payload: object, headers = backoffice) =>
    app.inject({ method: 'POST', url, headers, payload });
  const get = async (url: string, headers = backoffice) => app.inject({ method: 'GET', url, headers });
  const open = async (over: object) =>
    (
      await post(
        '/api/v1/helpdesk/tickets',
        {
          queue: 'tributi',
          channel: 'email',
          subject: 'Bollo auto pagato due volte',
          body: 'Ho pagato il bollo due volte.',
          ...over,
        },
        operator,
      )
    ).json();

  let first: { id: string };
  let second: { id: string };
  let byPhone: { id: string };
  let stranger: { id: string };

  it("lists the same citizen's other tickets by e-mail (any case), phone or patient, and nobody else's", async () => {
    const patient = await makePatient(t.db);
    first = await open({
      requester: { name: 'Maria Rossi', email: 'maria.rossi@example.it' },
      receivedAt: '2026-12-02T09:00:00+01:00',
    });
    second = await open({
      requester: { email: 'Maria.Rossi@Example.it' },
      subject: 'Sollecito: bollo pagato due volte',
      receivedAt: '2026-12-03T08:00:00+01:00',
    });
    byPhone = await open({
      channel: 'phone',
      requester: { email: 'maria.rossi@example.it', phone: '+393331112222' },
      subject: 'Richiesta di rimborso',
      fiscalCode: patient.fiscalCode,
    });
    const samePatient = await open({ channel: 'letter', subject: 'Lettera', fiscalCode: patient.fiscalCode });
    stranger = await open({ requester: { email: 'altro@example.it' }, subject: 'Altro' });
    const res = await get(`/api/v1/helpdesk/tickets/${second.id}/citizen-tickets`);
    expect(res.statusCode).toBe(200);
    expect(
      res
        .json()
        .tickets.map((x: { id: string }) => x.id)
        .sort(),
    ).toEqual([first.id, byPhone.id].sort());
    const viaPatient = (await get(`/api/v1/helpdesk/tickets/${byPhone.id}/citizen-tickets`)).json();
    expect(viaPatient.tickets.map((x: { id: string }) => x.id).sort()).toEqual(
      [first.id, second.id, samePatient.id].sort(),
    );
    const audited = await t.db
      .selectFrom('audit_event')
      .select(['action', 'resource_id'])
      .where('resource_type', '=', 'HelpdeskTicket')
      .where('action', '=', 'search')
      .where('resource_id', '=', second.id)
      .execute();
    expect(audited.length).toBeGreaterThan(0);
  });

  it('merges a duplicate: its thread moves, it closes pointing on, and the kept ticket counts from the earlier request', async () => {
    // The duplicate (sent Wednesday 09:00) arrived first; the back office keeps the newer one.
    const res = await post(`/api/v1/helpdesk/tickets/${first.id}/merge`, { into: second.id });
    expect(res.statusCode).toBe(200);
    const kept = res.json();
    expect(kept.id).toBe(second.id);
    expect(kept.receivedAt).toBe(new Date('2026-12-02T09:00:00+01:00').toISOString());
    // 24 counted hours from Wednesday 09:00: Thursday 09:00.
    expect(kept.dueAt).toBe(new Date('2026-12-03T09:00:00+01:00').toISOString());
    expect(kept.requester.name).toBe('Maria Rossi');
    expect(kept.links).toEqual([
      expect.objectContaining({ id: first.id, relation: 'merged', state: 'closed' }),
    ]);
    expect(kept.history.at(-1)).toMatchObject({
      kind: 'merged',
      body: expect.stringContaining(`#${first.id}`),
    });
    const dup = (await get(`/api/v1/helpdesk/tickets/${first.id}`)).json();
    expect(dup).toMatchObject({ state: 'closed', mergedInto: second.id, dueAt: null });
    // The duplicate is no request of its own in the month's levels.
    const month = await ticketsOfPeriod(
      t.db,
      new Date('2026-11-30T23:00:00Z'),
      new Date('2026-12-31T23:00:00Z'),
      clock.now(),
    );
    expect(month.map((x) => x.id)).not.toContain(first.id);
    expect(month.map((x) => x.id)).toContain(second.id);
  });

  it("sends the citizen's late reply to a merged duplicate to the ticket it joined", async () => {
    const raw = Buffer.from(
      `From: Maria Rossi <maria.rossi@example.it>\r\nTo: tributi@regione.example\r\nSubject: Re: [Sportello #${first.id}] Bollo auto pagato due volte\r\nMessage-ID: <late-reply-1@example.it>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nAllego anche la seconda ricevuta.\r\n`,
    );
    const r = await ingestMail(t.db, clock, mail, mail.mailboxes[0]!, raw, {
      uidValidity: null,
      uid: null,
      arrivedAt: null,
    });
    expect(r).toMatchObject({ kind: 'human', ticketId: second.id, layer: 'subject-tag' });
  });

  it('refuses what a merge cannot be, by its field, and work on a merged ticket', async () => {
    const self = await post(`/api/v1/helpdesk/tickets/${second.id}/merge`, { into: second.id });
    expect(self.statusCode).toBe(422);
    expect(self.json().error.field).toBe('into');
    const none = await post(`/api/v1/helpdesk/tickets/${second.id}/merge`, { into: '999999' });
    expect(none.statusCode).toBe(422);
    expect(none.json().error.field).toBe('into');
    const again = await post(`/api/v1/helpdesk/tickets/${first.id}/merge`, { into: stranger.id });
    expect(again.statusCode).toBe(409);
    const intoMerged = await post(`/api/v1/helpdesk/tickets/${stranger.id}/merge`, { into: first.id });
    expect(intoMerged.statusCode).toBe(422);
    expect(intoMerged.json().error.message).toContain(`#${second.id}`);
    const reopen = await post(`/api/v1/helpdesk/tickets/${first.id}/actions`, { type: 'move', to: 'open' });
    expect(reopen.statusCode).toBe(409);
    const byOperator = await post(
      `/api/v1/helpdesk/tickets/${stranger.id}/merge`,
      { into: second.id },
      operator,
    );
    expect(byOperator.statusCode).toBe(403);
    expect((await get(`/api/v1/helpdesk/tickets/${stranger.id}`)).json().mergedInto).toBeNull();
  });

  it('still takes the report of a call back owed on a duplicate merged afterwards', async () => {
    const owed = await open({
      channel: 'phone',
      requester: { phone: '+393339998888' },
      subject: 'Esito rimborso',
    });
    const resolved = await post(`/api/v1/helpdesk/tickets/${owed.id}/actions`, {
      type: 'move',
      to: 'resolved',
      reply: 'Il rimborso è stato disposto.',
    });
    expect(resolved.json().callback).toMatchObject({ doneAt: null });
    const keep = await open({ channel: 'phone', requester: { phone: '+393339998888' }, subject: 'Rimborso' });
    expect((await post(`/api/v1/helpdesk/tickets/${owed.id}/merge`, { into: keep.id })).statusCode).toBe(200);
    const done = await post(`/api/v1/helpdesk/tickets/${owed.id}/actions`, { type: 'called-back' }, operator);
    expect(done.statusCode).toBe(200);
    expect(done.json().callback.doneAt).toBe(clock.now().toISOString());
  });

  it('links related tickets both ways, once, and unlinks them', async () => {
    const res = await post(`/api/v1/helpdesk/tickets/${byPhone.id}/links`, { ticket: second.id });
    expect(res.statusCode).toBe(200);
    expect(res.json().links).toEqual([expect.objectContaining({ id: second.id, relation: 'linked' })]);
    const twice = await post(`/api/v1/helpdesk/tickets/${second.id}/links`, { ticket: byPhone.id });
    expect(twice.json().links.filter((l: { relation: string }) => l.relation === 'linked')).toEqual([
      expect.objectContaining({ id: byPhone.id }),
    ]);
    expect(twice.json().history.filter((h: { kind: string }) => h.kind === 'linked')).toHaveLength(1);
    const off = await app.inject({
      method: 'DELETE',
      url: `/api/v1/helpdesk/tickets/${second.id}/links/${byPhone.id}`,
      headers: backoffice,
    });
    expect(off.statusCode).toBe(200);
    expect(off.json().links.filter((l: { relation: string }) => l.relation === 'linked')).toEqual([]);
    const gone = await app.inject({
      method: 'DELETE',
      url: `/api/v1/helpdesk/tickets/${second.id}/links/${byPhone.id}`,
      headers: backoffice,
    });
    expect(gone.statusCode).toBe(404);
    const other = (await get(`/api/v1/helpdesk/tickets/${byPhone.id}`)).json();
    expect(
      other.history.filter((h: { kind: string }) => h.kind === 'linked').map((h: { body: string }) => h.body),
    ).toEqual([`Collegato al ticket #${second.id}`, `Scollegato dal ticket #${second.id}`]);
  });

  it("gives the back office the templates of the ticket's queue with the ticket's values in", async () => {
    const bad = await post(
      '/api/v1/helpdesk/macros',
      { title: 'Rimborso', body: 'Gentile {{nome}}, {{importo}}' },
      supervisor,
    );
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error).toMatchObject({ field: 'body', message: expect.stringContaining('importo') });
    const forAll = await post(
      '/api/v1/helpdesk/macros',
      {
        title: 'Presa in carico',
        body: 'Gentile {{nome}}, la richiesta {{numero}} ({{oggetto}}) è in carico a {{coda}}.',
      },
      supervisor,
    );
    expect(forAll.statusCode).toBe(201);
    const forTaxes = await post(
      '/api/v1/helpdesk/macros',
      {
        title: 'Rimborso bollo',
        body: 'Il rimborso del bollo si chiede con il modulo R1.',
        queue: 'tributi',
      },
      supervisor,
    );
    const forTraining = await post(
      '/api/v1/helpdesk/macros',
      { title: 'Corsi', body: 'I corsi riprendono a gennaio.', queue: 'formazione' },
      supervisor,
    );
    expect(forTraining.statusCode).toBe(201);
    const denied = await post('/api/v1/helpdesk/macros', { title: 'X', body: 'Y' }, backoffice);
    expect(denied.statusCode).toBe(403);

    const res = await get(`/api/v1/helpdesk/tickets/${second.id}/macros`);
    expect(res.statusCode).toBe(200);
    expect(res.json().macros.map((m: { title: string; text: string }) => [m.title, m.text])).toEqual([
      [
        'Presa in carico',
        `Gentile Maria Rossi, la richiesta #${second.id} (Sollecito: bollo pagato due volte) è in carico a Tributi regionali.`,
      ],
      ['Rimborso bollo', 'Il rimborso del bollo si chiede con il modulo R1.'],
    ]);

    const archived = await app.inject({
      method: 'PUT',
      url: `/api/v1/helpdesk/macros/${forTaxes.json().id}`,
      headers: supervisor,
      payload: {
        title: 'Rimborso bollo',
        body: 'Il rimborso del bollo si chiede con il modulo R1.',
        queue: 'tributi',
        archived: true,
      },
    });
    expect(archived.json().archived).toBe(true);
    const after = (await get(`/api/v1/helpdesk/tickets/${second.id}/macros`)).json();
    expect(after.macros.map((m: { title: string }) => m.title)).toEqual(['Presa in carico']);
    const all = (await get('/api/v1/helpdesk/macros?archived=true', supervisor)).json();
    expect(all.macros).toHaveLength(3);
  });
});
