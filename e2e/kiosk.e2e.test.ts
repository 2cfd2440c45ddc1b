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
import { apiAs, freshNre, prescribe, SEEDED_NRE } from './support/data.ts';

// Issue 13 §4 (BK-9): an exempt patient booked for today checks in at the facility's kiosk by touch
// alone and gets a queue ticket; the facility desk sees the arrival with the ticket.

interface Slot {
  slotId: number;
  start: string;
  facility: { id: string; name: string };
}
const plain = (s: string | null) => (s ?? '').replace(/[\u00a0\u202f]/g, ' ').trim();
const isoWeekday = (day: string) => ((new Date(`${day}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;
const romeDay = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(d);

describe('the self check-in kiosk and the desk', () => {
  const baseUrl = inject('baseUrl');
  let browser: Browser;
  let fiscalCode: string;
  let booking: { code: string; facilityId: string } | null = null;

  beforeAll(async () => {
    const api = await apiAs(baseUrl, 'backoffice');
    const manager = await apiAs(baseUrl, 'responsabile');
    fiscalCode = (await api<{ fiscalCode: string }>('GET', `/api/v1/prescriptions/${SEEDED_NRE}`)).fiscalCode;
    // An agenda open all day today and tomorrow (10-minute slots), so the test has an appointment today at any hour.
    const today = romeDay(new Date());
    const tomorrow = romeDay(new Date(Date.now() + 86_400_000));
    const where = (await api<{ items: Slot[] }>('GET', '/api/v1/availability?service=89.7A.3&limit=1'))
      .items[0]!;
    const agenda = await manager<{ id: string }>('POST', '/api/v1/agendas', {
      id: `e2e-kiosk-${Date.now()}`,
      unitId: `${where.facility.id}.cardiologia`,
      facilityId: where.facility.id,
      name: 'Agenda del totem (e2e)',
      serviceCodes: ['89.7A.3'],
      channels: ['desk', 'phone'],
      validFrom: today,
      validTo: tomorrow,
      rules: [isoWeekday(today), isoWeekday(tomorrow)].map((weekday) => ({
        weekday,
        startTime: '00:00',
        endTime: '23:50',
        slotMinutes: 10,
        capacity: 2,
      })),
    });
    const slots = await api<{ items: (Slot & { agendaId: string })[] }>(
      'GET',
      `/api/v1/availability?service=89.7A.3&facility=${where.facility.id}&limit=100`,
    );
    const slot = slots.items.find((s) => s.agendaId === agenda.id && romeDay(new Date(s.start)) === today);
    if (slot) {
      const nre = freshNre();
      await prescribe(api, fiscalCode, { nre, exemptionCode: 'E01' });
      const a = await api<{ code: string }>('POST', '/api/v1/appointments', {
        nre,
        fiscalCode,
        itemIndex: 1,
        slotId: slot.slotId,
        channel: 'desk',
      });
      booking = { code: a.code, facilityId: where.facility.id };
    }
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('checks in by touch and gives a queue ticket, which the desk then sees', async (ctx) => {
    // No slot today in the last ten minutes of a Rome day, nor on a national holiday (no agenda opens then).
    if (!booking) return ctx.skip();
    const page = await newPage(browser, baseUrl);
    await page.setViewportSize({ width: 1080, height: 1920 });
    await page.goto(`/portale/totem/${booking.facilityId}`);
    await page.getByRole('heading', { level: 1, name: 'Accettazione automatica' }).waitFor();
    await expectAccessible(page, 'the kiosk');
    await screenshot(page, 'kiosk-01-code');
    const keys = page.getByRole('group', { name: 'Tastiera' });
    for (const ch of booking.code) await keys.getByRole('button', { name: ch, exact: true }).click();
    await page.getByRole('button', { name: 'Avanti' }).click();
    await page.getByLabel('Codice fiscale').waitFor();
    for (const ch of fiscalCode) await keys.getByRole('button', { name: ch, exact: true }).click();
    await page.getByRole('button', { name: "Registra l'arrivo" }).click();
    await page.getByText('Arrivo registrato.').waitFor();
    const ticket = Number(plain(await page.getByTestId('kiosk-ticket').textContent()));
    expect(ticket).toBeGreaterThan(0);
    await expectAccessible(page, 'the ticket');
    await screenshot(page, 'kiosk-02-ticket');
    // The service's rating (C.SE.1.7) by touch: the stars, what was liked, sent; no words on a kiosk.
    await page.getByRole('button', { name: '5 su 5' }).click();
    await page.getByText('Le indicazioni erano chiare', { exact: true }).click();
    expect(await page.getByLabel('Dettaglio (non scrivere dati personali)').count()).toBe(0);
    const rated = page.waitForResponse((r) => r.url().endsWith('/api/v1/portal/rating'));
    await page.getByRole('button', { name: 'Invia' }).click();
    expect((await rated).status()).toBe(204);
    await page.getByText('Grazie, il tuo parere ci aiuterà a migliorare il servizio!').waitFor();
    await expectAccessible(page, 'the rating at the kiosk');
    await page.getByRole('button', { name: 'Fine' }).click();
    await page.getByLabel('Codice di prenotazione').waitFor();
    expect(pageErrors(page)).toEqual([]);

    const desk = await newPage(browser, baseUrl);
    await desk.setViewportSize({ width: 1280, height: 720 });
    await login(desk, 'operatore');
    await desk.goto('/arrivi');
    await desk.getByLabel('Struttura').selectOption(booking.facilityId);
    const row = desk
      .getByRole('row')
      .filter({ hasText: 'arrivato' })
      .filter({ hasText: String(ticket) });
    await expect.poll(() => row.count()).toBeGreaterThan(0);
    await expectAccessible(desk, 'the arrivals page');
    await screenshot(desk, 'kiosk-03-desk');
    expect(pageErrors(desk)).toEqual([]);
  });
});
