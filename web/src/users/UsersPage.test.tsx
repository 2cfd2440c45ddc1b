import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LoginPage } from '../auth/LoginPage.tsx';
import { fakeApi, on, renderApp } from '../test/render.tsx';
import type { StaffUser } from './api.ts';
import { PasswordPage } from './PasswordPage.tsx';
import { UsersPage } from './UsersPage.tsx';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const anna: StaffUser = {
  id: '00000000-0000-4000-8000-000000000001',
  username: 'anna.rossi',
  displayName: 'Anna Rossi',
  roles: ['operator'],
  operatorCode: null,
  phoneEndpoint: null,
  active: true,
  singleSignOn: true,
  createdAt: '2026-12-03T09:00:00Z',
};

describe('users page', { timeout: 20_000 }, () => {
  it('adds a user and shows the generated password once, with the focus on it', async () => {
    const { calls } = fakeApi(
      on('GET', '/api/v1/users', { body: { users: [anna] } }),
      on('POST', '/api/v1/users', (c) => ({
        status: 201,
        body: {
          user: { ...anna, ...(c.body as object), id: 'x', singleSignOn: false },
          password: 'abcde-fghij-kmnpq-rstuv',
        },
      })),
    );
    const user = userEvent.setup();
    renderApp(<UsersPage />);
    const row = (await screen.findByRole('rowheader', { name: 'anna.rossi' })).closest('tr')!;
    expect(row).toHaveTextContent('Operatore');
    expect(row).toHaveTextContent('Provider della regione');

    const form = screen.getByRole('form', { name: 'Nuovo utente' });
    await user.type(within(form).getByLabelText('Nome utente'), 'LVerdi');
    await user.type(within(form).getByLabelText('Nome e cognome'), 'Luca Verdi');
    await user.click(within(form).getByLabelText('Back office'));
    await user.click(within(form).getByRole('button', { name: 'Aggiungi utente' }));

    const notice = await screen.findByTestId('issued-password');
    expect(notice).toHaveTextContent('Password di lverdi');
    expect(screen.getByTestId('issued-password-value')).toHaveTextContent('abcde-fghij-kmnpq-rstuv');
    await waitFor(() => expect(notice).toHaveFocus());
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      username: 'lverdi',
      displayName: 'Luca Verdi',
      roles: ['backoffice'],
    });
    await user.click(screen.getByRole('button', { name: 'Fatto, nascondi' }));
    expect(screen.queryByTestId('issued-password')).toBeNull();
  });

  it('shows a refused field next to its input', async () => {
    fakeApi(
      on('GET', '/api/v1/users', { body: { users: [] } }),
      on('POST', '/api/v1/users', {
        status: 409,
        body: { error: { code: 'CONFLICT', message: 'username already in use', field: 'username' } },
      }),
    );
    const user = userEvent.setup();
    renderApp(<UsersPage />);
    const form = screen.getByRole('form', { name: 'Nuovo utente' });
    await user.type(within(form).getByLabelText('Nome utente'), 'anna.rossi');
    await user.type(within(form).getByLabelText('Nome e cognome'), 'Anna');
    await user.click(within(form).getByLabelText('Operatore'));
    await user.click(within(form).getByRole('button', { name: 'Aggiungi utente' }));
    const input = within(form).getByLabelText('Nome utente');
    await waitFor(() => expect(input).toHaveAttribute('aria-invalid', 'true'));
    expect(input).toHaveAccessibleDescription(/Questo nome utente è già in uso/);
    expect(input).not.toHaveAccessibleDescription(/already in use/);
  });

  it('resets a password after confirmation and disables an account', async () => {
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    const { calls } = fakeApi(
      on('GET', '/api/v1/users', { body: { users: [anna] } }),
      on('POST', `/api/v1/users/${anna.id}/password-reset`, {
        body: { user: anna, password: 'zzzzz-yyyyy-xxxxx-wwwww' },
      }),
      on('PATCH', `/api/v1/users/${anna.id}`, { body: { ...anna, active: false } }),
    );
    const user = userEvent.setup();
    renderApp(<UsersPage />);
    await user.click(await screen.findByRole('button', { name: 'Nuova password per anna.rossi' }));
    expect(await screen.findByTestId('issued-password-value')).toHaveTextContent('zzzzz-yyyyy-xxxxx-wwwww');
    await user.click(screen.getByRole('button', { name: 'Disattiva anna.rossi' }));
    await waitFor(() => expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({ active: false }));
    expect(await screen.findByTestId('announcer')).toHaveTextContent('anna.rossi disattivato');
  });

  it("sets the agent's phone without touching the roles (a change of roles would end the sessions)", async () => {
    const { calls } = fakeApi(
      on('GET', '/api/v1/users', { body: { users: [anna] } }),
      on('PATCH', `/api/v1/users/${anna.id}`, (c) => ({ body: { ...anna, ...(c.body as object) } })),
    );
    const user = userEvent.setup();
    renderApp(<UsersPage />);
    await user.click(await screen.findByRole('button', { name: 'Ruoli e telefono di anna.rossi' }));
    const phone = screen.getByRole('textbox', { name: "Telefono dell'operatore" });
    expect(phone).toHaveAccessibleDescription(/PJSIP\/agent101/);
    await user.type(phone, ' PJSIP/agent101 ');
    await user.click(screen.getByRole('button', { name: 'Salva' }));
    await waitFor(() =>
      expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({ phoneEndpoint: 'PJSIP/agent101' }),
    );
    expect(await screen.findByTestId('announcer')).toHaveTextContent(
      'Ruoli e telefono di anna.rossi salvati.',
    );
  });
});

