import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { appointment, availability, patient, prescription } from '../test/fixtures.ts';
import { fakeApi, on, renderApp } from '../test/render.tsx';
import { ConsolePage } from './ConsolePage.tsx';

afterEach(() => vi.unstubAllGlobals());

// Issue 14 §8: what an operator needs on a call besides booking.
const exempt = {
  ...prescription,
  nre: '170A09876543210',
  exemptionCode: 'E01',
  exemptionDescription: 'Età superiore a 65 anni, reddito familiare fino a 36.151,98 euro',
  copayCents: 0,
  items: prescription.items.map((i) => ({ ...i, exempt: true })),
};
const open = { items: [{ ...exempt, bookableUntil: '2026-12-30' }] };

function server(extra: Parameters<typeof fakeApi> = []) {
  return fakeApi(
    ...extra,
    on('GET', `/api/v1/patients/${patient.fiscalCode}`, { body: patient }),
    on('GET', `/api/v1/patients/${patient.fiscalCode}/prescriptions`, { body: open }),
    on('GET', `/api/v1/patients/${patient.fiscalCode}/appointments`, { body: { items: [appointment] } }),
    on('GET', `/api/v1/patients/${patient.fiscalCode}/payment-notices`, {
      body: { enabled: false, items: [] },
    }),
    on('GET', `/api/v1/prescriptions/${exempt.nre}`, { body: exempt }),
    on('GET', /^\/api\/v1\/availability\?/, { body: availability }),
  );
}

async function servePatient() {
  const user = userEvent.setup();
  renderApp(<ConsolePage />);
  await user.type(await screen.findByLabelText(/Codice fiscale/), `${patient.fiscalCode}{Enter}`);
  return { user, card: await screen.findByTestId('patient-card') };
}

