import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, on, renderApp } from '../test/render.tsx';
import type { StaffUser } from './api.ts';
import { StaffRegister } from './StaffRegister.tsx';

afterEach(() => vi.unstubAllGlobals());

const user = (id: string, displayName: string, roles: StaffUser['roles']): StaffUser => ({
  id,
  username: displayName.toLowerCase().replace(' ', '.'),
  displayName,
  roles,
  operatorCode: 'OP7',
  phoneEndpoint: null,
  active: true,
  singleSignOn: false,
  createdAt: '2026-01-03T09:00:00Z',
});
const anna = user('00000000-0000-4000-8000-000000000001', 'Anna Rossi', ['operator']);
const bruno = user('00000000-0000-4000-8000-000000000002', 'Bruno Neri', ['backoffice']);
const carla = user('00000000-0000-4000-8000-000000000003', 'Carla Blu', ['supervisor']);
const annaIn = {
  id: '00000000-0000-4000-8000-0000000000a1',
  userId: anna.id,
  displayName: anna.displayName,
  operatorCode: 'OP7',
  startedOn: '2025-03-01',
  leftOn: null,
  leavingReason: null,
  note: null,
};

describe('the staff register (turnover)', () => {
  it('offers only the front line not in service, records a start, and names a bad date on its field', async () => {
    let rejected = false;
    const { calls } = fakeApi(
      on('GET', '/api/v1/staff-register', { body: { items: [annaIn] } }),
      on('POST', '/api/v1/staff-register', () => {
        if (!rejected) {
          rejected = true;
          return {
            status: 422,
            body: { error: { code: 'INVALID_FIELD', message: 'x', field: 'startedOn' } },
          };
        }
        return {
          status: 201,
          body: { ...annaIn, id: 'n', userId: bruno.id, displayName: bruno.displayName },
        };
      }),
    );
    const u = userEvent.setup();
    renderApp(<StaffRegister users={[anna, bruno, carla]} />);
    const select = await screen.findByLabelText('Operatore');
    // Anna is in service already; Carla is a supervisor: only Bruno can start.
    await waitFor(() =>
      expect(
        within(select)
          .getAllByRole('option')
          .map((o) => o.textContent),
      ).toEqual(['Scegli un operatore', 'Bruno Neri (OP7)']),
    );
    await u.selectOptions(select, bruno.id);
    const date = screen.getByLabelText('In servizio dal');
    await u.clear(date);
    await u.type(date, '2027-05-01');
    await u.click(screen.getByRole('button', { name: "Registra l'ingresso" }));
    expect(await screen.findByText(/Data non valida: dopo l'ultimo giorno/)).toBeInTheDocument();
    expect(date).toHaveAttribute('aria-invalid', 'true');
    await u.click(screen.getByRole('button', { name: "Registra l'ingresso" }));
    await waitFor(() =>
      expect(screen.getByTestId('announcer')).toHaveTextContent('Ingresso di Bruno Neri registrato.'),
    );
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.body)).toEqual([
      { userId: bruno.id, startedOn: '2027-05-01' },
      { userId: bruno.id, startedOn: '2027-05-01' },
    ]);
  });

  it("records a person's last day and the reason", async () => {
    const { calls } = fakeApi(
      on('GET', '/api/v1/staff-register', { body: { items: [annaIn] } }),
      on('POST', `/api/v1/staff-register/${annaIn.id}/leaving`, (c) => ({
        body: { ...annaIn, ...(c.body as object), leavingReason: 'retired' },
      })),
    );
    const u = userEvent.setup();
    renderApp(<StaffRegister users={[anna]} />);
    const row = (await screen.findByRole('rowheader', { name: /Anna Rossi/ })).closest('tr')!;
    expect(within(row).getByText('in servizio')).toBeInTheDocument();
    await u.click(within(row).getByRole('button', { name: 'Registra la cessazione Anna Rossi' }));
    const form = screen.getByRole('form', { name: 'Cessazione di Anna Rossi' });
    const day = within(form).getByLabelText('Ultimo giorno di servizio');
    await u.clear(day);
    await u.type(day, '2026-11-30');
    await u.selectOptions(within(form).getByLabelText('Motivo della cessazione'), 'retired');
    await u.click(within(form).getByRole('button', { name: 'Registra la cessazione' }));
    await waitFor(() =>
      expect(screen.getByTestId('announcer')).toHaveTextContent('Cessazione di Anna Rossi registrata.'),
    );
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ leftOn: '2026-11-30', reason: 'retired' });
  });
});
