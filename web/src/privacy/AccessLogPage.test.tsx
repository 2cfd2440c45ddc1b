import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, on, renderApp } from '../test/render.tsx';
import { AccessLogPage } from './AccessLogPage.tsx';
import type { AccessLog } from './api.ts';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const log: AccessLog = {
  fiscalCode: 'RSSMRA85T10A562S',
  patient: { id: 'p1', givenName: 'Mario', familyName: 'Rossi' },
  from: '2026-11-01',
  to: '2026-11-30',
  truncated: false,
  accesses: [
    {
      // 23:30 UTC on 30 November is 00:30 on 1 December in Rome.
      at: '2026-11-30T23:30:05.000Z',
      actor: { id: 'u1', username: 'anna.rossi', displayName: 'Anna Rossi' },
      roles: 'operator',
      action: 'read',
      resourceType: 'Patient',
      resourceId: 'p1',
      channel: 'phone',
      purpose: 'care',
      statedPurpose: 'prenotazione telefonica',
      outcome: 'ok',
      clientAddress: '10.0.0.7',
      requestId: 'r1',
    },
    {
      at: '2026-11-30T23:31:00.000Z',
      actor: { id: 'u2', username: 'sara', displayName: null },
      roles: 'supervisor',
      action: 'read',
      resourceType: 'Patient',
      resourceId: null,
      channel: null,
      purpose: 'refused: GET /api/v1/patients/:fiscalCode',
      statedPurpose: null,
      outcome: 'denied',
      clientAddress: '10.0.0.8',
      requestId: 'r2',
    },
  ],
};

describe('access log page (issue 8 §14)', { timeout: 20_000 }, () => {
  it("searches one patient's accesses for a period and shows who, when, why and the outcome, with the CSV", async () => {
    const { calls } = fakeApi(on('GET', '/api/v1/privacy/access-log', { body: log }));
    const user = userEvent.setup();
    renderApp(<AccessLogPage />);
    const form = screen.getByRole('form', { name: 'Cerca gli accessi' });
    await user.type(within(form).getByLabelText('Codice fiscale dell’assistito'), 'rssmra85t10a562s');
    await user.type(within(form).getByLabelText('Dal giorno'), '2026-11-01');
    await user.type(within(form).getByLabelText('Al giorno'), '2026-11-30');
    await user.click(within(form).getByRole('button', { name: 'Cerca' }));
    expect(
      await screen.findByRole('heading', {
        name: '2 accessi ai dati di Mario Rossi (RSSMRA85T10A562S), dal 01/11/2026 al 30/11/2026',
      }),
    ).toBeInTheDocument();
    expect(calls.map((c) => c.path)).toEqual([
      '/api/v1/privacy/access-log?fiscalCode=RSSMRA85T10A562S&from=2026-11-01&to=2026-11-30',
    ]);
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    const first = within(rows[0]!)
      .getAllByRole('cell')
      .map((c) => c.textContent);
    expect(first).toEqual([
      '01/12/2026, 00:30:05',
      'Anna Rossioperator',
      'lettura · Patient',
      'caredichiarato: prenotazione telefonica',
      'phone',
      'consentito',
      '10.0.0.7',
    ]);
    expect(within(rows[1]!).getByText('rifiutato')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('sara')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Esporta CSV' })).toHaveAttribute(
      'href',
      '/api/v1/privacy/access-log?fiscalCode=RSSMRA85T10A562S&from=2026-11-01&to=2026-11-30&format=csv',
    );
  });

  it('shows a refused field next to its input, in the UI language', async () => {
    fakeApi(
      on('GET', '/api/v1/privacy/access-log', {
        status: 422,
        body: { error: { code: 'INVALID_FIELD', message: 'the period starts after it ends', field: 'from' } },
      }),
    );
    const user = userEvent.setup();
    renderApp(<AccessLogPage />);
    await user.type(screen.getByLabelText('Codice fiscale dell’assistito'), 'RSSMRA85T10A562S');
    await user.click(screen.getByRole('button', { name: 'Cerca' }));
    const from = screen.getByLabelText('Dal giorno');
    await vi.waitFor(() => expect(from).toHaveAttribute('aria-invalid', 'true'));
    expect(from).toHaveAccessibleDescription(/Valore non valido/);
    expect(from).not.toHaveAccessibleDescription(/starts after/);
  });
});
