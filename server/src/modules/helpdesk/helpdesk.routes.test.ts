import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, loginAs } from '../../../test/app.ts';
import { createPgliteDatabase, type TestDatabase } from '../../../test/databases.ts';
import { makePatient } from '../../../test/factories.ts';
import { ManualClock } from '../../platform/clock.ts';
import type { App } from '../../platform/http.ts';

type Headers = { authorization: string; 'content-type': string };

// Issue 16, first part: tickets in queues of competence, levels, the business clock (HD-1, HD-2, HD-6).
describe('help-desk tickets over HTTP', () => {
  let t: TestDatabase;
  let app: App;
  let operator: Headers;
  let backoffice: Headers;
  let supervisor: Headers;
  let manager: Headers;
  // Tuesday 10 November 2026, 10:00 in Rome.
  const clock = new ManualClock('2026-11-10T09:00:00Z');

  beforeAll(async () => {
    t = await createPgliteDatabase();
    app = await buildTestApp(t.db, clock);
    operator = await loginAs(app, t.db, clock, ['operator']);
    backoffice = await loginAs(app, t.db, clock, ['backoffice']);
    supervisor = await loginAs(app, t.db, clock, ['supervisor']);
    manager = await loginAs(app, t.db, clock, ['cup-manager']);
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  const post = (url: string, headers: Headers, payload: object) =>
    app.inject({ method: 'POST', url, headers, payload });
  const get = (url: string, headers: Headers) => app.inject({ method: 'GET', url, headers });
  const act = (id: string, payload: object) =>
    post(`/api/v1/helpdesk/tickets/${id}/actions`, backoffice, payload);

  it('opens an e-mail request as a ticket in its queue, with a 24-hour deadline on the business clock', async () => {
    const patient = await makePatient(t.db);
    const res = await post('/api/v1/helpdesk/tickets', operator, {
      queue: 'fse',
      channel: 'email',
      subject: 'Referto non visibile nel fascicolo',
      body: 'Buongiorno, il referto della visita del 3 novembre non compare nel mio fascicolo.',
      requester: { name: 'Maria Rossi', email: 'maria.rossi@example.it' },
      fiscalCode: patient.fiscalCode,
      // Sent on Saturday 7 November at 11:00: 3 h to 14:00, then Monday from midnight.
      receivedAt: '2026-11-07T11:00:00+01:00',
    });
    expect(res.statusCode).toBe(201);
    const ticket = res.json();
    expect(ticket).toMatchObject({
      number: `#${ticket.id}`,
      queue: 'fse',
      queueName: 'Fascicolo sanitario elettronico',
      level: 1,
      state: 'new',
      channel: 'email',
      fiscalCode: patient.fiscalCode,
      moves: ['open', 'pending-citizen', 'pending-third-party', 'resolved'],
    });
    // 24 h counted: Saturday 11–14 (3 h) + Monday 00:00–21:00 (21 h).
    expect(new Date(ticket.dueAt).toISOString()).toBe(new Date('2026-11-09T21:00:00+01:00').toISOString());
    // Now (Tuesday 10:00) the 24 h are spent: 3 + 24 (Monday) + 10 = 37 h used.
    expect(ticket.clock).toMatchObject({
      budgetMinutes: 1440,
      usedMinutes: 37 * 60,
      breached: true,
      paused: false,
    });
    expect(ticket.history).toEqual([
      expect.objectContaining({ kind: 'created', toState: 'new', body: expect.stringContaining('referto') }),
    ]);
    const audited = await t.db
      .selectFrom('audit_event')
      .selectAll()
      .where('resource_id', '=', ticket.id)
      .execute();
    expect(audited).toEqual([
      expect.objectContaining({ action: 'create', resource_type: 'HelpdeskTicket', patient_id: patient.id }),
    ]);
  });

  it('stops the clock while waiting on the citizen, and starts it again when they answer', async () => {
    const created = (
      await post('/api/v1/helpdesk/tickets', operator, {
        queue: 'tributi',
        channel: 'pec',
        subject: 'Bollo auto 2025',
        body: 'Chiedo il rimborso del bollo pagato due volte.',
      })
    ).json();
    // Received now (Tuesday 10:00): due Wednesday 10:00.
    expect(created.dueAt).toBe('2026-11-11T09:00:00.000Z');
    clock.set(new Date('2026-11-10T11:00:00Z')); // 12:00
    const waiting = (
      await act(created.id, { type: 'move', to: 'pending-citizen', note: 'Chiesta la ricevuta' })
    ).json();
    expect(waiting).toMatchObject({
      state: 'pending-citizen',
      dueAt: null,
      clock: { paused: true, usedMinutes: 120 },
    });
    clock.set(new Date('2026-11-10T16:00:00Z')); // 17:00: five hours waiting
    expect((await get(`/api/v1/helpdesk/tickets/${created.id}`, supervisor)).json().clock.usedMinutes).toBe(
      120,
    );
    const open = (await act(created.id, { type: 'move', to: 'open' })).json();
    // The five hours waited are added to the deadline.
    expect(open.dueAt).toBe('2026-11-11T14:00:00.000Z');
    const resolved = (
      await act(created.id, { type: 'move', to: 'resolved', reply: 'Il rimborso è stato disposto.' })
    ).json();
    expect(resolved).toMatchObject({ state: 'resolved', dueAt: null, clock: { breached: false } });
    expect(resolved.resolvedAt).toBe('2026-11-10T16:00:00.000Z');
    // A resolved ticket cannot wait on anyone: refused on the field, nothing changed.
    const refused = await act(created.id, { type: 'move', to: 'pending-citizen' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.field).toBe('to');
    expect((await get(`/api/v1/helpdesk/tickets/${created.id}`, supervisor)).json().state).toBe('resolved');
  });

  it('escalates only upwards and with a reason (HD-2); the second level has 4 hours from the request', async () => {
    clock.set(new Date('2026-11-10T17:00:00Z')); // Tuesday 18:00 (the sessions are today's)
    const created = (
      await post('/api/v1/helpdesk/tickets', operator, {
        queue: 'cup',
        channel: 'phone',
        subject: 'Esenzione non riconosciuta',
        body: "L'assistita dice che l'esenzione E02 non risulta.",
        callId: 'call-42',
      })
    ).json();
    // A phone request at the first level has no contractual budget.
    expect(created.clock.budgetMinutes).toBeNull();
    expect(created.dueAt).toBeNull();
    const noReason = await act(created.id, { type: 'escalate', level: 2, reason: ' ' });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().error.field).toBe('reason');
    for (const [payload, field] of [
      [{ type: 'escalate', level: 2 }, 'reason'],
      [{ type: 'escalate', reason: 'serve il secondo livello' }, 'level'],
      [{ type: 'move' }, 'to'],
      [{ type: 'note', body: '' }, 'body'],
    ] as const) {
      const refused = await act(created.id, payload);
      expect(refused.statusCode).toBe(422);
      expect(refused.json().error.field).toBe(field);
    }
    const down = await act(created.id, { type: 'escalate', level: 1, reason: 'serve il secondo livello' });
    expect(down.statusCode).toBe(422);
    expect(down.json().error.field).toBe('level');
    clock.set(new Date('2026-11-10T18:00:00Z')); // 19:00
    const up = (
      await act(created.id, {
        type: 'escalate',
        level: 2,
        reason: "Serve la verifica dell'ufficio esenzioni",
      })
    ).json();
    expect(up).toMatchObject({ level: 2, state: 'open', clock: { budgetMinutes: 240, usedMinutes: 60 } });
    // Four counted hours from the request (18:00), not from the escalation.
    expect(up.dueAt).toBe('2026-11-10T21:00:00.000Z');
    expect(up.history.at(-1)).toMatchObject({ kind: 'escalated', fromLevel: 1, toLevel: 2 });
  });

  it('lists a queue nearest deadline first, and keeps each role to its part', async () => {
    const list = (await get('/api/v1/helpdesk/tickets?level=1', backoffice)).json().tickets as {
      dueAt: string | null;
      level: number;
    }[];
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((x) => x.level === 1)).toBe(true);
    const dues = list.map((x) => x.dueAt);
    const withDue = dues.filter((d): d is string => d !== null);
    expect(withDue).toEqual([...withDue].sort());
    expect(dues.slice(withDue.length).every((d) => d === null)).toBe(true);
    expect((await get('/api/v1/helpdesk/tickets?queue=nessuna', backoffice)).statusCode).toBe(422);
    // The CUP manager has no part in tickets; the front line opens but does not work them.
    expect((await get('/api/v1/helpdesk/tickets', manager)).statusCode).toBe(403);
    const first = (await get('/api/v1/helpdesk/tickets', supervisor)).json().tickets[0];
    const byOperator = await post(`/api/v1/helpdesk/tickets/${first.id}/actions`, operator, {
      type: 'note',
      body: 'x',
    });
    expect(byOperator.statusCode).toBe(403);
    expect((await get('/api/v1/helpdesk/tickets/999999', supervisor)).statusCode).toBe(404);
    const bad = await post('/api/v1/helpdesk/tickets', operator, {
      queue: 'cup',
      channel: 'piccione',
      subject: 'x',
      body: 'y',
    });
    expect(bad.statusCode).toBe(422);
    const future = await post('/api/v1/helpdesk/tickets', operator, {
      queue: 'cup',
      channel: 'letter',
      subject: 'Lettera',
      body: 'Testo',
      receivedAt: '2030-01-01T00:00:00Z',
    });
    expect(future.statusCode).toBe(422);
    expect(future.json().error.field).toBe('receivedAt');
  });

  it('gives the regional offices (CC-11) the second level only: they see and work what reached them, nothing below', async () => {
    clock.set(new Date('2026-11-10T17:30:00Z'));
    const second = await loginAs(app, t.db, clock, ['second-level']);
    const bo = await loginAs(app, t.db, clock, ['backoffice']);
    const low = (
      await post('/api/v1/helpdesk/tickets', operator, {
        queue: 'formazione',
        channel: 'web',
        subject: 'Iscrizione al corso',
        body: 'Come mi iscrivo?',
      })
    ).json();
    const high = (
      await post('/api/v1/helpdesk/tickets', operator, {
        queue: 'formazione',
        channel: 'web',
        subject: 'Attestato mancante',
        body: "Non ho ricevuto l'attestato.",
      })
    ).json();
    const escalate = await post(`/api/v1/helpdesk/tickets/${high.id}/actions`, bo, {
      type: 'escalate',
      level: 2,
      reason: "Gli attestati li rilascia l'ufficio formazione regionale",
    });
    expect(escalate.statusCode).toBe(200);
    const seen = (await get('/api/v1/helpdesk/tickets?queue=formazione', second)).json().tickets;
    expect(seen.map((x: { id: string }) => x.id)).toEqual([high.id]);
    expect((await get(`/api/v1/helpdesk/tickets/${low.id}`, second)).statusCode).toBe(404);
    expect(
      (await post(`/api/v1/helpdesk/tickets/${low.id}/actions`, second, { type: 'note', body: 'x' }))
        .statusCode,
    ).toBe(404);
    // The first level may still write a note on it, but no longer move it.
    expect(
      (
        await post(`/api/v1/helpdesk/tickets/${high.id}/actions`, bo, {
          type: 'note',
          body: 'Allegato il verbale',
        })
      ).statusCode,
    ).toBe(200);
    const moved = await post(`/api/v1/helpdesk/tickets/${high.id}/actions`, bo, {
      type: 'move',
      to: 'pending-citizen',
    });
    expect(moved.statusCode).toBe(403);
    const byOffice = await post(`/api/v1/helpdesk/tickets/${high.id}/actions`, second, {
      type: 'move',
      to: 'pending-citizen',
      note: 'Chiesto il numero di matricola',
    });
    expect(byOffice.json()).toMatchObject({ state: 'pending-citizen', level: 2 });
    expect(
      (await post(`/api/v1/helpdesk/tickets/${low.id}/actions`, bo, { type: 'move', to: 'open' })).statusCode,
    ).toBe(200);
  });

  it('warns before the breach once a quarter of the budget or less is left (HD-6)', async () => {
    const now = clock.now().getTime();
    const open = async (hoursAgo: number) =>
      (
        await post('/api/v1/helpdesk/tickets', operator, {
          queue: 'cup',
          channel: 'email',
          subject: `Da ${hoursAgo} ore`,
          body: 'Richiesta',
          // Monday night to Tuesday: every hour counts.
          receivedAt: new Date(now - hoursAgo * 3_600_000).toISOString(),
        })
      ).json();
    // 24 counted hours: 7 left is not yet a warning, 5 left is; past the budget it is a breach instead.
    expect((await open(17)).clock).toMatchObject({ remainingMinutes: 420, warning: false, breached: false });
    expect((await open(19)).clock).toMatchObject({ remainingMinutes: 300, warning: true, breached: false });
    expect((await open(25)).clock).toMatchObject({ warning: false, breached: true });
  });
});