describe('login page', () => {
  it('offers single sign-on when the server has it, and explains a refusal', async () => {
    fakeApi(
      on('GET', '/api/v1/auth/me', {
        status: 401,
        body: { error: { code: 'UNAUTHENTICATED', message: 'log in' } },
      }),
      on('GET', '/api/v1/auth/providers', {
        body: { password: true, singleSignOn: { loginUrl: '/api/v1/auth/oidc/login' } },
      }),
    );
    renderApp(<LoginPage />, { route: '/login?sso=no-role' });
    const link = await screen.findByRole('link', { name: 'Accedi con il provider della regione' });
    expect(link).toHaveAttribute('href', '/api/v1/auth/oidc/login');
    expect(screen.getByRole('alert')).toHaveTextContent('non ha un ruolo in Sportello');
  });

  it('shows only the password form without single sign-on', async () => {
    fakeApi(
      on('GET', '/api/v1/auth/me', {
        status: 401,
        body: { error: { code: 'UNAUTHENTICATED', message: 'log in' } },
      }),
      on('GET', '/api/v1/auth/providers', { body: { password: true, singleSignOn: null } }),
    );
    renderApp(<LoginPage />);
    await screen.findByLabelText('Nome utente');
    await waitFor(() => expect(screen.queryByRole('link', { name: /provider della regione/ })).toBeNull());
  });
});

describe('password page', { timeout: 20_000 }, () => {
  it('checks the repetition, shows the refused field, then changes the password', async () => {
    const { calls } = fakeApi(
      on('POST', '/api/v1/auth/password', (c) =>
        (c.body as { newPassword: string }).newPassword === 'Password2024!'
          ? {
              status: 422,
              body: {
                error: { code: 'INVALID_FIELD', message: 'this password is common', field: 'newPassword' },
              },
            }
          : { status: 204 },
      ),
    );
    const user = userEvent.setup();
    renderApp(<PasswordPage />);
    await user.type(screen.getByLabelText('Password attuale'), 'vecchia-password-1');
    await user.type(screen.getByLabelText('Nuova password'), 'Password2024!');
    await user.type(screen.getByLabelText('Ripeti la nuova password'), 'Password2024?');
    await user.click(screen.getByRole('button', { name: 'Cambia password' }));
    expect(await screen.findByText('Le due password non coincidono.')).toBeInTheDocument();
    expect(calls).toHaveLength(0);

    await user.clear(screen.getByLabelText('Ripeti la nuova password'));
    await user.type(screen.getByLabelText('Ripeti la nuova password'), 'Password2024!');
    await user.click(screen.getByRole('button', { name: 'Cambia password' }));
    const input = screen.getByLabelText('Nuova password');
    await waitFor(() => expect(input).toHaveAttribute('aria-invalid', 'true'));
    expect(input).toHaveAccessibleDescription(/non rispetta le regole: almeno 12 caratteri/);

    await user.clear(input);
    await user.type(input, 'cavallo-nuvola-17');
    await user.clear(screen.getByLabelText('Ripeti la nuova password'));
    await user.type(screen.getByLabelText('Ripeti la nuova password'), 'cavallo-nuvola-17');
    await user.click(screen.getByRole('button', { name: 'Cambia password' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Password cambiata.');
    expect(calls.at(-1)?.body).toEqual({
      currentPassword: 'vecchia-password-1',
      newPassword: 'cavallo-nuvola-17',
    });
  });
});
