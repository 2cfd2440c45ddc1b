import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, on, renderApp } from '../test/render.tsx';
import { SlaPage } from './SlaPage.tsx';

afterEach(() => {
  vi.unstubAllGlobals();
});

const rule = {
  indicator: 'answered-within-target',
  comparison: 'at-least' as const,
  threshold: 0.9,
  targetSeconds: 20,
};

describe("the month's service levels", () => {
  it('shows each level met or not, with its points and penalty, and why others are not measured', async () => {
    fakeApi(
      on('GET', /^\/api\/v1\/reporting\/sla\?month=\d{4}-\d{2}$/, {
        body: {
          month: '2026-11',
          from: '2026-10-31T23:00:00.000Z',
          to: '2026-11-30T23:00:00.000Z',
          source: 'Capitolato',
          definitions: { waitMeasuredFrom: 'arrival', lostCallsMeasuredByDuration: true, points: 'whole' },
          services: [
            {
              service: 'cup',
              lines: ['848821821'],
              calls: 11,
              rules: [
                {
                  ...rule,
                  id: 'tempo-massimo-attesa',
                  description: 'Tempo massimo di attesa 20" nel 90% dei casi',
                  measured: 0.875,
                  met: false,
                  points: 2,
                  penaltyShare: 0.01,
                  penaltyEuro: null,
                },
              ],
              penaltyShare: 0.01,
              penaltyEuro: null,
            },
          ],
          notMeasured: [{ id: 'continuita-ivr', description: 'Continuità IVR', why: 'not recorded' }],
        },
      }),
    );
    renderApp(<SlaPage />);
    const cup = await screen.findByTestId('sla-service');
    expect(within(cup).getByRole('heading').textContent).toBe(
      'Servizio «CUP»: 11 chiamate (linee 848821821)',
    );
    const row = within(cup).getAllByRole('row')[1]!;
    expect(row.textContent).toMatch(/almeno 90\s?% entro 20 s/);
    expect(row.textContent).toMatch(/87,5\s?%/);
    expect(within(row).getByText('no')).toBeTruthy();
    expect(cup.textContent).toMatch(/Penale del servizio: 1\s?% del valore/);
    // The server's reason in English is replaced by the app's own words.
    expect(screen.getByText('la disponibilità del centro non è ancora registrata come eventi')).toBeTruthy();
  });
});
