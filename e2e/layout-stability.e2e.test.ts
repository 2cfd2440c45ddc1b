import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { layoutShift, login, newPage, useBrowser, watchLayoutShifts } from './support/browser.ts';

/*
 * Nothing moves under the pointer while a page loads: every staff page opened afresh at 1280×720, and
 * the citizen portal's pages and the login page on a phone and on a desk screen, keep their Cumulative
 * Layout Shift (Web Vitals; below 0.1 is "good") under 0.05 — a section drawn before its data and then
 * filled, a bar that arrives late, a footer pushed down by the page, the typeface replacing the fallback
 * font once the text was drawn each scored 0.03–0.6 before.
 */
const PAGES = [
  '/console',
  '/chat',
  '/wallboard',
  '/agendas',
  '/planning',
  '/formazione',
  '/outreach',
  '/messages',
  '/report',
  '/helpdesk',
  '/schede',
  '/arrivi',
  '/contatti',
  '/protection-cases',
  '/privacy',
  '/messaggi-vocali',
  '/users',
];

const PUBLIC_PAGES = [
  '/login',
  '/quando-chiamare',
  '/portale',
  '/portale/prenota',
  '/portale/gestisci',
  '/portale/paga',
  '/portale/chat',
  '/portale/area-personale',
  '/portale/accessibilita',
  '/portale/privacy',
];
const round = (x: number) => Math.round(x * 1000) / 1000;

/** Opens `path` in a page already watched, lets it settle, and reads its layout shift. */
async function shiftOf(page: Page, path: string): Promise<number> {
  await page.goto(path);
  await page.waitForLoadState('networkidle');
  // What arrives after the network is quiet (a live stream's first picture, a timer) has a second.
  await page.waitForTimeout(1000);
  await page.locator('main h1').first().waitFor();
  const shift = await layoutShift(page);
  expect(shift, `the shift watcher ran on ${path}`).toBeTypeOf('number');
  return round(shift);
}

/** No page at 0.05 or more; every page's figure printed, for the record. */
function expectStill(shifts: Record<string, number>): void {
  console.log(`layout shift by page: ${JSON.stringify(shifts)}`);
  const moved = Object.fromEntries(Object.entries(shifts).filter(([, v]) => v >= 0.05));
  expect(moved, JSON.stringify(shifts)).toEqual({});
}

describe('pages hold still while they load', () => {
  const baseUrl = inject('baseUrl');
  const browser = useBrowser();

  it('every page, opened afresh, shifts less than 0.05', async () => {
    const first = await newPage(browser(), baseUrl);
    await first.setViewportSize({ width: 1280, height: 720 });
    await login(first, 'admin');
    const context = first.context();
    await watchLayoutShifts(context);
    const shifts: Record<string, number> = {};
    for (const path of PAGES) {
      // A new tab in the signed-in session: the app loads from nothing, as after a bookmark.
      const page = await context.newPage();
      shifts[path] = await shiftOf(page, path);
      await page.close();
    }
    await context.close();
    expectStill(shifts);
  });

  it('the portal and the login page, on a phone and on a desk screen, shift less than 0.05', async () => {
    const shifts: Record<string, number> = {};
    for (const viewport of [
      { width: 390, height: 844 },
      { width: 1280, height: 720 },
    ]) {
      for (const path of PUBLIC_PAGES) {
        // A new browser context each time: nothing cached, as for a citizen opening a link.
        const page = await newPage(browser(), baseUrl);
        await page.setViewportSize(viewport);
        await watchLayoutShifts(page);
        shifts[`${viewport.width} ${path}`] = await shiftOf(page, path);
        await page.context().close();
      }
    }
    expectStill(shifts);
  });
});
