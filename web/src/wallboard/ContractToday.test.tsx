import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, on, renderApp } from '../test/render.tsx';
import { ContractToday } from './ContractToday.tsx';

afterEach(() => {
  vi.unstubAllGlobals();
});

const level = {
  indicator: 'answered-within-target',
  comparison: 'at-least' as const,
  threshold: 0.9,
  targetSeconds: 20,
  points: 0,
  penaltyShare: 0,
  penaltyEuro: null,
};

describe("the wallboard's contract levels today", () => {
  it('shows each level so far against its threshold, labelled with the contract’s definition', async () => {
    fakeApi(
      on('GET', '/api/v1/reporting/sla/today', {
        body: {
          date: '2026-12-04',
          from: '2026-12-03T23:00:00.000Z',
          to: '2026-12-04T09:00:00.000Z',
          source: 'Capitolato',
          definitions: { waitMeasuredFrom: 'arrival', lostCallsMeasuredByDuration: true, points: 'whole' },
          services: [
            {
              service: 'cup',
              lines: ['848821821'],
              calls: 312,
              rules: [
                {
                  ...level,
                  id: 'tempo-massimo-attesa',
                  description: 'Tempo massimo di attesa 20" nel 90% dei casi',
                  measured: 0.853,
                  met: false,
                },
                {
                  ...level,
                  id: 'chiamate-perdute',
                  indicator: 'lost-calls',
                  comparison: 'at-most' as const,
                  threshold: 0.1,
                  targetSeconds: null,
                  description: 'Chiamate entranti perdute al massimo 10%',
                  measured: 0.06,
                  met: true,
                },
              ],
              penaltyShare: 0,
              penaltyEuro: null,
            },
          ],
        },
      }),
    );
    renderApp(<ContractToday />);
    const table = await screen.findByRole('table', { name: 'CUP: 312 chiamate' });
    const wait = within(table).getByRole('row', { name: /Tempo massimo di attesa/ });
    expect(wait).toHaveTextContent('almeno 90% entro 20 s');
    expect(wait).toHaveTextContent('85,3% sotto soglia');
    expect(within(table).getByRole('row', { name: /perdute/ })).toHaveTextContent('6% in linea');
    expect(screen.getByText(/dall’inizio della chiamata \(risponditore compreso\)/)).toBeInTheDocument();
  });
});
