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
import { apiAs, prescribe, unknownFiscalCode } from './support/data.ts';

/*
 * The contact centre in the browser, on the simulated switch (the server runs with SIM_AGENTS=0,
 * SIM_TRAFFIC=off and SIM_HOURS=always, so the only calls are the ones placed here, at any hour, and
 * nobody but the people in these tests answers them).
 */

interface Prescription {
  nre: string;
  fiscalCode: string;
}
interface AgentView {
  state: string;
  call: { callId: string } | null;
}

const plain = (s: string | null) => (s ?? '').replace(/[\u00a0\u202f]/g, ' ').trim();
const CC = '/api/v1/contact-centre';
/** The IVR plays its prompts in real time: a call takes seconds to reach a queue. */
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 20_000 });

describe('contact centre in the browser', () => {
  const baseUrl = inject('baseUrl');
  let browser: Browser;
  let operator: Awaited<ReturnType<typeof apiAs>>;
  let trainer: Awaited<ReturnType<typeof apiAs>>;
  let page: Page;
  let phone: string;
  let fiscalCode: string;
  let toBook: Prescription;

  beforeAll(async () => {
    operator = await apiAs(baseUrl, 'operatore');
    // Simulated calls are the trainer's (the supervisor's role is read-only).
    trainer = await apiAs(baseUrl, 'formatore');
    // A caller whose number is in the registry, once: the console opens them when the call is answered.
    fiscalCode = unknownFiscalCode();
    phone = `+39347${String(Date.now() % 10_000_000).padStart(7, '0')}`;
    await operator('POST', '/api/v1/patients', {
      fiscalCode,
      givenName: 'Chiara',
      familyName: 'Zyxwv',
      phone,
    });
    toBook = await prescribe<Prescription>(operator, fiscalCode, { priority: 'D' });
    browser = await launchBrowser();
    page = await newPage(browser, baseUrl);
    // A common contact-centre monitor (issue 14 §1): everything below runs at 1280×720.
    await page.setViewportSize({ width: 1280, height: 720 });
  });

  /** Whether the element is wholly in the viewport and not under the sticky agent bar (WCAG 2.4.11). */
  async function clearOfBar(target: ReturnType<Page['locator']>): Promise<boolean> {
    const bar = await page.locator('.cc-slot').boundingBox();
    const box = await target.boundingBox();
    if (!bar || !box) return false;
    const barBottom = bar.y + bar.height;
    return box.y >= barBottom - 1 && box.y + box.height <= 720 + 1;
  }
  afterAll(async () => {
    // Leave the line as found: the operator off the line, whatever a failed step left.
    await operator('POST', `${CC}/agent/logout`).catch(() => {});
    await browser?.close();
  });

  it('logs the operator in to the line and makes them ready, with the time in state', async () => {
    await login(page, 'operatore');
    await page.waitForURL('**/console');
    const state = page.getByTestId('agent-state');
    await poll(() => state.textContent()).toBe('fuori linea');
    // Each line button leaves the focus in the bar, where the work continues, never on the page (§6).
    const focusInBar = () =>
      page.evaluate(
        () => !!document.activeElement?.closest('.cc-bar') && document.activeElement !== document.body,
      );
    await page.getByRole('button', { name: 'Entra in linea' }).click();
    await poll(() => state.textContent()).toBe('in pausa');
    await poll(focusInBar).toBe(true);
    await page.getByRole('button', { name: /^Pronto/ }).click();
    await poll(() => state.textContent()).toBe('pronto');
    await poll(focusInBar).toBe(true);
    const timer = page.getByTestId('time-in-state');
    const first = plain(await timer.textContent());
    expect(first).toMatch(/^0:0\d$/);
    await poll(async () => plain(await timer.textContent())).not.toBe(first);
    await expectAccessible(page, 'the console, ready on the line');
    await screenshot(page, '11-console-ready');
  });

  it('receives a simulated call, answers it from the keyboard and books for the caller', async () => {
    // The practice call (simulazione): the caller's number and the CUP menu's first choice, in its words.
    const practice = page.getByTestId('training-call');
    await practice.getByText('Chiamata di prova (simulazione)').click();
    await practice
      .getByLabel('Linea e scelta del chiamante')
      .selectOption({ label: 'tasto 1: Prenotare una visita o un esame' });
    await practice.getByLabel('Numero del chiamante (facoltativo)').fill(phone);
    await expectAccessible(page, 'the practice call, open');
    await practice.getByRole('button', { name: 'Fai arrivare la chiamata' }).click();
    const card = page.getByTestId('call-card');
    await card.waitFor();
    await poll(() => page.getByTestId('agent-state').textContent()).toBe('chiamata in arrivo');
    // The caller's number as people read it (issue 14 §9): +39 347 xxx xxxx.
    expect(plain(await page.getByTestId('caller-number').textContent())).toBe(
      `+39 ${phone.slice(3, 6)} ${phone.slice(6, 9)} ${phone.slice(9)}`,
    );
    expect(plain(await page.getByTestId('request-type').textContent())).toBe('prenotazione');
    // What the caller chose in the IVR, in the menu's words, not node ids (issue 10 §6).
    const words = plain(await card.textContent());
    expect(words).toContain('Menu principale CUP: Prenotare una visita o un esame');
    expect(words).not.toContain('cup/principale');
    await expectAccessible(page, 'the call on offer');
    await screenshot(page, '12-call-offered');

    await page.keyboard.press('Alt+L');
    await poll(() => page.getByTestId('agent-state').textContent()).toBe('in conversazione');
    // At 1280×720 the bar starts within the first third of the screen, one line high, and the caller's
    // number and queue are on screen below it.
    const bar = (await page.locator('.cc-slot').boundingBox())!;
    expect(bar.y).toBeLessThanOrEqual(720 / 3);
    expect(bar.height).toBeLessThanOrEqual(80);
    expect(await clearOfBar(page.getByTestId('caller-number'))).toBe(true);
    expect(await clearOfBar(page.getByTestId('call-card').getByText('CUP prenotazioni'))).toBe(true);
    // CC-2: the caller heard the operator's code; it is on the card.
    expect(plain(await page.getByTestId('announced-code').textContent())).toMatch(/^\d{2,8}$/);
    // The only patient with the caller's number is opened in the console.
    const patient = page.getByTestId('patient-card');
    await patient.waitFor();
    expect(await patient.textContent()).toContain('Chiara Zyxwv');

    await page.keyboard.press('Alt+R');
    await page.keyboard.type(toBook.nre);
    await page.keyboard.press('Enter');
    const first = page.getByTestId('availability').locator('button[data-slot]').first();
    await first.waitFor();
    // The results come into view below the bar: their heading and the first place.
    await poll(() => clearOfBar(page.getByTestId('availability').getByRole('heading').first())).toBe(true);
    await first.click();
    await page.getByTestId('hold-panel').waitFor();
    await poll(() => clearOfBar(page.getByTestId('hold-panel'))).toBe(true);
    await page.keyboard.press('Alt+O');
    const code = page.getByTestId('booking-code');
    await code.waitFor();
    expect(plain(await code.textContent())).toMatch(/^PRN-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await expectAccessible(page, 'a booking during a call');
    await screenshot(page, '13-call-booked');
  });

  it('hangs up, records the outcome, reads the contact history and ends the wrap-up', async () => {
    await page.keyboard.press('Alt+U');
    await poll(() => page.getByTestId('agent-state').textContent()).toBe('riordino (post-chiamata)');
    // Alt+M: the note, focused and on screen below the bar, wherever the page was scrolled.
    await page.mouse.wheel(0, 2000);
    await page.keyboard.press('Alt+M');
    const note = page.getByRole('textbox', { name: 'Nota' });
    await poll(() => note.evaluate((n) => n === document.activeElement)).toBe(true);
    await poll(() => clearOfBar(note)).toBe(true);
    await note.fill('Prenotata la visita cardiologica');
    await page.getByRole('button', { name: 'Registra esito' }).click();
    await page.getByRole('status').filter({ hasText: 'Esito registrato.' }).first().waitFor();

    await page.getByText('Contatti precedenti di questo numero').click();
    const history = page.getByTestId('contact-history');
    await history.waitFor();
    expect(await history.textContent()).toContain('Prenotata la visita cardiologica');
    await expectAccessible(page, 'the wrap-up with the outcome and the history');
    await screenshot(page, '14-wrap-up');

    await page.getByRole('button', { name: /^Fine riordino, pronto/ }).click();
    await poll(() => page.getByTestId('agent-state').textContent()).toBe('pronto');
    await poll(() => page.evaluate(() => !!document.activeElement?.closest('.cc-bar'))).toBe(true);
    // The outcome is in the contact events, as the reports read them.
    const me = await operator<AgentView>('GET', `${CC}/agent`);
    expect(me.state).toBe('ready');
    expect(pageErrors(page)).toEqual([]);
  });

  it("changes the supervisor's wallboard as calls arrive and are answered", async () => {
    // The operator steps away: the next call waits in the queue.
    await operator('POST', `${CC}/agent/pause`, { reason: 'pausa' });
    const wall = await newPage(browser, baseUrl);
    await login(wall, 'supervisore');
    await wall.waitForURL('**/wallboard');
    await wall.getByRole('heading', { name: 'Wallboard del contact center' }).waitFor();
    await poll(() => wall.getByTestId('stream-status').textContent()).toBe('In tempo reale');
    const number = async (id: string) => Number(plain(await wall.getByTestId(id).textContent()));
    const accepted = await number('wb-accepted-hour');
    const answered = await number('wb-answered-today');
    expect(await number('wb-waiting-now')).toBe(0);

    await trainer('POST', `${CC}/simulated-calls`, { digits: '1' });
    await poll(() => number('wb-waiting-now')).toBe(1);
    await poll(() => number('wb-accepted-hour')).toBe(accepted + 1);
    // CC-4: each line open or closed and until when (these tests run the lines at every hour), and the
    // channel the waiting call holds.
    await poll(async () => plain(await wall.getByTestId('wb-lines').textContent())).toMatch(
      /Aperta sempre aperta · 1 di \d+ canali in uso/,
    );
    // Today's contract levels, by the month's definitions (the wait from the call's start).
    await wall.getByRole('heading', { name: 'Livelli del contratto, oggi finora' }).waitFor();
    await expectAccessible(wall, 'the wallboard with a call waiting');
    await screenshot(wall, '15-wallboard-waiting');

    // The operator comes back: the call is offered and answered.
    await operator('POST', `${CC}/agent/ready`);
    await poll(async () => (await operator<AgentView>('GET', `${CC}/agent`)).state).toBe('offered');
    await operator('POST', `${CC}/agent/answer`);
    await poll(() => number('wb-waiting-now')).toBe(0);
    await poll(() => number('wb-answered-today')).toBe(answered + 1);
    await poll(() => number('wb-agents-onCall')).toBe(1);
    // Issue 14 §13: the operator in the live list, on the call, with the time in state ticking.
    const me = wall.getByTestId('wb-agent-list').locator('tbody tr').filter({ hasText: 'operatore' });
    await poll(() => me.locator('td').first().textContent()).toBe('in conversazione');
    expect(plain(await me.locator('td').nth(2).textContent())).toMatch(/^sì \(…\S{1,6}\)$/);
    // And each queue's service level today, by the centre's definition.
    expect(
      plain(
        await wall.getByTestId('wb-queues').locator('tbody tr').first().locator('td').last().textContent(),
      ),
    ).toMatch(/^(\d{1,3}\s?%|—)$/);
    await wall.getByTestId('wb-arrivals-chart').locator('svg').waitFor();
    await screenshot(wall, '16-wallboard-answered');
    await operator('POST', `${CC}/agent/hang-up`);

    // Issue 14 §10: the service level and abandonment against the contract's targets, in words.
    expect(plain(await wall.getByTestId('wb-service-level-status').textContent())).toMatch(
      /^(Obiettivo rispettato|Attenzione: sotto l'obiettivo|Critico: lontano dall'obiettivo) Obiettivo: almeno 90\s?%; rosso sotto 80\s?%$/,
    );
    // Issue 14 §12: the wall screen at 1920×1080, no navigation, the same figures large.
    await wall.setViewportSize({ width: 1920, height: 1080 });
    await wall.getByRole('link', { name: 'Vista per lo schermo a parete' }).click();
    await wall.getByRole('heading', { level: 1, name: 'Contact center — oggi' }).waitFor();
    expect(await wall.getByRole('navigation').count()).toBe(0);
    await poll(async () =>
      plain(await wall.getByTestId('tv-waiting').locator('.wb-tv-value').textContent()),
    ).toBe('0');
    const big = await wall
      .getByTestId('tv-service-level')
      .locator('.wb-tv-value')
      .evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
    expect(big).toBeGreaterThanOrEqual(96);
    await wall
      .getByTestId('tv-service-level')
      .getByText(/^Obiettivo: almeno 90\s?%/)
      .waitFor();
    // The lines' state in words on the wall too (this run keeps them open), and all of it in one screen.
    expect(plain(await wall.getByTestId('tv-lines').locator('li').first().textContent())).toMatch(
      / Aperta sempre aperta$/,
    );
    expect(await wall.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(1080);
    await expectAccessible(wall, 'the wallboard on the wall screen');
    await screenshot(wall, '17-wallboard-tv-1920');

    // The supervisor watches; the console is not theirs.
    await wall.goto('/console');
    await wall.getByRole('heading', { name: 'Accesso non consentito' }).waitFor();
    expect(pageErrors(wall)).toEqual([]);
    await wall.context().close();
  });

  it('answers from the chat desk a call that rings there, into the console (a blended operator, CC-9, CC-10)', async () => {
    await operator('POST', `${CC}/agent/ready`);
    await poll(async () => (await operator<AgentView>('GET', `${CC}/agent`)).state).toBe('ready');
    await page.goto('/chat');
    const watch = page.getByTestId('line-watch');
    await poll(async () => plain(await watch.textContent())).toMatch(/^Telefono: pronto/);
    await trainer('POST', `${CC}/simulated-calls`, { digits: '1' });
    await page
      .getByRole('alert')
      .filter({ hasText: 'Ti sta arrivando una chiamata.' })
      .waitFor({ timeout: 20_000 });
    await expectAccessible(page, 'the chat desk with a call ringing');
    await page.getByRole('button', { name: 'Rispondi (nella console)' }).click();
    await page.waitForURL('**/console');
    await poll(() => page.getByTestId('agent-state').textContent()).toBe('in conversazione');
    await page.getByTestId('call-card').waitFor();
    await operator('POST', `${CC}/agent/hang-up`);
    expect(pageErrors(page)).toEqual([]);
  });

  it('logs the operator off the line when they leave the app, and says why at the next login (issue 8 §17)', async () => {
    await operator('POST', `${CC}/agent/ready`);
    await poll(async () => (await operator<AgentView>('GET', `${CC}/agent`)).state).toBe('ready');
    await page.getByRole('button', { name: 'Esci', exact: true }).click();
    await page.waitForURL('**/login');
    // No ghost on the line: the next call would ring nobody.
    await poll(async () => (await operator<AgentView>('GET', `${CC}/agent`)).state).toBe('logged-out');
    await login(page, 'operatore');
    await page.goto('/console');
    await poll(async () => plain(await page.getByTestId('cc-logoff').textContent())).toBe(
      "Sei stato disconnesso dalla linea: sei uscito dall'applicazione. Accedi di nuovo alla linea per ricevere chiamate.",
    );
    await expectAccessible(page, 'the console after leaving the line by logging out');
    expect(pageErrors(page)).toEqual([]);
  });
});
