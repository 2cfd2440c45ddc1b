import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, on, renderApp } from '../test/render.tsx';
import type { Referral } from './api.ts';
import { ReferralPage } from './ReferralPage.tsx';

afterEach(() => vi.unstubAllGlobals());

const TOKEN = 'AbCdEfGhIjKlMnOpQrStUvWxYz012345';
const referral: Referral = {
  number: '#12',
  subject: 'Esenzione bollo',
  queueName: 'Tributi regionali',
  department: 'Motorizzazione civile',
  request: 'Chiedo l’esenzione per il veicolo adattato.',
  reason: 'Il certificato lo rilascia la Motorizzazione',
  sentAt: '2026-12-03T09:00:00.000Z',
  expiresAt: '2027-01-02T09:00:00.000Z',
  answers: [],
  closed: false,
};

const show = () =>
  renderApp(
    <Routes>
      <Route path="/terzo-livello/:token" element={<ReferralPage />} />
    </Routes>,
    { route: `/terzo-livello/${TOKEN}` },
  );

describe("the third level's page", () => {
  it('shows the case and sends the answer, which then reads back', async () => {
    const api = fakeApi(
      on('GET', `/api/v1/helpdesk/referrals/${TOKEN}`, { body: referral }),
      on('POST', `/api/v1/helpdesk/referrals/${TOKEN}/answer`, (c) => ({
        body: {
          ...referral,
          answers: [{ at: '2026-12-03T11:00:00.000Z', body: (c.body as { body: string }).body }],
        },
      })),
    );
    const user = userEvent.setup();
    show();
    expect(
      await screen.findByRole('heading', { name: 'Richiesta #12 dal contact center regionale' }),
    ).toBeVisible();
    expect(screen.getByText('Chiedo l’esenzione per il veicolo adattato.')).toBeVisible();
    await user.type(screen.getByRole('textbox', { name: 'La vostra risposta' }), 'Certificato rilasciato.');
    await user.click(screen.getByRole('button', { name: 'Invia la risposta' }));
    expect(await screen.findByTestId('referral-answers')).toHaveTextContent('Certificato rilasciato.');
    expect(api.calls.find((c) => c.method === 'POST')?.body).toEqual({ body: 'Certificato rilasciato.' });
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'La vostra risposta' })).toHaveValue(''));
  });

  it('says so when the link is wrong, and when the case is closed', async () => {
    fakeApi(
      on('GET', `/api/v1/helpdesk/referrals/${TOKEN}`, {
        status: 404,
        body: { error: { code: 'NOT_FOUND', message: 'no referral', field: 'token' } },
      }),
    );
    show();
    expect(await screen.findByText(/Il link non è valido/)).toBeVisible();
  });

  it('offers no answer box once the case is closed', async () => {
    fakeApi(on('GET', `/api/v1/helpdesk/referrals/${TOKEN}`, { body: { ...referral, closed: true } }));
    show();
    expect(await screen.findByText(/Il caso è chiuso/)).toBeVisible();
    expect(screen.queryByRole('textbox', { name: 'La vostra risposta' })).toBeNull();
  });
});
