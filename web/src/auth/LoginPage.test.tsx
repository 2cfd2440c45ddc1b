import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi, on, renderApp } from '../test/render.tsx';
import { LoginPage } from './LoginPage.tsx';

const unauthenticated = on('GET', '/api/v1/auth/me', {
  status: 401,
  body: { error: { code: 'UNAUTHENTICATED', message: 'log in first' } },
});

async function tryLogin() {
  renderApp(<LoginPage />, { route: '/login' });
  await userEvent.type(await screen.findByLabelText('Nome utente'), 'operatore');
  await userEvent.type(screen.getByLabelText('Password'), 'sbagliata');
  await userEvent.click(screen.getByRole('button', { name: 'Accedi' }));
}

describe('login page (SEC-2 throttling)', () => {
  it('tells the user the account is locked', async () => {
    fakeApi(
      unauthenticated,
      on('POST', '/api/v1/auth/login', {
        status: 429,
        headers: { 'retry-after': '900' },
        body: { error: { code: 'RATE_LIMITED', message: 'this account is locked', field: 'username' } },
      }),
    );
    await tryLogin();
    expect((await screen.findByRole('alert')).textContent).toMatch(/Account bloccato per 15 minuti/);
  }, 20_000);

  it('asks for a few seconds after a back-off', async () => {
    fakeApi(
      unauthenticated,
      on('POST', '/api/v1/auth/login', {
        status: 429,
        headers: { 'retry-after': '2' },
        body: { error: { code: 'RATE_LIMITED', message: 'too many failed logins' } },
      }),
    );
    await tryLogin();
    expect((await screen.findByRole('alert')).textContent).toMatch(/Troppi tentativi falliti/);
  }, 20_000);
});
