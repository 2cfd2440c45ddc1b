import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, on, renderApp } from '../test/render.tsx';
import { GroupBookingsPage } from './GroupBookingsPage.tsx';
import type { GroupPlan, GroupRequest } from './groups-api.ts';
import { parseAthletes } from './groups-api.ts';

afterEach(() => vi.unstubAllGlobals());

const me = { id: 'u-bo', username: 'backoffice', roles: ['backoffice'], operatorCode: null };
const ID = 'a0000000-0000-4000-8000-000000000001';
const member = (position: number, familyName: string, booked: boolean): GroupRequest['members'][number] => ({
  position,
  fiscalCode: `FC${String(position).padStart(14, '0')}`,
  givenName: 'Luca',
  familyName,
  birthDate: '2010-03-04',
  nre: `1700A0000000${String(position).padStart(3, '0')}`,
  itemIndex: 1,
  appointment: booked
    ? {
        id: `ap-${position}`,
        code: `ABC-DEF-00${position}`,
        start: '2027-01-13T13:00:00.000Z',
        facility: 'Poliambulatorio Potenza',
        status: 'booked',
      }
    : null,
});
const request = (booked: boolean): GroupRequest => ({
  id: ID,
  club: 'ASD Basento',
  contact: 'sig. Lauria 0971 000000',
  service: { code: 'MS.01', description: 'Visita di idoneità sportiva' },
  facility: null,
  from: '2027-01-11',
  to: '2027-01-22',
  maxPerDay: null,
  note: null,
  createdAt: '2026-12-06T10:00:00.000Z',
  athletes: 2,
  booked: booked ? 1 : 0,
  members: [member(1, 'Rossi', booked), member(2, 'Verdi', false)],
});
// 13 January 2027, 14:00 and 14:30 in Rome (UTC+1).
const plan: GroupPlan = {
  days: [
    {
      day: '2027-01-13',
      facility: { id: 'f1', name: 'Poliambulatorio Potenza' },
      places: [
        { position: 1, name: 'Rossi Luca', slotId: 501, start: '2027-01-13T13:00:00.000Z' },
        { position: 2, name: 'Verdi Luca', slotId: 502, start: '2027-01-13T13:30:00.000Z' },
      ],
    },
  ],
  unplaced: [],
  alreadyBooked: 0,
};

