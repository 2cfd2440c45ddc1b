import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { availability, patient, prescription } from '../test/fixtures.ts';
import { fakeApi, on, renderApp } from '../test/render.tsx';
import { ConsolePage } from './ConsolePage.tsx';

afterEach(() => vi.unstubAllGlobals());

const other = {
  ...patient,
  id: 'p-2',
  fiscalCode: 'BNCLRA85M41F839U',
  givenName: 'Laura',
  familyName: 'Bianchi',
};
const UNREGISTERED = 'VRDGPP70A01G942X';

/** Mario Rossi's prescription; Laura Bianchi is registered, UNREGISTERED is not. */
function server() {
  return fakeApi(
    on('GET', `/api/v1/patients/${patient.fiscalCode}`, { body: patient }),
    on('GET', `/api/v1/patients/${other.fiscalCode}`, { body: other }),
    on('GET', `/api/v1/patients/${UNREGISTERED}`, {
      status: 404,
      body: { error: { code: 'NOT_FOUND', message: 'patient not found', field: 'fiscalCode' } },
    }),
    on('GET', /^\/api\/v1\/patients\/[^/]+\/appointments$/, { body: { items: [] } }),
    on('GET', `/api/v1/prescriptions/${prescription.nre}`, { body: prescription }),
    on('GET', /^\/api\/v1\/availability\?/, { body: availability }),
  );
}

async function serveThenOpen(fiscalCode: string) {
  const user = userEvent.setup();
  renderApp(<ConsolePage />);
  await user.type(await screen.findByLabelText(/Codice fiscale/), `${fiscalCode}{Enter}`);
  await user.type(screen.getByLabelText(/Numero di ricetta/), `${prescription.nre}{Enter}`);
  return { user, card: await screen.findByTestId('prescription-card') };
}

describe("whose prescription: the console never books someone else's by mistake", () => {
  it('blocks booking when the searched fiscal code is not registered, until the patient is confirmed', async () => {
    const { calls } = server();
    const { user, card } = await serveThenOpen(UNREGISTERED);
    expect(await within(card).findByTestId('prescription-patient')).toHaveTextContent(
      `Mario Rossi ${patient.fiscalCode}`,
    );
    const warning = within(card).getByTestId('prescription-mismatch');
    expect(warning).toHaveTextContent(`Il codice fiscale in linea (${UNREGISTERED}) non è registrato`);
    expect(warning).toHaveTextContent('Prenotazione bloccata');
    // Nothing to book on: no availability asked for, and the item's search is disabled.
    expect(screen.queryByTestId('availability')).toBeNull();
    expect(within(card).getByRole('button', { name: /Disponibilità/ })).toBeDisabled();
    expect(calls.some((c) => c.path.startsWith('/api/v1/availability'))).toBe(false);

    await user.click(within(warning).getByRole('button', { name: 'Confermo: prenoto per Mario Rossi' }));
    expect(await screen.findByTestId('patient-card')).toHaveTextContent('Mario Rossi');
    expect(await screen.findByTestId('availability')).toBeInTheDocument();
    expect(screen.queryByTestId('prescription-mismatch')).toBeNull();
    expect(within(card).getByTestId('prescription-patient')).toHaveTextContent('è l’assistito in linea');
  });

  it("warns with another registered patient's prescription and shows whose it is", async () => {
    server();
    const { card } = await serveThenOpen(other.fiscalCode);
    expect(await within(card).findByTestId('prescription-patient')).toHaveTextContent('Mario Rossi');
    expect(within(card).getByTestId('prescription-mismatch')).toHaveTextContent(
      `non di quello in linea (${other.fiscalCode})`,
    );
    expect(screen.getByTestId('patient-card')).toHaveTextContent('Laura Bianchi');
    expect(screen.queryByTestId('availability')).toBeNull();
  });

  it('takes the availability away when another patient is searched after the prescription was opened', async () => {
    server();
    const { user, card } = await serveThenOpen(patient.fiscalCode);
    expect(await screen.findByTestId('availability')).toBeInTheDocument();
    expect(within(card).getByTestId('prescription-patient')).toHaveTextContent('è l’assistito in linea');

    const cf = screen.getByLabelText(/Codice fiscale/);
    await user.clear(cf);
    await user.type(cf, `${other.fiscalCode}{Enter}`);
    await waitFor(() => expect(screen.queryByTestId('availability')).toBeNull());
    expect(within(card).getByTestId('prescription-mismatch')).toBeInTheDocument();
  });
});