describe('the patient on the call', () => {
  it("lists the patient's open prescriptions and opens one without the NRE dictated, with the exemption's words", async () => {
    const { calls } = server();
    const { user } = await servePatient();
    const list = await screen.findByTestId('open-prescriptions');
    expect(list).toHaveTextContent('Visita cardiologica');
    expect(list).toHaveTextContent(`${exempt.nre} del 20/11/2026 · prenotabile fino al 30/12/2026`);
    await user.click(within(list).getByRole('button', { name: `Apri ricetta ${exempt.nre}` }));
    const card = await screen.findByTestId('prescription-card');
    expect(within(card).getByTestId('prescription-exemption')).toHaveTextContent(
      'E01 — Età superiore a 65 anni, reddito familiare fino a 36.151,98 euro',
    );
    expect(screen.getByLabelText(/Numero di ricetta/)).toHaveValue(exempt.nre);
    expect(calls.some((c) => c.path === `/api/v1/prescriptions/${exempt.nre}`)).toBe(true);
    // Opened, it goes on to the first availability as a typed NRE would.
    expect(await screen.findByTestId('availability')).toBeInTheDocument();
    expect(within(list).getByRole('button', { name: `Apri ricetta ${exempt.nre}` })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
  });

  it('updates phone and e-mail with the consents given, showing a refusal on its field in Italian', async () => {
    let attempt = 0;
    const { calls } = server([
      on('PUT', `/api/v1/patients/${patient.fiscalCode}/contacts`, (c) =>
        ++attempt === 1
          ? {
              status: 422,
              body: {
                error: { code: 'INVALID_FIELD', message: 'e-mail address is not valid', field: 'email' },
              },
            }
          : { body: { ...patient, ...(c.body as object), phone: '+393471112222' } },
      ),
    ]);
    const { user, card } = await servePatient();
    await user.click(within(card).getByRole('button', { name: 'Modifica recapiti' }));
    const form = within(card).getByTestId('patient-contacts-form');
    const phone = within(form).getByLabelText('Telefono (cellulare per gli SMS)');
    expect(phone).toHaveValue('+39 333 123 4567');
    expect(phone).toHaveFocus();
    await user.clear(phone);
    await user.type(phone, '347 111 2222');
    await user.type(within(form).getByLabelText('E-mail'), 'mario@');
    await user.click(within(form).getByLabelText('Acconsente a essere contattato per e-mail'));
    await user.click(within(form).getByRole('button', { name: 'Salva recapiti' }));
    const email = within(form).getByLabelText('E-mail');
    await waitFor(() => expect(email).toHaveAttribute('aria-invalid', 'true'));
    expect(email).toHaveFocus();
    expect(form).toHaveTextContent(/e-?mail/i);
    expect(form).not.toHaveTextContent('e-mail address is not valid');

    await user.clear(email);
    await user.type(email, 'mario.rossi@example.it');
    await user.click(within(form).getByRole('button', { name: 'Salva recapiti' }));
    await waitFor(() => expect(within(card).queryByTestId('patient-contacts-form')).toBeNull());
    expect(calls.filter((c) => c.method === 'PUT').at(-1)?.body).toEqual({
      phone: '347 111 2222',
      email: 'mario.rossi@example.it',
      consents: { contactByPhone: true, contactByEmail: false },
    });
    expect(within(card).getByTestId('patient-phone')).toHaveTextContent('+39 347 111 2222');
    expect(within(card).getByTestId('patient-email')).toHaveTextContent(
      'mario.rossi@example.itnon contattare',
    );
    await waitFor(() =>
      expect(within(card).getByRole('button', { name: 'Modifica recapiti' })).toHaveFocus(),
    );
  });

  it("reads the patient's contact history by fiscal code, calls from any number included", async () => {
    server([
      on('GET', `/api/v1/patients/${patient.fiscalCode}/contact-history?limit=10`, {
        body: {
          contacts: [
            {
              callId: 'c-9',
              events: [
                {
                  id: 1,
                  at: '2026-11-23T08:00:00.000Z',
                  type: 'call.arrived',
                  callId: 'c-9',
                  line: '848821821',
                  queueId: null,
                  agentId: null,
                  data: { callerId: '3471239876' },
                },
                {
                  id: 2,
                  at: '2026-11-23T08:03:00.000Z',
                  type: 'call.outcome',
                  callId: 'c-9',
                  line: null,
                  queueId: 'cup-prenotazioni',
                  agentId: 'u-1',
                  data: {
                    requestType: 'booking',
                    resolvedFirstContact: true,
                    escalated: false,
                    note: 'per la madre',
                  },
                },
              ],
            },
          ],
          messages: [],
        },
      }),
    ]);
    const { user, card } = await servePatient();
    await user.click(within(card).getByText('Storico contatti dell’assistito (chiamate e messaggi)'));
    const list = await within(card).findByTestId('patient-history');
    expect(list).toHaveTextContent('risolta al primo contatto');
    expect(list).toHaveTextContent('«per la madre»');
  });

  it('prints the promemoria and sends it by SMS from the appointments, once per click', async () => {
    const later = new Date(Date.now() + 3 * 3600_000).toISOString();
    const { calls } = server([
      on('POST', `/api/v1/appointments/${appointment.id}/promemoria`, {
        status: 202,
        body: {
          messageId: 'm-1',
          channel: 'sms',
          recipient: '•••4567',
          sendAfter: later,
          label: 'simulazione',
        },
      }),
    ]);
    const { user } = await servePatient();
    const table = await screen.findByTestId('appointments');
    await within(table).findByRole('button', { name: `Promemoria ${appointment.code}` });
    const row = table.querySelector<HTMLElement>(`tr[data-code="${appointment.code}"]`)!;
    await user.click(within(row).getByRole('button', { name: `Promemoria ${appointment.code}` }));
    const actions = await screen.findByTestId('promemoria-actions');
    expect(within(actions).getByRole('link', { name: /Stampa promemoria/ })).toHaveAttribute(
      'href',
      `/api/v1/appointments/${appointment.id}/promemoria.pdf`,
    );
    // No e-mail on record: only the SMS is offered.
    expect(within(actions).queryByRole('button', { name: 'Invia promemoria per e-mail' })).toBeNull();
    await user.click(within(actions).getByRole('button', { name: 'Invia promemoria per SMS' }));
    expect(await within(actions).findByRole('status')).toHaveTextContent(
      /Promemoria in coda per •••4567: parte .*simulazione/,
    );
    const sent = calls.filter((c) => c.path.endsWith('/promemoria'));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toEqual({ channel: 'sms' });
    expect(sent[0]!.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
