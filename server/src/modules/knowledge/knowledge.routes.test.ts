import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, loginAs } from '../../../test/app.ts';
import { DRIVERS, type TestDatabase } from '../../../test/databases.ts';
import { ManualClock } from '../../platform/clock.ts';
import type { App } from '../../platform/http.ts';

type Headers = { authorization: string; 'content-type': string };

// Issue 16 §4 (HD-7): the knowledge base, on both databases (the `italian` text-search configuration).
describe.each(DRIVERS)('the knowledge base on $name', ({ create }) => {
  let t: TestDatabase;
  let app: App;
  let supervisor: Headers;
  let operator: Headers;
  let other: Headers;
  const clock = new ManualClock('2026-12-03T09:00:00Z');

  beforeAll(async () => {
    t = await create();
    app = await buildTestApp(t.db, clock);
    supervisor = await loginAs(app, t.db, clock, ['supervisor']);
    operator = await loginAs(app, t.db, clock, ['operator']);
    other = await loginAs(app, t.db, clock, ['backoffice']);
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  const call = (method: 'GET' | 'POST' | 'PUT', url: string, headers: Headers, payload?: object) =>
    app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const find = async (q: string, match = 'all') =>
    (
      await call('GET', `/api/v1/knowledge/articles?q=${encodeURIComponent(q)}&match=${match}`, operator)
    ).json().articles as { id: string; title: string; snippet: string }[];

  let rimborso: { id: string; version: number };

  it('finds sheets in Italian by the stems of their words, the title weighing more than the text', async () => {
    const write = (title: string, body: string, tags: string[] = []) =>
      call('POST', '/api/v1/knowledge/articles', supervisor, { title, body, tags });
    const created = await write(
      'Rimborso del ticket per prestazioni non eseguite',
      'Il cittadino che ha pagato il ticket e non ha potuto eseguire la visita chiede il rimborso allo sportello CUP con la ricevuta di pagamento.',
      ['ticket', 'rimborsi', 'disdette'],
    );
    expect(created.statusCode).toBe(201);
    rimborso = created.json();
    expect(rimborso.version).toBe(1);
    await write(
      'Bollo auto: pagamento doppio',
      'Chi ha pagato due volte il bollo auto chiede il rimborso all’ufficio tributi regionale.',
    );
    await write('Esenzione per reddito', 'Le esenzioni per reddito si rinnovano ogni anno in farmacia.');
    // "rimborsi", "pagati" and "visite" match "rimborso", "pagato" and "visita" by their stems.
    const hits = await find('rimborsi visite');
    expect(hits.map((h) => h.title)).toEqual(['Rimborso del ticket per prestazioni non eseguite']);
    expect(hits[0]!.snippet).toMatch(/visita/);
    // Both sheets speak of refunds: the one with the word in its title first.
    expect((await find('rimborso')).map((h) => h.title)).toEqual([
      'Rimborso del ticket per prestazioni non eseguite',
      'Bollo auto: pagamento doppio',
    ]);
    expect(await find('"bollo auto" -ticket')).toHaveLength(1);
    // Tags are searched like the title.
    expect((await find('disdetta')).map((h) => h.title)).toEqual([
      'Rimborso del ticket per prestazioni non eseguite',
    ]);
  });

  it('suggests sheets from a request’s words, any of them', async () => {
    const words =
      'Buongiorno, ho pagato due volte il bollo della macchina, come posso avere indietro i soldi?';
    expect(await find(words)).toEqual([]);
    expect((await find(words, 'any'))[0]!.title).toBe('Bollo auto: pagamento doppio');
  });

  it('keeps every version, refuses a change made on an old one, and counts "was this useful" once per person', async () => {
    const url = `/api/v1/knowledge/articles/${rimborso.id}`;
    const revised = await call('PUT', url, supervisor, {
      title: 'Rimborso del ticket',
      body: 'Dal 2027 il rimborso si chiede anche dal portale.',
      version: 1,
    });
    expect(revised.json()).toMatchObject({ version: 2, title: 'Rimborso del ticket' });
    expect(revised.json().versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const stale = await call('PUT', url, supervisor, { title: 'x', body: 'y', version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.field).toBe('version');
    expect((await call('GET', url, operator)).json().title).toBe('Rimborso del ticket');
    // The search reads the new text.
    expect((await find('portale')).map((h) => h.id)).toEqual([rimborso.id]);

    await call('POST', `${url}/feedback`, operator, { useful: true });
    await call('POST', `${url}/feedback`, operator, { useful: false });
    const rated = await call('POST', `${url}/feedback`, other, { useful: true });
    expect(rated.json().useful).toEqual({ yes: 1, no: 1 });
    // Only supervisors write; an archived sheet is no longer found.
    expect(
      (await call('POST', '/api/v1/knowledge/articles', operator, { title: 'a', body: 'b' })).statusCode,
    ).toBe(403);
    await call('PUT', url, supervisor, {
      title: 'Rimborso del ticket',
      body: 'Vecchio.',
      version: 2,
      archived: true,
    });
    expect(await find('rimborso ticket')).toEqual([]);
    expect(
      (await call('POST', '/api/v1/knowledge/articles', supervisor, { title: ' ', body: 'b' })).json().error
        .field,
    ).toBe('title');
  });
});