describe('group bookings (BK-10)', () => {
  it('parses a pasted list: either order, any separator, blank lines skipped', () => {
    expect(
      parseAthletes('RSSLCU10C04G942X;1700A0000000001\n\n 1700A0000000002\tvrdlcu10c04g942y \n'),
    ).toEqual([
      { fiscalCode: 'RSSLCU10C04G942X', nre: '1700A0000000001' },
      { fiscalCode: 'VRDLCU10C04G942Y', nre: '1700A0000000002' },
    ]);
  });

  it('records a list, names a refused line by its place, then proposes and books the days', async () => {
    let created = false;
    let booked = false;
    const { calls } = fakeApi(
      on('GET', '/api/v1/auth/me', { body: me }),
      on('GET', '/api/v1/facilities', { body: { items: [] } }),
      on('GET', '/api/v1/group-bookings', () => ({
        body: { items: created ? [{ ...request(booked), members: undefined }] : [] },
      })),
      on('POST', '/api/v1/group-bookings', (c) => {
        const lines = (c.body as { athletes: { nre: string }[] }).athletes;
        if (lines[1]?.nre === '1700A0000000009')
          return {
            status: 422,
            body: { error: { code: 'INVALID_FIELD', message: 'x', field: 'athletes.1.nre' } },
          };
        created = true;
        return { status: 201, body: request(false) };
      }),
      on('GET', `/api/v1/group-bookings/${ID}`, () => ({ body: request(booked) })),
      on('GET', `/api/v1/group-bookings/${ID}/plan`, { body: plan }),
      on('POST', `/api/v1/group-bookings/${ID}/cancel`, () => {
        booked = false;
        return {
          body: {
            outcomes: [{ position: 1, outcome: 'cancelled', message: null, code: 'ABC-DEF-001' }],
            request: request(false),
          },
        };
      }),
      on('POST', `/api/v1/group-bookings/${ID}/book`, () => {
        booked = true;
        return {
          body: {
            outcomes: [
              { position: 1, outcome: 'booked', message: null, code: 'ABC-DEF-001' },
              { position: 2, outcome: 'SLOT_TAKEN', message: 'x', code: null },
            ],
            request: request(true),
          },
        };
      }),
    );
    const user = userEvent.setup();
    renderApp(<GroupBookingsPage />);
    expect(await screen.findByText('Nessuna richiesta di gruppo.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Nuova richiesta' }));
    await user.type(screen.getByLabelText('Società sportiva o gruppo'), 'ASD Basento');
    await user.type(screen.getByLabelText('Referente e recapito'), 'sig. Lauria 0971 000000');
    await user.type(screen.getByLabelText('Prestazione (codice)'), 'ms.01');
    fireEvent.change(screen.getByLabelText('Dal'), { target: { value: '2027-01-11' } });
    fireEvent.change(screen.getByLabelText('Al'), { target: { value: '2027-01-22' } });
    const list = screen.getByLabelText(/^Atleti: codice fiscale/);
    fireEvent.change(list, {
      target: { value: 'FC00000000000001 1700A0000000001\nFC00000000000002 1700A0000000009' },
    });
    expect(screen.getByText(/Righe: 2\.$/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Registra la richiesta' }));
    // The refused line is named by its place among the athletes, in Italian, on the list's field.
    expect(await screen.findByText(/atleta alla riga 2 \(numero di ricetta\)/)).toBeInTheDocument();
    expect(list).toHaveAttribute('aria-invalid', 'true');

    fireEvent.change(list, {
      target: { value: 'FC00000000000001 1700A0000000001\nFC00000000000002 1700A0000000002' },
    });
    await user.click(screen.getByRole('button', { name: 'Registra la richiesta' }));
    const detail = await screen.findByTestId('group-request');
    expect(
      calls.filter((c) => c.method === 'POST' && c.path === '/api/v1/group-bookings').at(-1)!.body,
    ).toEqual({
      club: 'ASD Basento',
      contact: 'sig. Lauria 0971 000000',
      service: 'MS.01',
      from: '2027-01-11',
      to: '2027-01-22',
      athletes: [
        { fiscalCode: 'FC00000000000001', nre: '1700A0000000001' },
        { fiscalCode: 'FC00000000000002', nre: '1700A0000000002' },
      ],
    });
    expect(within(detail).getByTestId('group-athletes')).toHaveTextContent('da prenotare');

    await user.click(within(detail).getByRole('button', { name: 'Proponi le date' }));
    const proposal = await within(detail).findByTestId('group-plan');
    expect(proposal).toHaveTextContent('mercoledì 13 gennaio 2027 — Poliambulatorio Potenza, atleti: 2');
    expect(within(proposal).getByText('14:00').closest('tr')).toHaveTextContent('Rossi Luca');
    expect(within(proposal).getByText('14:30').closest('tr')).toHaveTextContent('Verdi Luca');
    await user.click(within(proposal).getByRole('button', { name: 'Prenota questa proposta (atleti: 2)' }));

    const result = await within(detail).findByTestId('group-result');
    expect(result).toHaveTextContent('Atleti prenotati: 1 su 2.');
    expect(result).toHaveTextContent(
      'Non prenotati: Verdi Luca (Il posto non è più libero: scegline un altro.)',
    );
    expect(calls.find((c) => c.path.endsWith('/book'))!.body).toEqual({
      places: [
        { position: 1, slotId: 501 },
        { position: 2, slotId: 502 },
      ],
    });
    await waitFor(() =>
      expect(within(detail).getByTestId('group-athletes')).toHaveTextContent('ABC-DEF-001'),
    );
    // Once someone is booked, the list prints for the club (the page's chrome is left off the paper).
    const print = vi.fn();
    vi.stubGlobal('print', print);
    await user.click(within(detail).getByRole('button', { name: 'Stampa l’elenco per la società' }));
    expect(print).toHaveBeenCalledOnce();
    expect(within(detail).getByTestId('group-result')).toHaveClass('d-print-none');

    // The club calls the day off: the bookings are cancelled with the reason, asked once more.
    await user.click(within(detail).getByRole('button', { name: 'Annulla le prenotazioni del gruppo (1)' }));
    const confirm = within(detail).getByRole('button', { name: 'Annulla le prenotazioni (atleti: 1)' });
    expect(confirm).toBeDisabled();
    await user.type(within(detail).getByLabelText('Motivo'), 'la società ha rinviato');
    await user.click(confirm);
    await waitFor(() =>
      expect(within(detail).getByTestId('group-result')).toHaveTextContent('Prenotazioni annullate: 1.'),
    );
    expect(calls.find((c) => c.path.endsWith('/cancel'))!.body).toEqual({ reason: 'la società ha rinviato' });
    expect(within(detail).getByTestId('group-athletes')).not.toHaveTextContent('ABC-DEF-001');
  });
  it('shows the current requests, the past ones on request, and finds a club by name', async () => {
    const { calls } = fakeApi(
      on('GET', '/api/v1/auth/me', { body: me }),
      on('GET', '/api/v1/group-bookings', (c) => ({
        body: { items: c.path.includes('period=past') ? [] : [{ ...request(false), members: undefined }] },
      })),
    );
    renderApp(<GroupBookingsPage />);
    const table = await screen.findByTestId('group-requests');
    expect(within(table).getByText('ASD Basento')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'In corso e future' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Concluse' }));
    expect(await screen.findByText('Nessuna richiesta di gruppo conclusa.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Concluse' }).getAttribute('aria-pressed')).toBe('true');
    fireEvent.change(screen.getByLabelText('Cerca la società'), { target: { value: ' Basento & C ' } });
    await waitFor(() =>
      expect(calls.map((c) => c.path)).toContain('/api/v1/group-bookings?period=past&club=Basento%20%26%20C'),
    );
    expect(calls.map((c) => c.path)).toContain('/api/v1/group-bookings?period=current');
  });
});
