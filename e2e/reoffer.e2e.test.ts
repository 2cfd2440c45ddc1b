import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  expectAccessible,
  launchBrowser,
  login,
  newPage,
  pageErrors,
  screenshot,
} from './support/browser.ts';
import { apiAs, freshNre, prescribe, unknownFiscalCode } from './support/data.ts';

interface Messages {
  items: { kind: string; status: string; text: string; createdAt: string }[];
}
interface Slot {
  slotId: number;
  start: string;
}
interface Appointment {
  id: string;
  start: string;
}

const DAY = 86_400_000;

// OB-2 end to end: a patient booked six weeks out; another cancels a visit of the same service next
// week; the running server's re-offer offers the freed place by SMS (simulazione); the patient opens the
// link on a phone and takes it — their appointment moves, and the place they leave is offered in turn.
describe('re-offer of a freed place in the browser', () => {
  const baseUrl = inject('baseUrl');
  let browser: Browser;
  let operator: Awaited<ReturnType<typeof apiAs>>;
  let manager: Awaited<ReturnType<typeof apiAs>>;

  async function bookedAt(daysAhead: number, phone: string) {
    const fiscalCode = unknownFiscalCode();
    await operator('POST', '/api/v1/patients', {
      fiscalCode,
      givenName: 'Lucia',
      familyName: 'Zyxwv',
      phone,
      consents: { contactByPhone: true },
    });
    const nre = freshNre();
    await prescribe(operator, fiscalCode, { nre });
    const from = new Date(Date.now() + daysAhead * DAY).toISOString();
    const free = await operator<{ items: Slot[] }>(
      'GET',
      `/api/v1/availability?service=89.7A.3&priority=P&channel=phone&from=${encodeURIComponent(from)}&limit=1`,
    );
    const slot = free.items[0];
    if (!slot) throw new Error(`no free slot of 89.7A.3 from ${from}`);
    return operator<Appointment>('POST', '/api/v1/appointments', {
      nre,
      fiscalCode,
      itemIndex: 1,
      slotId: slot.slotId,
      channel: 'phone',
    });
  }

  beforeAll(async () => {
    operator = await apiAs(baseUrl, 'operatore');
    manager = await apiAs(baseUrl, 'responsabile');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('offers the freed place by SMS, and the patient takes it from the link on a phone', async () => {
    const waiting = await bookedAt(42, `+39348${String(Date.now() % 10_000_000).padStart(7, '0')}`);
    const leaving = await bookedAt(9, `+39349${String(Date.now() % 10_000_000).padStart(7, '0')}`);
    const since = Date.now();
    await operator('POST', `/api/v1/appointments/${leaving.id}/cancel`, {
      reason: 'il paziente non può venire',
      channel: 'phone',
    });

    // The server offers it within seconds (an SMS at night waits for 08:00; its text is written now).
    let token = '';
    await expect
      .poll(
        async () => {
          const day = await manager<Messages>('GET', '/api/v1/outreach/messages');
          const offer = day.items.find(
            (m) => m.kind === 'reoffer' && Date.parse(m.createdAt) >= since - 1000 && /\/o\/\S+/.test(m.text),
          );
          token = offer ? /\/o\/([A-Za-z0-9._-]+)/.exec(offer.text)![1]! : '';
          return token;
        },
        { timeout: 20_000, interval: 500 },
      )
      .not.toBe('');

    const page = await newPage(browser, baseUrl);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/o/${token}`);
    await page.getByRole('heading', { level: 1, name: 'Un posto prima del suo appuntamento' }).waitFor();
    await page.getByText('Posto proposto').waitFor();
    await expectAccessible(page, 'the offer page');
    await screenshot(page, 'reoffer-01-offer');

    // "No, grazie" asks why, and going back leaves the offer standing.
    await page.getByRole('button', { name: 'No, grazie' }).click();
    await page.getByRole('group', { name: /Perché non le va bene/ }).waitFor();
    await expectAccessible(page, 'the reasons to decline');
    await page.getByRole('button', { name: 'No, torna indietro' }).click();

    const before = await manager<{ places: { freed: number } }>('GET', '/api/v1/reoffer/summary');
    await page.getByRole('button', { name: 'Accetto il nuovo posto' }).click();
    await expect.poll(() => page.getByTestId('offer-outcome').textContent()).toContain('Ha accettato');
    await screenshot(page, 'reoffer-02-accepted');
    expect(pageErrors(page)).toEqual([]);

    // Our waiting patient was first in line unless the seed holds someone booked further out: either
    // way somebody's appointment is now in the freed place.
    const mine = await operator<Appointment>('GET', `/api/v1/appointments/${waiting.id}`);
    const summary = () =>
      manager<{ places: { freed: number; taken: number } }>('GET', '/api/v1/reoffer/summary');
    expect((await summary()).places.taken).toBeGreaterThanOrEqual(1);
    // The place the accepting patient left is a freed place in turn (the chain).
    await expect
      .poll(async () => (await summary()).places.freed, { timeout: 20_000, interval: 500 })
      .toBeGreaterThan(before.places.freed);
    if (mine.start === leaving.start) expect(mine.start).not.toBe(waiting.start);

    // Opened again, the link says what happened; accepting twice is refused in Italian.
    await page.reload();
    await expect.poll(() => page.getByTestId('offer-outcome').textContent()).toContain('Ha accettato');
    expect(await page.getByRole('button', { name: 'Accetto il nuovo posto' }).count()).toBe(0);
  });

  it("shows the CUP manager the period's reminders, answers, re-used places and attendance", async () => {
    const page = await newPage(browser, baseUrl);
    await page.setViewportSize({ width: 1280, height: 720 });
    await login(page, 'responsabile');
    await page
      .getByRole('navigation', { name: 'Navigazione principale' })
      .getByRole('link', { name: 'Promemoria' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Promemoria, risposte e posti liberati' }).waitFor();
    expect(await page.getByRole('note').textContent()).toContain('Simulazione');
    // The place freed and re-used in the test above is today's.
    const reoffer = page.getByTestId('outreach-reoffer');
    const figure = async (label: string) =>
      Number(
        await reoffer
          .getByRole('row', { name: new RegExp(`^${label}`) })
          .getByRole('cell')
          .textContent(),
      );
    await expect.poll(() => figure('Posti liberati')).toBeGreaterThanOrEqual(1);
    expect(await figure('Riassegnati')).toBeGreaterThanOrEqual(1);
    const attendance = page.getByTestId('outreach-attendance');
    await attendance.getByRole('row', { name: /Passati e non segnati/ }).waitFor();
    await expectAccessible(page, 'the outreach page');
    await screenshot(page, 'reoffer-03-outreach-page');
    expect(pageErrors(page)).toEqual([]);
  });
});
