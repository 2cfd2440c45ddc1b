import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  expectAccessible,
  expectFocused,
  launchBrowser,
  newPage,
  pageErrors,
  screenshot,
  waitOrShow,
} from './support/browser.ts';
import { apiAs, prescribe, SEEDED_NRE, unknownFiscalCode } from './support/data.ts';

interface Prescription {
  nre: string;
  fiscalCode: string;
  copayCents: number;
}
interface Appointment {
  id: string;
  code: string;
  status: string;
}

const euro = (cents: number) =>
  new Intl.NumberFormat('it-IT', { style: 'currency', currency: 'EUR' }).format(cents / 100);
const plain = (s: string | null) => (s ?? '').replace(/[\u00a0\u202f]/g, ' ').trim();

describe('operator console in the browser', () => {
  const baseUrl = inject('baseUrl');
  let browser: Browser;
  let page: Page;
  let api: Awaited<ReturnType<typeof apiAs>>;
  let fiscalCode: string;
  let toBook: Prescription;
  let other: Appointment;
  let listed: Prescription & { exemptionDescription: string };

  beforeAll(async () => {
    api = await apiAs(baseUrl, 'operatore');
    // A patient of the demo region, found as the console would: through one of their prescriptions.
    fiscalCode = (await api<Prescription>('GET', `/api/v1/prescriptions/${SEEDED_NRE}`)).fiscalCode;
    // A new prescription to book in the browser, and another already booked, to cancel there.
    toBook = await prescribe<Prescription>(api, fiscalCode, { priority: 'B' });
    const booked = await prescribe<Prescription>(api, fiscalCode, { priority: 'B' });
    const offer = await api<{ items: { slotId: number }[] }>(
      'GET',
      '/api/v1/availability?service=89.7A.3&priority=B&channel=phone&limit=5',
    );
    other = await api<Appointment>('POST', '/api/v1/appointments', {
      nre: booked.nre,
      fiscalCode,
      itemIndex: 1,
      slotId: offer.items[4]!.slotId,
      channel: 'phone',
    });
    // Issue 14 §8: a prescription the patient does not dictate, with an exemption the back office set.
    const backoffice = await apiAs(baseUrl, 'backoffice');
    listed = await prescribe<typeof listed>(backoffice, fiscalCode, { priority: 'D', exemptionCode: 'E01' });
    browser = await launchBrowser();
    page = await newPage(browser, baseUrl);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('logs in from the keyboard and lands on the console', async () => {
    await page.goto('/');
    await page.waitForURL('**/login');
    await page.getByRole('heading', { name: 'Accesso del personale' }).waitFor();
    await expectAccessible(page, 'the login page');
    await screenshot(page, '01-login');

    await page.keyboard.type('operatore');
    await page.keyboard.press('Tab');
    await page.keyboard.type('demo');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/console');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('name')))
      .toBe('fiscalCode');
    expect(
      await page
        .getByRole('navigation', { name: 'Navigazione principale' })
        .getByRole('link')
        .allTextContents(),
    ).toEqual(['Console operatore', 'Chat', 'Arrivi', 'Help desk', 'Schede', 'Password']);
    await expectAccessible(page, 'the empty console');
    await screenshot(page, '02-console');

    // Issue 14 §2: the fiscal-code and NRE fields show their whole edge at 3:1 against the page (1.4.11).
    for (const name of ['fiscalCode', 'nre']) {
      const edge = await page.locator(`input[name="${name}"]`).evaluate((el) => {
        const s = getComputedStyle(el);
        let bg = 'rgba(0, 0, 0, 0)';
        for (
          let p: Element | null = el.parentElement;
          p && /rgba\(0, 0, 0, 0\)|transparent/.test(bg);
          p = p.parentElement
        )
          bg = getComputedStyle(p).backgroundColor;
        return {
          widths: [s.borderTopWidth, s.borderRightWidth, s.borderBottomWidth, s.borderLeftWidth],
          colors: [s.borderTopColor, s.borderRightColor, s.borderBottomColor, s.borderLeftColor],
          bg: /rgba\(0, 0, 0, 0\)/.test(bg) ? 'rgb(255, 255, 255)' : bg,
        };
      });
      expect(
        edge.widths.every((w) => Number.parseFloat(w) >= 1),
        name,
      ).toBe(true);
      for (const c of edge.colors)
        expect(contrast(c, edge.bg), `${name} edge ${c} on ${edge.bg}`).toBeGreaterThanOrEqual(3);
    }
  });

  it('finds the patient, opens the prescription, holds the first slot and books it', async () => {
    const patient = await api<{ givenName: string; familyName: string }>(
      'GET',
      `/api/v1/patients/${fiscalCode}`,
    );
    await page.keyboard.type(fiscalCode.toLowerCase());
    await page.keyboard.press('Enter');
    const card = page.getByTestId('patient-card');
    await card.waitFor();
    expect(await card.textContent()).toContain(`${patient.givenName} ${patient.familyName}`);

    // The focus is on the NRE now.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('nre');
    await page.keyboard.type(toBook.nre);
    await page.keyboard.press('Enter');
    await page.getByTestId('prescription-card').waitFor();
    const first = page.getByTestId('availability').locator('button[data-slot]').first();
    await first.waitFor();
    await expectFocused(first);
    await expectAccessible(page, 'the availability');
    await screenshot(page, '03-availability');

    await page.keyboard.press('Enter');
    const hold = page.getByTestId('hold-panel');
    await hold.waitFor();
    expect(await page.getByTestId('hold-countdown').textContent()).toMatch(/^[45]:\d\d$/);
    await expectAccessible(page, 'the held slot');
    await screenshot(page, '04-hold');

    await page.keyboard.press('Enter'); // the confirm button has the focus
    const code = page.getByTestId('booking-code');
    await code.waitFor();
    const bookingCode = plain(await code.textContent());
    expect(bookingCode).toMatch(/^PRN-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(plain(await page.getByTestId('booking-copay').textContent())).toBe(plain(euro(toBook.copayCents)));
    const mine = await api<{ items: Appointment[] }>('GET', `/api/v1/patients/${fiscalCode}/appointments`);
    expect(mine.items.find((a) => a.code === bookingCode)?.status).toBe('booked');
    await expectAccessible(page, 'the booking outcome');
    await screenshot(page, '05-booked');
  });

  it("cancels another of the patient's appointments, saying why", async () => {
    const row = page.locator(`tr[data-code="${other.code}"]`);
    await row.waitFor();
    await row.getByRole('button', { name: `Disdici ${other.code}` }).focus();
    await page.keyboard.press('Enter');
    const reason = page.getByLabel('Motivo', { exact: true });
    await expectFocused(reason);
    await reason.selectOption({ label: 'Impedimento dell’assistito'.replace('’', "'") });
    await page.keyboard.press('Enter');
    await page
      .getByRole('status')
      .filter({ hasText: `Appuntamento ${other.code} disdetto` })
      .waitFor();
    await row.getByText('disdetto').waitFor();
    const after = await api<Appointment & { cancelReason: string; cancelChannel: string }>(
      'GET',
      `/api/v1/appointments/${other.id}`,
    );
    expect(after).toMatchObject({
      status: 'cancelled',
      cancelReason: "Impedimento dell'assistito",
      cancelChannel: 'phone',
    });
    await expectAccessible(page, 'the cancelled appointment');
    await screenshot(page, '06-cancelled');
  });

  it("at 1280×720: opens a prescription from the patient's list, updates the contacts, sends the promemoria, reads the history, records a delegation", async () => {
    const before = page.viewportSize();
    await page.setViewportSize({ width: 1280, height: 720 });
    const openIt = page
      .getByTestId('open-prescriptions')
      .getByRole('button', { name: `Apri ricetta ${listed.nre}` });
    await openIt.waitFor();
    await openIt.click();
    await expect
      .poll(() => page.getByTestId('prescription-exemption').textContent())
      .toBe(`E01 — ${listed.exemptionDescription}`);
    expect(await page.getByLabel(/Numero di ricetta/).inputValue()).toBe(listed.nre);
    await page.getByTestId('availability').locator('button[data-slot]').first().waitFor();

    const card = page.getByTestId('patient-card');
    await card.getByRole('button', { name: 'Modifica recapiti' }).click();
    await card.getByLabel('Telefono (cellulare per gli SMS)').fill('347 555 0101');
    await card.getByLabel('E-mail', { exact: true }).fill('e2e.paziente@example.it');
    // The patient agrees to both on the call (the demo patient's earlier answers vary). The operator
    // clicks the label, as Bootstrap Italia draws the box under it; a click that unticks is undone.
    for (const consent of [
      'Acconsente a essere contattato per telefono e SMS',
      'Acconsente a essere contattato per e-mail',
    ]) {
      await card.getByText(consent, { exact: true }).click();
      if (!(await card.getByLabel(consent).isChecked()))
        await card.getByText(consent, { exact: true }).click();
      expect(await card.getByLabel(consent).isChecked()).toBe(true);
    }
    await expectAccessible(page, 'the contacts form');
    await screenshot(page, '06b-contacts-1280');
    await card.getByRole('button', { name: 'Salva recapiti' }).click();
    await expect.poll(() => card.getByTestId('patient-phone').textContent()).toContain('+39 347 555 0101');
    expect(await api('GET', `/api/v1/patients/${fiscalCode}`)).toMatchObject({
      phone: '+393475550101',
      email: 'e2e.paziente@example.it',
      consents: { contactByPhone: true, contactByEmail: true },
    });

    const mine = await api<{ items: (Appointment & { start: string })[] }>(
      'GET',
      `/api/v1/patients/${fiscalCode}/appointments`,
    );
    const upcoming = mine.items.find((a) => a.status === 'booked' && Date.parse(a.start) > Date.now())!;
    const row = page.locator(`tr[data-code="${upcoming.code}"]`);
    await row.getByRole('button', { name: `Promemoria ${upcoming.code}` }).click();
    const actions = page.getByTestId('promemoria-actions');
    expect(await actions.getByRole('link', { name: /Stampa promemoria/ }).getAttribute('href')).toBe(
      `/api/v1/appointments/${upcoming.id}/promemoria.pdf`,
    );
    // The PDF the link opens, with the operator's session.
    const pdf = await page.request.get(`${baseUrl}/api/v1/appointments/${upcoming.id}/promemoria.pdf`);
    expect(pdf.status()).toBe(200);
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await actions.getByRole('button', { name: 'Invia promemoria per SMS' }).click();
    await expect
      .poll(() => actions.getByRole('status').textContent())
      .toMatch(/Promemoria (in coda per|inviato a) •••0101/);

    // The patient's history by fiscal code: the promemoria just queued is in it.
    await card.getByText('Storico contatti dell’assistito (chiamate e messaggi)').click();
    await expect
      .poll(() => card.getByTestId('patient-history-messages').textContent())
      .toContain(`Promemoria ${upcoming.code}`);
    await expectAccessible(page, 'the patient on the call');
    await screenshot(page, '06c-promemoria-1280');

    // A portal delegation recorded at the desk on the signed form (the patient has no SPID), then revoked.
    await card.getByText('Deleghe per il portale').click();
    const delegate = unknownFiscalCode();
    await card.getByLabel('Codice fiscale della persona delegata').fill(delegate);
    const record = card.getByRole('button', { name: 'Registra la delega' });
    expect(await record.isDisabled()).toBe(true);
    const seen = "Ho ricevuto il modulo di delega firmato e ho visto il documento d'identità di chi delega";
    await card.getByText(seen).click();
    expect(await card.getByLabel(seen).isChecked()).toBe(true);
    await record.click();
    await card.getByText(`${delegate} · valida fino a revoca`).waitFor();
    // The patient's mobile was just updated above: the notice goes there, and the operator can say so.
    await card.getByText('Chi delega ne riceverà avviso per SMS a •••0101.', { exact: false }).waitFor();
    expect(
      (
        await api<{ given: { delegateFiscalCode: string; channel: string }[] }>(
          'GET',
          `/api/v1/patients/${fiscalCode}/delegations`,
        )
      ).given,
    ).toContainEqual(expect.objectContaining({ delegateFiscalCode: delegate, channel: 'desk' }));
    await expectAccessible(page, "the patient's portal delegations");
    await card.getByRole('button', { name: `Revoca ${delegate}` }).click();
    await card.getByText('Nessuna delega data.').waitFor();
    expect(pageErrors(page)).toEqual([]);
    if (before) await page.setViewportSize(before);
  });

  it('registers a caller who is not in the registry', async () => {
    const cf = unknownFiscalCode();
    await page.keyboard.press('Alt+N');
    // A new call: the fiscal code's field focused and emptied of the last patient's, as the operator sees
    // it before typing (CI once typed after the old code, still there).
    await expect
      .poll(() =>
        page.evaluate(() => {
          const el = document.activeElement as HTMLInputElement | null;
          return el?.getAttribute('name') === 'fiscalCode' ? el.value : null;
        }),
      )
      .toBe('');
    await page.keyboard.type(cf);
    // Every key landed in the field before Enter submits it (CI once showed no outcome at all).
    await expect.poll(() => page.locator('input[name="fiscalCode"]').inputValue()).toBe(cf);
    await page.keyboard.press('Enter');
    const register = page.getByRole('button', { name: 'Registra nuovo assistito' });
    await waitOrShow(page, register);
    await expectFocused(register);
    await page.keyboard.press('Enter');
    await page.getByLabel('Nome', { exact: true }).waitFor();
    await page.keyboard.type('Giulia');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Zyxwv');
    await page.keyboard.press('Tab');
    await page.keyboard.type('+393401234567');
    await expectAccessible(page, 'the registration form');
    await screenshot(page, '07-register');
    await page.keyboard.press('Enter');
    const card = page.getByTestId('patient-card');
    await card.waitFor();
    expect(await card.textContent()).toContain('Giulia Zyxwv');
    expect(await card.textContent()).toContain('+39 340 123 4567');
    expect((await api<{ fiscalCode: string }>('GET', `/api/v1/patients/${cf}`)).fiscalCode).toBe(cf);
  });

  it('switches to English and back', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Operator console', level: 1 }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await expectAccessible(page, 'the console in English');
    await page.getByRole('button', { name: 'Italiano' }).click();
    await page.getByRole('heading', { name: 'Console operatore', level: 1 }).waitFor();
    expect(pageErrors(page)).toEqual([]);
  });
});

/** WCAG's contrast ratio of two `rgb(r, g, b)` colours. */
function contrast(a: string, b: string): number {
  const lum = (c: string) => {
    const [r, g, bl] = (c.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((v) => {
      const x = Number(v) / 255;
      return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}
