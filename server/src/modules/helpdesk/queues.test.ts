import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../../../test/app.ts';
import { createPgliteDatabase, type TestDatabase } from '../../../test/databases.ts';
import { buildApp } from '../../app.ts';
import { ManualClock } from '../../platform/clock.ts';
import { loadConfig } from '../../platform/config.ts';
import type { App } from '../../platform/http.ts';
import { createLogger } from '../../platform/logger.ts';
import { configureQueues, parseQueues } from './rules/queues.ts';

// HD-1, HD-6: the queues of competence and their clock rules as configuration (HELPDESK_QUEUES).
describe('configured queues', () => {
  it('takes the tender’s hours and pauses by default, and refuses a bad entry by its field', () => {
    expect(parseQueues('[{"id":"urp","name":"URP","level":1}]')).toEqual([
      {
        id: 'urp',
        name: 'URP',
        level: 1,
        writtenHours: 24,
        secondLevelHours: 4,
        pausing: ['pending-citizen', 'pending-third-party'],
      },
    ]);
    expect(() => parseQueues('{')).toThrow('not JSON');
    expect(() => parseQueues('[{"id":"URP!","name":"x","level":1}]')).toThrow('queue 1, id');
    expect(() => parseQueues('[{"id":"a","name":"A","level":1},{"id":"a","name":"B","level":1}]')).toThrow(
      'queue 2, id: a twice',
    );
    expect(() => parseQueues('[{"id":"a","name":"A","level":5}]')).toThrow('queue 1, level');
    expect(() => parseQueues('[{"id":"a","name":"A","level":1,"writtenHours":0}]')).toThrow(
      'queue 1, writtenHours',
    );
    expect(() => parseQueues('[{"id":"a","name":"A","level":1,"pausing":["open"]}]')).toThrow(
      'queue 1, pausing',
    );
  });

  describe('in the server', () => {
    let t: TestDatabase;
    let app: App;
    // Thursday 3 December 2026, 10:00 in Rome.
    const clock = new ManualClock('2026-12-03T09:00:00Z');

    beforeAll(async () => {
      t = await createPgliteDatabase();
      const config = loadConfig({
        JOBS: 'off',
        LOG_LEVEL: 'silent',
        HELPDESK_QUEUES: JSON.stringify([
          {
            id: 'urp',
            name: 'Ufficio relazioni con il pubblico',
            level: 1,
            writtenHours: 8,
            pausing: ['pending-citizen'],
          },
          { id: 'tributi', name: 'Tributi regionali', level: 1, staff: ['lucia.tributi'] },
        ]),
      });
      app = await buildApp({ db: t.db, dbKind: 'pglite', clock, config, log: createLogger('silent') });
      await app.ready();
    });
    afterAll(async () => {
      configureQueues(undefined);
      await app?.close();
      await t?.drop();
    });

    it('lists the configured queues and runs each ticket on its queue’s clock', async () => {
      const backoffice = await loginAs(app, t.db, clock, ['backoffice']);
      const queues = await app.inject({ method: 'GET', url: '/api/v1/helpdesk/queues', headers: backoffice });
      expect(queues.json().queues.map((q: { id: string }) => q.id)).toEqual(['urp', 'tributi']);
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/helpdesk/tickets',
        headers: backoffice,
        payload: { queue: 'urp', channel: 'email', subject: 'Orari', body: 'Quali sono gli orari?' },
      });
      const ticket = res.json();
      // 8 counted hours from Thursday 10:00: 18:00.
      expect(ticket.dueAt).toBe(new Date('2026-12-03T18:00:00+01:00').toISOString());
      expect(ticket.clock.budgetMinutes).toBe(480);
      // This queue does not stop the clock while waiting on a third party.
      const moved = await app.inject({
        method: 'POST',
        url: `/api/v1/helpdesk/tickets/${ticket.id}/actions`,
        headers: backoffice,
        payload: { type: 'move', to: 'pending-third-party' },
      });
      expect(moved.json().clock.paused).toBe(false);
      expect(moved.json().dueAt).toBe(ticket.dueAt);
      const unknown = await app.inject({
        method: 'POST',
        url: '/api/v1/helpdesk/tickets',
        headers: backoffice,
        payload: { queue: 'fse', channel: 'email', subject: 'x', body: 'y' },
      });
      expect(unknown.json().error.field).toBe('queue');
    });

    it("lets only a queue's own staff work it; the others read it", async () => {
      const lucia = await loginAs(app, t.db, clock, ['backoffice'], 'lucia.tributi');
      const other = await loginAs(app, t.db, clock, ['backoffice']);
      const queues = await app.inject({ method: 'GET', url: '/api/v1/helpdesk/queues', headers: other });
      expect(queues.json().queues).toEqual([
        expect.objectContaining({ id: 'urp', works: true }),
        expect.objectContaining({ id: 'tributi', works: false }),
      ]);
      const t1 = (
        await app.inject({
          method: 'POST',
          url: '/api/v1/helpdesk/tickets',
          headers: other,
          payload: { queue: 'tributi', channel: 'email', subject: 'Bollo', body: 'Bollo pagato due volte.' },
        })
      ).json();
      const act = (headers: typeof other) =>
        app.inject({
          method: 'POST',
          url: `/api/v1/helpdesk/tickets/${t1.id}/actions`,
          headers,
          payload: { type: 'move', to: 'open' },
        });
      expect((await act(other)).statusCode).toBe(403);
      // The regional offices do not learn of a first-level ticket, staffed queue or not.
      expect((await act(await loginAs(app, t.db, clock, ['second-level']))).statusCode).toBe(404);
      expect(
        (await app.inject({ method: 'GET', url: `/api/v1/helpdesk/tickets/${t1.id}`, headers: other }))
          .statusCode,
      ).toBe(200);
      expect((await act(lucia)).json().state).toBe('open');
      const note = await app.inject({
        method: 'POST',
        url: `/api/v1/helpdesk/tickets/${t1.id}/actions`,
        headers: other,
        payload: { type: 'note', body: 'Il cittadino ha richiamato' },
      });
      expect(note.statusCode).toBe(200);
    });

    it('refuses to start with a bad HELPDESK_QUEUES, naming it', async () => {
      const config = loadConfig({
        JOBS: 'off',
        LOG_LEVEL: 'silent',
        HELPDESK_QUEUES: '[{"id":"x","level":1}]',
      });
      await expect(
        buildApp({ db: t.db, dbKind: 'pglite', clock, config, log: createLogger('silent') }),
      ).rejects.toThrow(/HELPDESK_QUEUES: queue 1, name/);
    });
  });
});
