import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, on, renderApp } from '../test/render.tsx';
import type { LinkedAppointment } from './api.ts';
import { ReminderLinkPage } from './ReminderLinkPage.tsx';

afterEach(() => {
  vi.unstubAllGlobals();
});

const TOKEN = 'PRN-AB12-CD34.1.tpifyo.q8eMild1iAbCdEfGh';
const booked: LinkedAppointment = {
  code: 'PRN-AB12-CD34',
  status: 'booked',
  service: 'Visita cardiologica',
  // 08:40 in Rome on Monday 14 December 2026.
  start: '2026-12-14T07:40:00.000Z',
  end: '2026-12-14T08:00:00.000Z',
  facility: 'Poliambulatorio Madre Teresa di Calcutta',
  address: 'Via del Gallitello 1, 85100 Potenza (PZ)',
  copayCents: 2240,
  confirmedAt: null,
  cancelledAt: null,
  cancelBy: '2099-12-10',
  cancellationNumber: null,
  keypadCode: '22122334',
};

const page = () =>
  renderApp(
    <Routes>
      <Route path="/l/:token" element={<ReminderLinkPage />} />
    </Routes>,
    { route: `/l/${TOKEN}` },
  );

describe("a reminder's link, for the patient", () => {
  it('shows the appointment on the Rome clock and confirms it in one click', async () => {
    const { calls } = fakeApi(
      on('GET', `/api/v1/outreach/links/${TOKEN}`, { body: booked }),
      on('POST', `/api/v1/outreach/links/${TOKEN}/confirm`, {
        body: { ...booked, confirmedAt: '2026-12-09T09:00:00.000Z' },
      }),
    );
    page();
    expect(await screen.findByText('Visita cardiologica')).toBeInTheDocument();
    expect(screen.getByText('lunedì 14 dicembre 2026 alle 08:40')).toBeInTheDocument();
    expect(screen.getByText(/22,40/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Confermo, ci sarò' }));
    expect(await screen.findByTestId('link-outcome')).toHaveTextContent(
      'Confermato il mer 09/12/2026, 10:00',
    );
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.path)).toEqual([
      `/api/v1/outreach/links/${TOKEN}/confirm`,
    ]);
  });

  it('asks once more before cancelling, can go back, and gives the cancellation number', async () => {
    const { calls } = fakeApi(
      on('GET', `/api/v1/outreach/links/${TOKEN}`, { body: booked }),
      on('POST', `/api/v1/outreach/links/${TOKEN}/cancel`, {
        body: { ...booked, status: 'cancelled', cancellationNumber: 'ANN-AB12-CD34-1' },
      }),
    );
    const user = userEvent.setup();
    page();
    await user.click(await screen.findByRole('button', { name: 'Disdico l’appuntamento' }));
    const question = screen.getByRole('heading', { name: 'Vuole davvero disdire questo appuntamento?' });
    expect(question).toHaveFocus();
    await user.click(screen.getByRole('button', { name: 'No, torna indietro' }));
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
    await user.click(screen.getByRole('button', { name: 'Disdico l’appuntamento' }));
    await user.click(screen.getByRole('button', { name: 'Sì, disdico' }));
    expect(await screen.findByTestId('link-outcome')).toHaveTextContent(
      'Numero di disdetta: ANN-AB12-CD34-1',
    );
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({ confirm: true });
    expect(screen.queryByRole('button', { name: 'Confermo, ci sarò' })).not.toBeInTheDocument();
  });

  it('says in Italian why a stale or broken link does nothing', async () => {
    fakeApi(
      on('GET', `/api/v1/outreach/links/${TOKEN}`, {
        status: 409,
        body: { error: { code: 'INVALID_STATE', message: 'the appointment was moved', field: 'token' } },
      }),
    );
    page();
    expect(await screen.findByRole('alert')).toHaveTextContent('Il link non vale più');
  });
});
