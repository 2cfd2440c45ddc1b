import { fireEvent, screen, waitFor, within } from '@testing-library/react';
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

/** Later slots only, all beyond the guarantee, flagged as an older server did for a filtered search. */
const later = {
  ...availability,
  items: availability.items.map((s, i) => ({
    ...s,
    slotId: 200 + i,
    start: `2026-12-1${i}T08:00:00.000Z`,
    withinGuarantee: false,
  })),
  nothingWithinGuarantee: true,
};

function renderPanel() {
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
}

describe('availability and the guarantee (BK-4)', () => {
  it("keeps the region's verdict when the caller filters to a later start date", async () => {
    const { calls } = fakeApi(
      on('GET', /^\/api\/v1\/availability\?.*from=/, { body: later }),
      on('GET', /^\/api\/v1\/availability\?/, { body: availability }),
    );
    renderPanel();
    await screen.findAllByRole('button', { name: /^Blocca/ });
    fireEvent.change(screen.getByLabelText('A partire dal'), { target: { value: '2026-12-10' } });
    await userEvent.setup().click(screen.getByRole('button', { name: 'Applica filtri' }));
    await waitFor(() => expect(screen.getAllByText('oltre i tempi')).toHaveLength(3));
    // 10 Dec 2026, midnight in Rome (UTC+1).
    expect(calls.at(-1)!.path).toContain(`from=${encodeURIComponent('2026-12-09T23:00:00.000Z')}`);
    expect(screen.queryByTestId('nothing-within-guarantee')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Apri il percorso di tutela' })).toBeNull();
    expect(screen.getByTestId('later-than-guarantee')).toHaveTextContent('l’assistito vi rinuncia');
    // The deadline shown is still the region's, as a Rome calendar day.
    expect(screen.getByText(/tempo garantito fino a giovedì 3 dicembre 2026/)).toBeInTheDocument();
  });

  it("shows a refused protection path in the UI's language, without the server's English or UTC time", async () => {
    fakeApi(
      on('GET', /^\/api\/v1\/availability\?/, {
        body: { ...availability, items: later.items, nothingWithinGuarantee: true },
      }),
      on('POST', '/api/v1/protection-cases', {
        status: 409,
        body: {
          error: {
            code: 'CONFLICT',
            message: 'a slot inside the guarantee is available (2026-11-24T07:40:00.000Z): book it',
            field: 'itemIndex',
          },
        },
      }),
    );
    renderPanel();
    const warning = await screen.findByTestId('nothing-within-guarantee');
    await userEvent
      .setup()
      .click(within(warning).getByRole('button', { name: 'Apri il percorso di tutela' }));
    const alert = await within(warning).findByRole('alert');
    expect(alert).toHaveTextContent('Il percorso di tutela non si apre');
    expect(alert).toHaveTextContent('campo: prestazione della ricetta');
    expect(alert.textContent).not.toMatch(/book it|guarantee|T07:40|Z\)/);
  });
});
