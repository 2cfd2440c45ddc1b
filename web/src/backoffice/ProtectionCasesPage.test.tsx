import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ProtectionCase } from '../lib/types.ts';
import { appointment, availability, patient, prescription } from '../test/fixtures.ts';
import { fakeApi, on, renderApp } from '../test/render.tsx';
import { ProtectionCasesPage } from './ProtectionCasesPage.tsx';

afterEach(() => vi.unstubAllGlobals());

const me = { id: 'u-bo', username: 'backoffice', roles: ['backoffice'], operatorCode: null };
const open: ProtectionCase = {
  id: 'c0000000-0000-4000-8000-000000000001',
  nre: prescription.nre,
  itemIndex: 1,
  patientId: patient.id,
  patient: { fiscalCode: patient.fiscalCode, givenName: 'Mario', familyName: 'Rossi' },
  serviceCode: '89.7A.3',
  serviceDescription: 'Visita cardiologica',
  priority: 'U',
  guaranteeDeadline: '2026-11-26T06:00:00.000Z',
  firstAvailableAt: '2026-11-28T07:00:00.000Z',
  state: 'open',
  openedAt: '2026-11-23T09:00:00.000Z',
  openedChannel: 'phone',
  note: null,
  takenBy: null,
  takenAt: null,
  resolvedBy: null,
  resolvedAt: null,
  appointment: null,
  resolutionReason: null,
};
const taken = { ...open, takenBy: { id: me.id, name: 'Back Office' }, takenAt: '2026-11-23T09:05:00.000Z' };

function server(resolved: (body: unknown) => ProtectionCase, takenAlready = false) {
  let ended = false;
  let isTaken = takenAlready;
  return fakeApi(
    on('GET', '/api/v1/auth/me', { body: me }),
    on('GET', '/api/v1/protection-cases?state=open', () => ({
      body: { items: ended ? [] : [isTaken ? taken : open] },
    })),
    on('POST', `/api/v1/protection-cases/${open.id}/take`, () => {
      isTaken = true;
      return { body: taken };
    }),
    on('GET', /^\/api\/v1\/availability\?/, { body: availability }),
    on('POST', '/api/v1/holds', {
      status: 201,
      body: { id: 'h-1', slotId: 101, expiresAt: new Date(Date.now() + 300_000).toISOString() },
    }),
    on('POST', '/api/v1/appointments', { status: 201, body: appointment }),
    on('POST', `/api/v1/protection-cases/${open.id}/resolve`, (c) => {
      ended = true;
      return { body: resolved(c.body) };
    }),
  );
}

describe('the back office works protection-path cases', () => {
  it('takes a case, books its item and resolves the case with that booking', async () => {
    const { calls } = server(() => ({
      ...taken,
      state: 'resolved',
      appointment: { id: appointment.id, code: appointment.code },
    }));
    renderApp(<ProtectionCasesPage />);
    const user = userEvent.setup();
    const table = await screen.findByTestId('cases');
    const row = within(table).getByText('Mario Rossi').closest('tr')!;
    expect(row).toHaveTextContent(patient.fiscalCode);
    expect(row).toHaveTextContent(`ricetta ${prescription.nre}, prestazione 1`);
    expect(row).toHaveTextContent('nessuno');
    await user.click(within(row).getByRole('button', { name: 'Prendi in carico: Mario Rossi' }));

    const work = await screen.findByTestId('case-work');
    expect(
      within(work).getByRole('heading', { name: 'Caso di Mario Rossi: Visita cardiologica' }),
    ).toBeTruthy();
    // The focus ends on the first slot, whether the slots come before or after the case opens (no race
    // between the heading and the slots, as in the browser test).
    await waitFor(() => expect(within(work).getAllByRole('button', { name: /^Blocca/ })[0]).toHaveFocus());
    // The case's item, at its priority; no protection path offered again from here.
    await user.click((await within(work).findAllByRole('button', { name: /^Blocca/ }))[0]!);
    await user.click(await within(work).findByRole('button', { name: 'Conferma prenotazione' }));
    expect(await screen.findByTestId('case-done')).toHaveTextContent(
      `Caso risolto con la prenotazione ${appointment.code}.`,
    );
    expect(calls.find((c) => c.path === '/api/v1/appointments')!.body).toMatchObject({
      nre: prescription.nre,
      itemIndex: 1,
      holdId: 'h-1',
    });
    expect(calls.find((c) => c.path.endsWith('/resolve'))!.body).toEqual({ appointmentId: appointment.id });
    expect(
      calls.some((c) => c.path.startsWith('/api/v1/availability') && c.path.includes('priority=U')),
    ).toBe(true);
    await waitFor(() => expect(screen.getByText('Nessun caso aperto.')).toBeInTheDocument());
  });

  it('closes a case taken with a reason', async () => {
    const { calls } = server(
      (body) => ({
        ...taken,
        state: 'closed',
        resolutionReason: (body as { reason: string }).reason,
      }),
      true,
    );
    const user = userEvent.setup();
    renderApp(<ProtectionCasesPage />);
    const row = (await screen.findByText('Mario Rossi')).closest('tr')!;
    expect(row).toHaveTextContent('te');
    await user.click(within(row).getByRole('button', { name: 'Lavora il caso: Mario Rossi' }));
    const work = await screen.findByTestId('case-work');
    const close = within(work).getByRole('button', { name: 'Chiudi il caso' });
    expect(close).toBeDisabled();
    await user.type(within(work).getByLabelText('Motivo'), '  L’assistito rinuncia  ');
    await user.click(close);
    expect(await screen.findByTestId('case-done')).toHaveTextContent('Caso chiuso.');
    expect(calls.find((c) => c.path.endsWith('/resolve'))!.body).toEqual({ reason: 'L’assistito rinuncia' });
  });
});
