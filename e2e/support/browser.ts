import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';

const SCREENSHOTS = fileURLToPath(new URL('../screenshots', import.meta.url));
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Debian's Chromium, never a downloaded browser. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * A browser for the tests of the describe block that calls this: launched before them, closed after.
 * Returns how to reach it once launched.
 */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('the browser is launched before the tests (beforeAll)');
    return browser;
  };
}

export async function newPage(browser: Browser, baseUrl: string): Promise<Page> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width: 1366, height: 900 },
    locale: 'it-IT',
    timezoneId: 'Europe/Rome',
  });
  const page = await context.newPage();
  if (process.env.E2E_CPU_THROTTLE) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: Number(process.env.E2E_CPU_THROTTLE) });
  }
  page.setDefaultTimeout(20_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  (page as Page & { errors: string[] }).errors = errors;
  return page;
}

/**
 * Counts the page's layout shifts not caused by the user (the Cumulative Layout Shift of Web Vitals,
 * summed over the page's life): call before the page loads, read with `layoutShift`. A score below 0.1 is
 * "good"; a section pushed down under the user's pointer while data loads scores far above it.
 * On a context, every page opened in it afterwards is watched.
 */
export async function watchLayoutShifts(target: Page | BrowserContext): Promise<void> {
  await target.addInitScript(() => {
    const w = window as unknown as { layoutShift: number };
    w.layoutShift = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[])
        if (!e.hadRecentInput) w.layoutShift += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
}

export const layoutShift = (page: Page): Promise<number> =>
  page.evaluate(() => (window as unknown as { layoutShift: number }).layoutShift);

/**
 * What the user has in front of them, for a failure's message: the focused element, the form fields'
 * values, the alerts and status messages on screen. Field values here are test data, never real.
 */
async function whatIsOnScreen(page: Page): Promise<string> {
  const seen = await page.evaluate(() => ({
    focused: document.activeElement?.outerHTML.slice(0, 160) ?? null,
    fields: Array.from(document.querySelectorAll('input, select, textarea'))
      .map((f) => f as HTMLInputElement)
      .filter((f) => f.name && f.type !== 'hidden' && f.type !== 'password')
      .map((f) => `${f.name}=${JSON.stringify(f.value)}`),
    messages: Array.from(document.querySelectorAll('[role=alert], [role=status], .invalid-feedback, .alert'))
      .map((m) => m.textContent?.trim())
      .filter(Boolean),
  }));
  return JSON.stringify(seen, null, 1);
}

/** Waits for a locator; on a timeout the error says what was on screen instead. */
export async function waitOrShow(page: Page, locator: ReturnType<Page['locator']>): Promise<void> {
  try {
    await locator.waitFor();
  } catch (e) {
    throw new Error(`${(e as Error).message}\non screen: ${await whatIsOnScreen(page)}`);
  }
}

/**
 * Waits until the element holds the keyboard focus. The app moves focus after a request and a paint;
 * under a loaded CI machine that can take longer than `expect.poll`'s default second.
 */
export async function expectFocused(locator: ReturnType<Page['locator']>, timeout = 10_000): Promise<void> {
  await expect.poll(() => locator.evaluate((el) => el === document.activeElement), { timeout }).toBe(true);
}

/** Uncaught exceptions in the page so far. */
export function pageErrors(page: Page): string[] {
  return (page as Page & { errors?: string[] }).errors ?? [];
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

interface AxeResult {
  violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[];
}

/**
 * Runs axe-core in the page (evaluated through the DevTools protocol, so the app's CSP does not stop
 * it) and fails on any serious or critical violation.
 */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  // Colours are read as controls settle, never mid-transition (a toggled button at half its contrast).
  await page.evaluate(() => {
    for (const el of document.getAnimations()) el.finish();
  });
  await page.evaluate(AXE);
  const result = (await page.evaluate(() =>
    (window as unknown as { axe: { run: (c: Document) => Promise<unknown> } }).axe.run(document),
  )) as AxeResult;
  const bad = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`,
    );
  expect(bad, `accessibility of ${what}`).toEqual([]);
}

/** Logs in through the login page, from the keyboard. */
export async function login(page: Page, username: string, password = 'demo'): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Nome utente').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.keyboard.press('Enter');
  await page.getByTestId('current-user').waitFor();
}
