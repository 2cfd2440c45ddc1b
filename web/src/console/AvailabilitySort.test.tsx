import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createRef } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { availability, prescription } from '../test/fixtures.ts';
import { fakeApi, on, renderApp } from '../test/render.tsx';
import { AvailabilityPanel, type SlotSearch } from './AvailabilityPanel.tsx';

afterEach(() => vi.unstubAllGlobals());

const search: SlotSearch = {
  kind: 'book',
  nre: prescription.nre,
  fiscalCode: 'RSSMRA85T10A562S',
  itemIndex: 1,
  service: { code: '89.7A.3', description: 'Visita cardiologica' },
  priority: 'B',
};
const slot = (i: number, start: string, name: string, km: number) => ({
  ...availability.items[0]!,
  slotId: 300 + i,
  start,
  end: start.replace(':00.000Z', ':20.000Z'),
  facility: { ...availability.items[0]!.facility, id: `f${i}`, name, distanceKm: km },
});
// Soonest first as the server sends them: Matera (67 km), Melfi (50 km), Potenza (3 km).
const near = {
  ...availability,
  origin: { code: 'G942', name: 'Potenza' },
  items: [
    slot(1, '2026-12-01T07:00:00.000Z', 'Ospedale di Matera', 67.3),
    slot(2, '2026-12-02T07:00:00.000Z', 'Ospedale di Melfi', 50.1),
    slot(3, '2026-12-03T07:00:00.000Z', 'Poliambulatorio di Potenza', 3.2),
  ],
};

describe('the console orders by distance when asked, and says which order it shows (issue 14 §7)', () => {
  it('shows soonest first, labelled so; nearest first on request, from the patient’s municipality', async () => {
    const { calls } = fakeApi(on('GET', /^\/api\/v1\/availability\?/, { body: near }));
    const user = userEvent.setup();
    renderApp(
      <AvailabilityPanel
        search={search}
        focusToken={0}
        onPick={vi.fn()}
        picking={false}
        pickError={null}
        resultsRef={createRef<HTMLDivElement>()}
        near="G942"
      />,
    );
    const places = () =>
      within(screen.getByRole('table'))
        .getAllByRole('row')
        .slice(1)
        .map((r) => r.querySelectorAll('td')[1]!.firstChild!.textContent);
    await waitFor(() =>
      expect(screen.getByTestId('availability-sort')).toHaveTextContent(
        'I primi 3 posti liberi, dalla prima data.',
      ),
    );
    expect(places()).toEqual(['Ospedale di Matera', 'Ospedale di Melfi', 'Poliambulatorio di Potenza']);
    expect(calls[0]!.path).toContain('near=G942');
    expect(screen.getByText(/a 3,2 km da Potenza/)).toBeInTheDocument();

    await user.selectOptions(screen.getByLabelText('Ordina'), 'distance');
    await user.click(screen.getByRole('button', { name: 'Applica filtri' }));
    await waitFor(() =>
      expect(screen.getByTestId('availability-sort')).toHaveTextContent(
        'I primi 3 posti liberi, dalla struttura più vicina a Potenza; a pari distanza, dalla prima data.',
      ),
    );
    expect(places()).toEqual(['Poliambulatorio di Potenza', 'Ospedale di Melfi', 'Ospedale di Matera']);
  });

  it('offers no distance order without a municipality of residence', async () => {
    fakeApi(on('GET', /^\/api\/v1\/availability\?/, { body: availability }));
    renderApp(
      <AvailabilityPanel
        search={search}
        focusToken={0}
        onPick={vi.fn()}
        picking={false}
        pickError={null}
        resultsRef={createRef<HTMLDivElement>()}
      />,
    );
    const option = await screen.findByRole('option', { name: /comune di residenza non registrato/ });
    expect(option).toBeDisabled();
  });
});
