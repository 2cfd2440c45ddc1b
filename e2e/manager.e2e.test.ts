import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  expectAccessible,
  launchBrowser,
  login,
  newPage,
  pageErrors,
  screenshot,
} from './support/browser.ts';

describe('CUP manager, supervisor and admin views in the browser', () => {
  const baseUrl = inject('baseUrl');
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function as(username: string): Promise<Page> {
    const page = await newPage(browser, baseUrl);
    await login(page, username);
    return page;
  }

  it('shows the CUP manager the agendas by organisation and facility, with fill bars and a service filter', async () => {
    const page = await as('responsabile');
    await page.waitForURL('**/agendas');
    const summary = page.getByTestId('agendas-summary');
    await summary.waitFor();
    const all = Number(/^(\d+)/.exec((await summary.textContent()) ?? '')?.[1]);
    expect(all).toBeGreaterThan(100);
    const organisations = await page.locator('main h2').allTextContents();
    expect(organisations.length).toBeGreaterThan(1);
    expect(organisations.some((o) => /^(ASP|ASM|AOR|IRCCS)/.test(o))).toBe(true);
    expect(await page.getByRole('progressbar').count()).toBeGreaterThan(all);
    await expectAccessible(page, 'the agendas');
    await screenshot(page, '08-agendas');

    await page.keyboard.press('Alt+S');
    const filter = page.getByLabel(/^Prestazione/);
    await expect.poll(() => filter.evaluate((s) => s === document.activeElement)).toBe(true);
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
    await page.keyboard.press('Enter');
    const serviceLevel = page.getByTestId('erlang-result').locator('.planning-figure-serviceLevel dd');
    await serviceLevel.waitFor();
    expect(await serviceLevel.textContent()).toBe('88,8%');
    expect(
      await page.getByTestId('erlang-result').locator('.planning-figure-agentsNeeded dd').textContent(),
    ).toBe('15');

    // The regional line's month plan, its charts, and a short what-if (2 replications).
    const month = page.getByRole('region', { name: 'Piano del mese' });
    await month.getByLabel('Linea e dati di traffico').selectOption('regional-2013');
    await month.getByRole('button', { name: 'Calcola il piano' }).click();
    await page.getByTestId('plan-fte').waitFor();
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
