import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import {
  expectAccessible,
  expectFocused,
  login,
  newPage,
  pageErrors,
  screenshot,
  useBrowser,
} from './support/browser.ts';

describe('CUP manager, supervisor and admin views in the browser', () => {
  const baseUrl = inject('baseUrl');
  const browser = useBrowser();

  async function as(username: string): Promise<Page> {
    const page = await newPage(browser(), baseUrl);
    await login(page, username);
    return page;
  }

  it('shows the CUP manager the agendas a page at a time, with fill by organisation and a service filter', async () => {
    const page = await as('responsabile');
    await page.waitForURL('**/agendas');
    const summary = page.getByTestId('agendas-summary');
    await summary.waitFor();
    const all = Number(/^(\d+)/.exec((await summary.textContent()) ?? '')?.[1]);
    expect(all).toBeGreaterThan(100);
    await page.getByText('Riempimento per azienda').click();
    const organisations = await page.locator('main details table tbody th').allTextContents();
    expect(organisations.length).toBeGreaterThan(1);
    expect(organisations.some((o) => /^(ASP|ASM|AOR|IRCCS)/.test(o))).toBe(true);
    // One page of 25 agendas (not one page of all of them), each with its fill bar; the pager moves on.
    expect(await page.locator('.agenda-table tbody tr').count()).toBe(25);
    expect(await page.locator('.agenda-table').getByRole('progressbar').count()).toBe(25);
    const pager = page.getByRole('navigation', { name: "Pagine dell'elenco delle agende" });
    await pager.getByRole('button', { name: 'Pagina 2' }).click();
    await expect.poll(() => pager.locator('[aria-current="page"]').textContent()).toBe('2');
    expect(await page.getByText(`Agende da 26 a 50 di ${all}`).count()).toBe(1);
    await expectAccessible(page, 'the agendas');
    await screenshot(page, '08-agendas');

    await page.keyboard.press('Alt+S');
    const filter = page.getByLabel(/^Prestazione/);
    await expectFocused(filter);
    const cardiology = await filter.locator('option', { hasText: '(89.7A.3)' }).getAttribute('value');
    await filter.selectOption(cardiology!);
    await expect
      .poll(async () => Number(/^(\d+)/.exec((await summary.textContent()) ?? '')?.[1]))
      .toBeLessThan(all);
    const rows = page.locator('.agenda-table tbody tr');
    expect(await rows.count()).toBeGreaterThan(0);
    for (const text of await rows.locator('td:nth-child(2)').allTextContents())
      expect(text).toMatch(/cardiolog/i);
    // The region's first availability of the service for each priority class, against its guarantee.
    const first = page.getByTestId('first-availability');
    await first.getByRole('heading', { name: /Prima disponibilità nella regione: .*cardiolog/i }).waitFor();
    const classes = first.locator('tbody tr');
    expect(await classes.count()).toBe(4);
    await expect
      .poll(() => first.locator('tr[data-priority="P"] td').first().textContent(), { timeout: 15_000 })
      .toMatch(/\d{2}\/\d{2}\/\d{4}/);
    expect(await first.locator('tr[data-priority="P"] td').nth(2).textContent()).toBe('rispettato');
    await expectAccessible(page, 'the agendas of one service');
    await screenshot(page, '09-agendas-cardiology');
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  it('lets the CUP manager create an agenda, change its rules and quota, close a day of it, and find it in the list', async () => {
    const page = await as('responsabile');
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.waitForURL('**/agendas');
    await page.getByRole('link', { name: 'Nuova agenda' }).click();
    await page.getByRole('heading', { name: 'Nuova agenda' }).waitFor();
    const code = `e2e-eco-${Date.now() % 100000}`;
    await page.getByLabel('Codice').fill(code);
    const facility = page.getByLabel('Struttura');
    await expect.poll(() => facility.locator('option').count()).toBeGreaterThan(2);
    const firstFacility = await facility.locator('option').nth(1).getAttribute('value');
    await facility.selectOption(firstFacility!);
    await page.getByLabel('Nome').fill('Ecografie e2e');
    const addService = page.getByLabel('Aggiungi una prestazione');
    const someService = await addService.locator('option').nth(1).getAttribute('value');
    await addService.selectOption(someService!);
    // Monday 08:00–12:00 in 20-minute places, then Tuesday the same: 24 places a week.
    await page.getByRole('button', { name: 'Aggiungi una fascia' }).click();
    await expect.poll(() => page.getByTestId('places-per-week').textContent()).toBe('24 posti a settimana');
    await page.getByRole('button', { name: "Crea l'agenda" }).click();
    await page.getByRole('heading', { name: 'Modifica agenda: Ecografie e2e' }).waitFor();
    expect(await page.getByRole('status').first().textContent()).toMatch(
      /^Agenda creata: [\d.]+ posti generati/,
    );

    // Change it: Monday only, with class B reserved and an overbooking quota of 1.
    await page.getByRole('button', { name: 'Togli la fascia 2' }).click();
    await page.getByLabel('Riservata alla classe, fascia 1').selectOption('B');
    await page.getByLabel('Overbooking per posto').fill('1');
    await page.getByLabel('Alle, fascia 1', { exact: true }).fill('07:00');
    await page.getByRole('button', { name: 'Salva le modifiche' }).click();
    const end = page.getByLabel('Alle, fascia 1', { exact: true });
    await expect.poll(() => end.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(`#${await end.getAttribute('aria-describedby')}`).textContent()).toBe(
      'Valore non valido. (campo: fascia 1: Alle)',
    );
    await end.fill('12:00');
    await page.getByRole('button', { name: 'Salva le modifiche' }).click();
    const saved = page.getByTestId('agenda-saved');
    await saved.waitFor();
    expect(await saved.textContent()).toMatch(
      /^Modifiche salvate dal \d{2}\/\d{2}\/\d{4}: 0 posti aperti, [\d.]+ posti chiusi, 0 prenotazioni da ricontattare\.$/,
    );
    await expectAccessible(page, 'the agenda editor');
    await screenshot(page, 'manager-05-agenda-editor');
    const api = await page.evaluate(async (id) => (await fetch(`/api/v1/agendas/${id}`)).json(), code);
    expect(api).toMatchObject({
      overbookingPerSlot: 1,
      rules: [{ weekday: 1, reservedPriority: 'B', endTime: '12:00' }],
    });

    // Back on the list, found by its name: sound, with its quota shown.
    await page.getByRole('link', { name: 'Torna alle agende' }).click();
    await page.getByLabel('Cerca').fill('ecografie e2e');
    const row = page.locator(`.agenda-table tr[data-agenda="${code}"]`);
    await row.waitFor();
    expect(await page.locator('.agenda-table tbody tr').count()).toBe(1);
    expect(await row.locator('td').nth(3).textContent()).toMatch(/^0 usati su [\d.]+ · quota 1 per posto$/);
    expect(await row.locator('td').last().textContent()).toBe('Pubblicabile');
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  it('lets the CUP manager size the contact centre on the planning page: Erlang, month plan, what-if', async () => {
    const page = await as('responsabile');
    await page.waitForURL('**/agendas');
    await page
      .getByRole('navigation', { name: 'Navigazione principale' })
      .getByRole('link', { name: 'Pianificazione' })
      .click();
    await page.getByRole('heading', { name: 'Pianificazione del personale e dei canali' }).waitFor();

    // Erlang C for half an hour: 100 calls, AHT 180 s, 14 agents, answer within 20 s.
    const calculator = page.getByRole('region', { name: 'Calcolatore Erlang' });
    await calculator.getByLabel('Chiamate offerte nel periodo').fill('100');
    await calculator.getByLabel('Durata del periodo').fill('1800');
    await calculator.getByLabel('Tempo medio di gestione').fill('180');
    await calculator.getByLabel('Operatori', { exact: true }).fill('14');
    await calculator.getByLabel('Tempo obiettivo di risposta').fill('20');
    // Pressed, "Calcola" keeps the focus (it is not disabled while computing) and the answer comes into view.
    const compute = calculator.getByRole('button', { name: 'Calcola', exact: true });
    await compute.click();
    const serviceLevel = page.getByTestId('erlang-result').locator('.planning-figure-serviceLevel dd');
    await serviceLevel.waitFor();
    expect(await compute.evaluate((b) => b === document.activeElement)).toBe(true);
    // The scroll into view runs after the answer renders (and may be smooth): wait for it to land.
    await expect
      .poll(() => serviceLevel.evaluate((e) => e.getBoundingClientRect().bottom <= window.innerHeight))
      .toBe(true);
    expect(await serviceLevel.textContent()).toBe('88,8%');
    expect(
      await page.getByTestId('erlang-result').locator('.planning-figure-agentsNeeded dd').textContent(),
    ).toBe('15');

    // The regional line's month plan, its charts, and a short what-if (2 replications).
    const month = page.getByRole('region', { name: 'Piano del mese' });
    await month.getByLabel('Linea e dati di traffico').selectOption('regional-2013');
    await month.getByRole('button', { name: 'Calcola il piano' }).click();
    await page.getByTestId('plan-fte').waitFor();
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('BUTTON');
    await expect.poll(() => page.getByTestId('plan-channels').textContent()).toBe('30');
    await page.getByTestId('chart-agents').locator('svg').first().waitFor();
    const whatIf = page.getByRole('region', { name: /^Simulazione what-if/ });
    await whatIf.getByLabel('Repliche').fill('2');
    await whatIf.getByRole('button', { name: 'Esegui la simulazione' }).click();
    await page.getByTestId('what-if-result').waitFor({ timeout: 90_000 });
    expect(await page.getByTestId('what-if-result').textContent()).toContain('Risultati di una simulazione');
    const simulatedLevel = async () =>
      Number(
        (
          await page
            .getByRole('table', { name: 'Indicatori simulati del mese' })
            .getByRole('row', { name: /^Livello di servizio/ })
            .locator('td')
            .first()
            .textContent()
        )
          ?.replace('%', '')
          .replace(',', '.'),
      );
    const fullLevel = await simulatedLevel();
    const fullFte = await page.getByTestId('plan-fte').textContent();

    // Half the required agents: the plan says both FTE, flags the intervals below the target, and the
    // what-if simulates the planned agents, clearly below the full plan.
    await month.getByLabel('Operatori per intervallo').selectOption('scale');
    await month.getByLabel('Percentuale degli operatori richiesti').fill('50');
    await month.getByRole('button', { name: 'Calcola il piano' }).click();
    await page.getByTestId('plan-fte-needed').waitFor();
    expect(await page.getByTestId('plan-fte-needed').textContent()).toBe(fullFte);
    expect(await page.getByTestId('plan-staffing').textContent()).toContain('50% degli operatori richiesti');
    expect(await page.getByTestId('plan-below').textContent()).toMatch(/^[1-9][\d.]* su /);
    await page.getByTestId('chart-agents').locator('svg').first().waitFor();
    await expect
      .poll(() => page.getByTestId('chart-agents').getAttribute('aria-label'))
      .toMatch(/operatori pianificati .*richiesti dagli obiettivi/);
    await page.getByText(/^Tabella dei dati/).click();
    const table = page.getByRole('table', { name: /^Dati per intervallo/ });
    expect(await table.getByRole('columnheader').allTextContents()).toEqual(
      expect.arrayContaining([
        'Operatori richiesti dagli obiettivi',
        'Operatori pianificati',
        'Sotto l’obiettivo',
      ]),
    );
    expect(await page.getByTestId('what-if-result').count()).toBe(0);
    await whatIf.getByRole('button', { name: 'Esegui la simulazione' }).click();
    await page.getByTestId('what-if-result').waitFor({ timeout: 90_000 });
    expect(await simulatedLevel()).toBeLessThan(fullLevel);

    await expectAccessible(page, 'the planning page');
    await screenshot(page, 'planning');
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  it("lands the trainer on Formazione: the practice call's choices and a simulated person scripted", async () => {
    const page = await as('formatore');
    await page.waitForURL('**/formazione');
    await page.getByRole('heading', { level: 1, name: 'Formazione (simulazione)' }).waitFor();
    const bar = page.getByRole('navigation', { name: 'Navigazione principale' }).getByRole('link');
    expect(await bar.allTextContents()).toEqual(['Formazione', 'Promemoria', 'Messaggi']);
    // The practice call's choices come from the running centre's IVR (not sent here: the demo is shared).
    await page
      .getByLabel('Linea e scelta del chiamante')
      .locator('option')
      .first()
      .waitFor({ state: 'attached' });
    expect(await page.getByLabel('Linea e scelta del chiamante').locator('option').count()).toBeGreaterThan(
      1,
    );
    await page.getByLabel('Numero chiamato').fill('+39 333 000 1234');
    await page.getByLabel('Risponde').selectOption({ label: 'al tentativo 2' });
    await page.getByLabel('Tasti premuti (facoltativo)').fill('1');
    await page.getByRole('button', { name: 'Prepara' }).click();
    await page.getByText('Il numero +39 333 000 1234 risponderà al tentativo 2 e premerà: 1.').waitFor();
    await expectAccessible(page, "the trainer's page");
    await screenshot(page, 'manager-05-training');
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  it('gives the admin every view', async () => {
    const page = await as('admin');
    const links = page.getByRole('navigation', { name: 'Navigazione principale' }).getByRole('link');
    expect(await links.allTextContents()).toEqual([
      'Console operatore',
      'Arrivi',
      'Percorso di tutela',
      'Wallboard',
      'Agende',
      'Pianificazione',
      'Promemoria',
      'Messaggi',
      'Report',
      'Contatti',
      'Help desk',
      'Schede',
      'Registro accessi',
      'Utenti',
      'Password',
    ]);
    // Every view's link fits the bar on one line at 1280×720.
    await page.setViewportSize({ width: 1280, height: 720 });
    await screenshot(page, 'manager-04-admin-nav');
    const tops = await links.evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
    expect(new Set(tops).size).toBe(1);
    await page.getByRole('link', { name: 'Agende' }).click();
    await page.getByTestId('agendas-summary').waitFor();
    await page.getByRole('button', { name: 'Esci' }).click();
    await page.waitForURL('**/login');
    await page.context().close();
  });
});
