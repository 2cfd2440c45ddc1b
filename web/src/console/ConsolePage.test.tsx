import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { appointment, availability, patient, prescription } from '../test/fixtures.ts';
import { fakeApi, on, renderApp } from '../test/render.tsx';
import { ConsolePage } from './ConsolePage.tsx';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const nbsp = (s: string | null) => (s ?? '').replace(/[\u00a0\u202f]/g, ' ');

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

/** The server as the console sees it: one patient, one prescription, three slots. */
function server(over: Parameters<typeof fakeApi> = []) {
  const inFive = () => new Date(Date.now() + 300_000).toISOString();
  return fakeApi(
    ...over,
    on('GET', `/api/v1/patients/${patient.fiscalCode}`, { body: patient }),
    on('GET', `/api/v1/patients/${patient.fiscalCode}/appointments`, { body: { items: [] } }),
    on('GET', `/api/v1/prescriptions/${prescription.nre}`, { body: prescription }),
    on('GET', /^\/api\/v1\/availability\?/, { body: availability }),
    on('POST', '/api/v1/holds', (c) => ({
      status: 201,
      body: {
        id: 'aaaaaaaa-0000-4000-8000-000000000001',
        slotId: (c.body as { slotId: number }).slotId,
        expiresAt: inFive(),
      },
    })),
    on('DELETE', /^\/api\/v1\/holds\//, { status: 204 }),
    on('POST', '/api/v1/appointments', {
      status: 201,
      body: { ...appointment, start: availability.items[1]!.start },
    }),
  );
}

describe('operator console, from the keyboard', () => {
  it('finds the patient, opens the prescription, holds and books without the mouse', async () => {
    const { calls } = server();
    const user = userEvent.setup();
    renderApp(<ConsolePage />);

    // The console opens on the fiscal code; Enter searches.
    const cf = await screen.findByLabelText(/Codice fiscale/);
    await waitFor(() => expect(cf).toHaveFocus());
    await user.keyboard('rssmra80a01g942k{Enter}');
    expect(await screen.findByTestId('patient-card')).toHaveTextContent('Mario Rossi');
    expect(screen.getByTestId('patient-card')).toHaveTextContent('01/01/1980');
    expect(screen.getByTestId('patient-card')).toHaveTextContent('+39 333 123 4567');

    // Focus moves to the next step, the NRE.
    const nre = screen.getByLabelText(/Numero di ricetta elettronica/);
    await waitFor(() => expect(nre).toHaveFocus());
    await user.keyboard(`${prescription.nre}{Enter}`);
    const card = await screen.findByTestId('prescription-card');
    expect(card).toHaveTextContent('Breve: entro 10 giorni');
    expect(nbsp(within(card).getByTestId('prescription-copay').textContent)).toBe('22,40 €');
    // Each item with its tariff (issue 14 §8): the fixture's 89.7A.3 at €22.40, not exempt.
    expect(nbsp(within(card).getByTestId('item-tariff-1').textContent)).toBe('tariffa 22,40 €');

    // The first open item's availability arrives with the focus on the soonest slot.
    const results = await screen.findByTestId('availability');
    const holdButtons = await within(results).findAllByRole('button', { name: /^Blocca/ });
    await waitFor(() => expect(holdButtons[0]).toHaveFocus());
    expect(holdButtons[0]).toHaveAccessibleName(/mar 24\/11\/2026, 08:40, Ospedale San Carlo/);
    const query = calls.find((c) => c.path.startsWith('/api/v1/availability'))!.path;
    expect(query).toContain('service=89.7A.3');
    expect(query).toContain('priority=B');
    expect(query).toContain('channel=phone');

    // Arrow keys walk the list; Enter holds the slot under the focus.
    await user.keyboard('{ArrowDown}');
    expect(holdButtons[1]).toHaveFocus();
    await user.keyboard('{End}');
    expect(holdButtons[2]).toHaveFocus();
    await user.keyboard('{Home}{ArrowDown}{Enter}');
    const held = await screen.findByTestId('hold-panel');
    expect(calls.find((c) => c.method === 'POST' && c.path === '/api/v1/holds')!.body).toEqual({
      slotId: 102,
      nre: prescription.nre,
      itemIndex: 1,
      channel: 'phone',
    });
    expect(held).toHaveTextContent('Poliambulatorio di Potenza');
    expect(within(held).getByTestId('hold-countdown').textContent).toMatch(/^[45]:\d\d$/);

    // The confirm button has the focus: Enter books with a fresh Idempotency-Key.
    const confirm = within(held).getByRole('button', { name: 'Conferma prenotazione' });
    await waitFor(() => expect(confirm).toHaveFocus());
    await user.keyboard('{Enter}');
    const outcome = await screen.findByTestId('booking-outcome');
    expect(within(outcome).getByTestId('booking-code')).toHaveTextContent('PRN-AB12-CD34');
    expect(nbsp(within(outcome).getByTestId('booking-copay').textContent)).toBe('22,40 €');
    expect(within(outcome).getByRole('heading', { level: 2 })).toHaveFocus();

    const book = calls.find((c) => c.method === 'POST' && c.path === '/api/v1/appointments')!;
    expect(book.body).toEqual({
      nre: prescription.nre,
      fiscalCode: patient.fiscalCode,
      itemIndex: 1,
      holdId: 'aaaaaaaa-0000-4000-8000-000000000001',
      channel: 'phone',
    });
    expect(book.headers['idempotency-key']).toMatch(UUID);

    // Alt+N: a new call starts from an empty fiscal code.
    await user.keyboard('{Alt>}n{/Alt}');
    await waitFor(() => expect(screen.getByLabelText(/Codice fiscale/)).toHaveFocus());
    expect(screen.getByLabelText(/Codice fiscale/)).toHaveValue('');
    expect(screen.queryByTestId('booking-outcome')).toBeNull();
  });

  it('keeps one Idempotency-Key per booking intent: the same on a retry, a new one for the next item', async () => {
    const two = {
      ...prescription,
      items: [prescription.items[0]!, { ...prescription.items[0]!, index: 2 }],
    };
    let attempts = 0;
    const { calls } = server([
      on('GET', `/api/v1/prescriptions/${prescription.nre}`, { body: two }),
      on('POST', '/api/v1/appointments', (c) => {
        // The first answer is lost on the way back (the server may have booked): fetch fails.
        if (++attempts === 1) throw new TypeError('Failed to fetch');
        return {
          status: 201,
          body: { ...appointment, itemIndex: (c.body as { itemIndex: number }).itemIndex },
        };
      }),
    ]);
    const user = userEvent.setup();
    renderApp(<ConsolePage />);
    await user.type(await screen.findByLabelText(/Numero di ricetta/), `${prescription.nre}{Enter}`);
    await user.click((await screen.findAllByRole('button', { name: /^Blocca/ }))[0]!);
    const confirm = await screen.findByRole('button', { name: 'Conferma prenotazione' });
    await user.click(confirm);
    expect(await screen.findByText(/Il server non risponde/)).toBeInTheDocument();
    expect(screen.getByTestId('retry-safe')).toHaveTextContent('non verrà fatta due volte');
    await user.click(confirm);
    const outcome = await screen.findByTestId('booking-outcome');

    // A new intent: the prescription's next item, on a new hold.
    await user.click(within(outcome).getByRole('button', { name: 'Prenota la prestazione successiva' }));
    await user.click((await screen.findAllByRole('button', { name: /^Blocca/ }))[0]!);
    await user.click(await screen.findByRole('button', { name: 'Conferma prenotazione' }));
    await screen.findByTestId('booking-outcome');

    const books = calls.filter((c) => c.path === '/api/v1/appointments');
    expect(books.map((c) => (c.body as { itemIndex: number }).itemIndex)).toEqual([1, 1, 2]);
    const keys = books.map((c) => c.headers['idempotency-key']);
    expect(keys[0]).toMatch(UUID);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).toMatch(UUID);
    expect(keys[2]).not.toBe(keys[0]);
  });

  it('shows a server error, translated by its code, next to the field it names', async () => {
    server([
      on('GET', /^\/api\/v1\/patients\/RSSMRA80A01G942X$/, {
        status: 422,
        body: {
          error: {
            code: 'INVALID_FIELD',
            message: 'fiscal code is not valid: check character is wrong: expected K',
            field: 'fiscalCode',
          },
        },
      }),
    ]);
    const user = userEvent.setup();
    renderApp(<ConsolePage />);
    const cf = await screen.findByLabelText(/Codice fiscale/);
    await user.type(cf, 'RSSMRA80A01G942X{Enter}');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Valore non valido');
    expect(alert).toHaveTextContent('campo: codice fiscale');
    // Translated by code: never the server's own (English) words.
    expect(alert).not.toHaveTextContent('expected K');
    expect(cf).toHaveAttribute('aria-invalid', 'true');
    expect(cf.getAttribute('aria-describedby')).toContain(alert.id);
    expect(cf).toHaveFocus();
  });

  it('offers to register an unknown patient and carries on with them', async () => {
    const unknown = 'BNCLRA85M41F839U';
    const { calls } = server([
      on('GET', `/api/v1/patients/${unknown}`, {
        status: 404,
        body: { error: { code: 'NOT_FOUND', message: 'patient not found', field: 'fiscalCode' } },
      }),
      on('POST', '/api/v1/patients', (c) => ({
        status: 201,
        body: { ...patient, ...(c.body as object), birthDate: '1985-08-01', sex: 'F' },
      })),
      on('GET', `/api/v1/patients/${unknown}/appointments`, { body: { items: [] } }),
    ]);
    const user = userEvent.setup();
    renderApp(<ConsolePage />);
    await user.type(await screen.findByLabelText(/Codice fiscale/), `${unknown}{Enter}`);
    const register = await screen.findByRole('button', { name: 'Registra nuovo assistito' });
    await waitFor(() => expect(register).toHaveFocus());
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.getByLabelText('Nome')).toHaveFocus());
    await user.keyboard('Chiara{Tab}Bianchi{Tab}+393471112223{Enter}');
    expect(await screen.findByTestId('patient-card')).toHaveTextContent('Chiara Bianchi');
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({
      fiscalCode: unknown,
      givenName: 'Chiara',
      familyName: 'Bianchi',
      phone: '+393471112223',
      email: null,
    });
    await waitFor(() => expect(screen.getByLabelText(/Numero di ricetta/)).toHaveFocus());
  });

  it('says when nothing is within the guarantee and opens the protection path', async () => {
    const { calls } = server([
      on('GET', /^\/api\/v1\/availability\?/, {
        body: {
          ...availability,
          items: availability.items.map((s) => ({ ...s, withinGuarantee: false })),
          nothingWithinGuarantee: true,
        },
      }),
      on('POST', '/api/v1/protection-cases', {
        status: 201,
        body: {
          id: 'c1',
          nre: prescription.nre,
          itemIndex: 1,
          patientId: 'p-1',
          serviceCode: '89.7A.3',
          priority: 'B',
          guaranteeDeadline: '2026-12-03T07:00:00.000Z',
          firstAvailableAt: null,
          state: 'open',
          openedAt: '2026-11-23T09:00:00.000Z',
          openedChannel: 'phone',
          note: null,
        },
      }),
    ]);
    const user = userEvent.setup();
    renderApp(<ConsolePage />);
    await user.type(await screen.findByLabelText(/Numero di ricetta/), `${prescription.nre}{Enter}`);
    const warning = await screen.findByTestId('nothing-within-guarantee');
    expect(warning).toHaveTextContent('Nessuna disponibilità entro i tempi garantiti');
    expect(screen.getAllByText('oltre i tempi')).toHaveLength(3);
    await user.click(within(warning).getByRole('button', { name: 'Apri il percorso di tutela' }));
    expect(await within(warning).findByText(/Percorso di tutela aperto/)).toBeInTheDocument();
    expect(calls.find((c) => c.path === '/api/v1/protection-cases')!.body).toEqual({
      nre: prescription.nre,
      fiscalCode: prescription.fiscalCode,
      itemIndex: 1,
      channel: 'phone',
    });
    // Starting from the NRE loaded the prescription's patient too.
    expect(await screen.findByTestId('patient-card')).toHaveTextContent('Mario Rossi');
  });

  it('cancels an appointment with a reason, in Italian for the records, from the keyboard', async () => {
    let cancelled = false;
    const { calls } = server([
      on('GET', `/api/v1/patients/${patient.fiscalCode}/appointments`, () => ({
        body: { items: [cancelled ? { ...appointment, status: 'cancelled' } : appointment] },
      })),
      on('POST', `/api/v1/appointments/${appointment.id}/cancel`, () => {
        cancelled = true;
        return { body: { ...appointment, status: 'cancelled' } };
      }),
    ]);
    const user = userEvent.setup();
    renderApp(<ConsolePage />, { lang: 'en' });
    await user.type(await screen.findByLabelText(/Fiscal code/), `${patient.fiscalCode}{Enter}`);
    await waitFor(() => expect(screen.getByLabelText(/Electronic prescription number/)).toHaveFocus());
    const list = await screen.findByTestId('appointments');
    const cancel = await within(list).findByRole('button', { name: `Cancel ${appointment.code}` });
    cancel.focus();
    await user.keyboard('{Enter}');
    const reason = await within(list).findByLabelText('Reason');
    await waitFor(() => expect(reason).toHaveFocus());
    await user.selectOptions(reason, 'Service no longer needed');
    await user.keyboard('{Enter}');
    expect(await within(list).findByText(/Appointment PRN-AB12-CD34 cancelled/)).toBeInTheDocument();
    expect(calls.find((c) => c.path.endsWith('/cancel'))!.body).toEqual({
      reason: 'Prestazione non più necessaria',
      channel: 'phone',
    });
    await waitFor(() => expect(within(list).getByText('cancelled')).toBeInTheDocument());
    expect(within(list).queryByRole('button', { name: /^Cancel/ })).toBeNull();
  });

  it('does not pull the focus back to the NRE when the operator has moved on before it lands', async () => {
    // Frames run when the test says: the console's "focus the NRE next" is still pending when the
    // operator clicks "Sposta" on one of the patient's appointments.
    const frames: FrameRequestCallback[] = [];
    vi.stubGlobal('requestAnimationFrame', (f: FrameRequestCallback) => frames.push(f));
    const runFrames = () => {
      for (let i = 0; i < 4; i++) for (const f of frames.splice(0)) f(0);
    };
    server([
      on('GET', `/api/v1/patients/${patient.fiscalCode}/appointments`, { body: { items: [appointment] } }),
    ]);
    const user = userEvent.setup();
    renderApp(<ConsolePage />);
    await user.type(await screen.findByLabelText(/Codice fiscale/), `${patient.fiscalCode}{Enter}`);
    const move = await screen.findByRole('button', { name: `Sposta ${appointment.code}` });
    await user.click(move);
    runFrames();
    expect(screen.getByLabelText(/Numero di ricetta elettronica/)).not.toHaveFocus();
  });

  it('focuses the NRE after the patient is found when the operator is still on the fiscal code', async () => {
    const frames: FrameRequestCallback[] = [];
    vi.stubGlobal('requestAnimationFrame', (f: FrameRequestCallback) => frames.push(f));
    server();
    const user = userEvent.setup();
    renderApp(<ConsolePage />);
    await user.type(await screen.findByLabelText(/Codice fiscale/), `${patient.fiscalCode}{Enter}`);
    await screen.findByTestId('patient-card');
    for (let i = 0; i < 4; i++) for (const f of frames.splice(0)) f(0);
    expect(screen.getByLabelText(/Numero di ricetta elettronica/)).toHaveFocus();
  });

  it('moves an appointment to a slot picked from the availability', async () => {
    const { calls } = server([
      on('GET', `/api/v1/patients/${patient.fiscalCode}/appointments`, { body: { items: [appointment] } }),
      on('POST', `/api/v1/appointments/${appointment.id}/move`, (c) => ({
        body: {
          ...appointment,
          slotId: (c.body as { slotId: number }).slotId,
          start: availability.items[2]!.start,
        },
      })),
    ]);
    const user = userEvent.setup();
    renderApp(<ConsolePage />);
    await user.type(await screen.findByLabelText(/Codice fiscale/), `${patient.fiscalCode}{Enter}`);
    await user.click(await screen.findByRole('button', { name: `Sposta ${appointment.code}` }));
    const panel = await screen.findByTestId('availability');
    expect(panel).toHaveTextContent(`Sposta ${appointment.code}`);
    const buttons = await within(panel).findAllByRole('button', { name: /^Sposta qui/ });
    await waitFor(() => expect(buttons[0]).toHaveFocus());
    await user.click(buttons[2]!);
    // Issue 14 §4: asked first, as a cancellation is; nothing moved yet.
    const confirm = await screen.findByTestId('move-confirm');
    expect(confirm).toHaveTextContent(`Spostare la prenotazione ${appointment.code}?`);
    expect(confirm).toHaveTextContent('mer 25/11/2026, 14:00');
    expect(calls.some((c) => c.path.endsWith('/move'))).toBe(false);
    const yes = within(confirm).getByRole('button', { name: 'Sì, sposta' });
    await waitFor(() => expect(yes).toHaveFocus());
    await user.keyboard('{Enter}');
    const outcome = await screen.findByTestId('booking-outcome');
    expect(outcome).toHaveTextContent('Appuntamento spostato');
    expect(outcome).toHaveTextContent('mer 25/11/2026, 14:00');
    expect(calls.find((c) => c.path.endsWith('/move'))!.body).toEqual({ slotId: 103, channel: 'phone' });
  });

  it('goes back from the move question on Esc, and warns of a clash with another appointment', async () => {
    const target = availability.items[2]!;
    // Another booked appointment of the patient, elsewhere, an hour after the slot: too close to travel.
    const other = {
      ...appointment,
      id: '00000000-0000-4000-8000-0000000000f1',
      code: 'PRN-OTHE-R001',
      service: { code: '95.02', description: 'Visita oculistica' },
      facility: { ...appointment.facility, id: 'fac-elsewhere', name: 'Ospedale di Melfi' },
      start: new Date(Date.parse(target.end) + 60 * 60_000).toISOString(),
      end: new Date(Date.parse(target.end) + 80 * 60_000).toISOString(),
    };
    const { calls } = server([
      on('GET', `/api/v1/patients/${patient.fiscalCode}/appointments`, {
        body: { items: [appointment, other] },
      }),
    ]);
    const user = userEvent.setup();
    renderApp(<ConsolePage />);
    await user.type(await screen.findByLabelText(/Codice fiscale/), `${patient.fiscalCode}{Enter}`);
    await user.click(await screen.findByRole('button', { name: `Sposta ${appointment.code}` }));
    const panel = await screen.findByTestId('availability');
    const buttons = await within(panel).findAllByRole('button', { name: /^Sposta qui/ });
    await user.click(buttons[2]!);
    const warning = await screen.findByTestId('clash-warning');
    expect(warning).toHaveTextContent(/Visita oculistica .* presso Ospedale di Melfi: meno di 90 minuti/);
    await waitFor(() => expect(screen.getByRole('button', { name: 'Sì, sposta' })).toHaveFocus());
    await user.keyboard('{Escape}');
    await screen.findByTestId('availability');
    expect(screen.queryByTestId('move-confirm')).toBeNull();
    expect(calls.some((c) => c.path.endsWith('/move'))).toBe(false);
  });
});
