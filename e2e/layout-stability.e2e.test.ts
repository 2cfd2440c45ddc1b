import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, layoutShift, login, newPage, watchLayoutShifts } from './support/browser.ts';

/*
 * Nothing moves under the pointer while a staff page loads: every page of the app, opened afresh at
 * 1280×720, keeps its Cumulative Layout Shift (Web Vitals; below 0.1 is "good") under 0.05 — a section
 * drawn before its data and then filled, a bar that arrives late or a footer pushed down by the page each
 * scored 0.05–0.6 before.
 */
const PAGES = [
  '/console',
  '/wallboard',
  '/agendas',
  '/planning',
  '/outreach',
  '/messages',
  '/report',
  '/helpdesk',
  '/schede',
  '/arrivi',
  '/contatti',
  '/protection-cases',
  '/privacy',
  '/users',
];

describe('staff pages hold still while they load', () => {
  const baseUrl = inject('baseUrl');
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('every page, opened afresh, shifts less than 0.05', async () => {
    const first = await newPage(browser, baseUrl);
    await first.setViewportSize({ width: 1280, height: 720 });
    await login(first, 'admin');
    const context = first.context();
    await watchLayoutShifts(context);
    const shifts: Record<string, number> = {};
    for (const path of PAGES) {
      // A new tab in the signed-in session: the app loads from nothing, as after a bookmark.
      const page = await context.newPage();
      await page.goto(path);
      await page.waitForLoadState('networkidle');
      // What arrives after the network is quiet (a live stream's first picture, a timer) has a second.
      await page.waitForTimeout(1000);
      await page.locator('main h1').first().waitFor();
      const shift = await layoutShift(page);
      expect(shift, `the shift watcher ran on ${path}`).toBeTypeOf('number');
      shifts[path] = Math.round(shift * 1000) / 1000;
      await page.close();
    }
    await context.close();
    const moved = Object.fromEntries(Object.entries(shifts).filter(([, v]) => v >= 0.05));
    console.log(`layout shift by page: ${JSON.stringify(shifts)}`);
    expect(moved, JSON.stringify(shifts)).toEqual({});
  });
});
