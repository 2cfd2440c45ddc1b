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
import { apiAs } from './support/data.ts';

// Issue 9 §8: the admin adds a staff account in the browser; its owner logs in with the password shown
// once; a disabled account can no longer log in.
describe('user management in the browser', () => {
  const baseUrl = inject('baseUrl');
  const browser = useBrowser();

  it('the admin adds a user who then logs in with the password shown once', async () => {
    const admin = await newPage(browser(), baseUrl);
    await login(admin, 'admin');
    await admin
      .getByRole('navigation', { name: 'Navigazione principale' })
      .getByRole('link', { name: 'Utenti' })
      .click();
    await admin.getByRole('heading', { level: 1, name: 'Utenti' }).waitFor();
    const table = admin.getByRole('table', { name: 'Account del personale' });
    await table.getByRole('rowheader', { name: 'operatore', exact: true }).waitFor();
    await expectAccessible(admin, 'the users page');

    const username = `e2e.${Date.now().toString(36)}`;
    const form = admin.getByRole('form', { name: 'Nuovo utente' });
    // A bad username is refused next to its field, and nobody is added.
    await form.getByLabel('Nome utente').fill('Nome Non Valido');
    await form.getByLabel('Nome e cognome').fill('Giulia Summa');
    // Bootstrap Italia draws the box on the label: click it, as a user does.
    const roles = form.getByRole('group', { name: 'Ruoli' });
    await roles.getByText('Operatore', { exact: true }).click();
    expect(await roles.getByLabel('Operatore').isChecked()).toBe(true);
    await form.getByRole('button', { name: 'Aggiungi utente' }).click();
    await expect.poll(() => form.getByLabel('Nome utente').getAttribute('aria-invalid')).toBe('true');

    await form.getByLabel('Nome utente').fill(username);
    await form.getByRole('button', { name: 'Aggiungi utente' }).click();
    const issued = admin.getByTestId('issued-password');
    await issued.getByRole('heading', { name: `Password di ${username}` }).waitFor();
    await expectFocused(issued);
    const password = (await admin.getByTestId('issued-password-value').textContent())?.trim() ?? '';
    expect(password).toMatch(/^[a-zA-Z2-9]{5}(-[a-zA-Z2-9]{5}){3}$/);
    const row = table
      .getByRole('row')
      .filter({ has: admin.getByRole('rowheader', { name: username, exact: true }) });
    await expect.poll(() => row.textContent()).toMatch(/Giulia Summa.*Operatore.*Attivo.*Password/);
    await expectAccessible(admin, 'the users page with a generated password');
    await screenshot(admin, '20-users-added');

    // The new user logs in, in another browser, and lands on the operator console.
    const user = await newPage(browser(), baseUrl);
    await login(user, username, password);
    await user.waitForURL('**/console');
    expect(await user.getByTestId('current-user').textContent()).toContain(username);
    // …and replaces the generated password with one of their own.
    await user
      .getByRole('navigation', { name: 'Navigazione principale' })
      .getByRole('link', { name: 'Password' })
      .click();
    await user.getByRole('heading', { level: 1, name: 'Cambia la tua password' }).waitFor();
    await expectAccessible(user, 'the password page');
    const own = 'cavallo-nuvola-matita-17';
    await user.getByLabel('Password attuale').fill(password);
    await user.getByLabel('Nuova password', { exact: true }).fill(own);
    await user.getByLabel('Ripeti la nuova password').fill(own);
    await user.getByRole('button', { name: 'Cambia password' }).click();
    await user.getByRole('status').filter({ hasText: 'Password cambiata.' }).waitFor();
    await user.context().close();
    const relogin = await newPage(browser(), baseUrl);
    await login(relogin, username, own);
    await relogin.context().close();

    // Disabled, the account can no longer log in.
    await row.getByRole('button', { name: `Disattiva ${username}` }).click();
    await expect.poll(() => row.textContent()).toMatch(/Disattivato/);
    const again = await newPage(browser(), baseUrl);
    await again.goto('/login');
    await again.getByLabel('Nome utente').fill(username);
    await again.getByLabel('Password').fill(own);
    await again.keyboard.press('Enter');
    await again.getByRole('alert').filter({ hasText: 'Nome utente o password non corretti.' }).waitFor();
    await again.context().close();

    expect(pageErrors(admin)).toEqual([]);
    await admin.context().close();
  });

  it("records an operator's start and last day in the staff register; the Report page counts the turnover", async () => {
    const api = await apiAs(baseUrl, 'admin');
    const name = `Turnover ${Date.now().toString(36)}`;
    await api('POST', '/api/v1/users', {
      username: `e2e.t${Date.now().toString(36)}`,
      displayName: name,
      roles: ['operator'],
    });
    // Rome's last month (the Report page's default) and the 15th of it: the last day in service.
    const rome = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(new Date());
    const [y, m] = rome.split('-').map(Number) as [number, number];
    const last = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;

    const admin = await newPage(browser(), baseUrl);
    await login(admin, 'admin');
    await admin
      .getByRole('navigation', { name: 'Navigazione principale' })
      .getByRole('link', { name: 'Utenti' })
      .click();
    const register = admin.getByTestId('staff-register');
    await register.getByRole('heading', { name: 'Registro del personale (turnover)' }).waitFor();
    const start = register.getByRole('form', { name: "Registra l'ingresso di un operatore" });
    await start.getByLabel('Operatore').selectOption({ label: name });
    await start.getByLabel('In servizio dal').fill(`${last.slice(0, 4)}-01-01`);
    await start.getByRole('button', { name: "Registra l'ingresso" }).click();
    const row = register.getByRole('row').filter({ has: admin.getByRole('rowheader', { name: name }) });
    await row.getByText('in servizio').waitFor();
    await row.getByRole('button', { name: `Registra la cessazione ${name}` }).click();
    const leaving = register.getByRole('form', { name: `Cessazione di ${name}` });
    await leaving.getByLabel('Ultimo giorno di servizio').fill(`${last}-15`);
    await leaving.getByLabel('Motivo della cessazione').selectOption('resigned');
    await expectAccessible(admin, 'the staff register');
    await screenshot(admin, '21-staff-register');
    await leaving.getByRole('button', { name: 'Registra la cessazione' }).click();
    await row.getByText('dimissioni').waitFor();
    expect(pageErrors(admin)).toEqual([]);
    await admin.context().close();

    // The CUP manager reads the year so far on the Report page, as the API computes it.
    const manager = await apiAs(baseUrl, 'responsabile');
    const sla = await manager<{ turnover: { leavers: number } }>(
      'GET',
      `/api/v1/reporting/sla?month=${last}`,
    );
    expect(sla.turnover.leavers).toBeGreaterThanOrEqual(1);
    const page = await newPage(browser(), baseUrl);
    await login(page, 'responsabile');
    await page.goto('/report');
    const turnover = page.getByTestId('turnover');
    await turnover.getByRole('heading', { name: 'Turnover annuale degli operatori' }).waitFor();
    await expect
      .poll(() => turnover.textContent())
      .toMatch(new RegExp(`: ${sla.turnover.leavers} cessazioni su `));
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });
});
