import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, on, renderApp } from '../test/render.tsx';
import { WhenToCallPage } from './WhenToCallPage.tsx';

afterEach(() => {
  vi.unstubAllGlobals();
});

const band = (from: string, to: string, avg: number | null, face: string | null) => ({
  from,
  to,
  calls: avg === null ? 0 : 3,
  minSeconds: avg === null ? null : 20,
  avgSeconds: avg,
  maxSeconds: avg === null ? null : 250,
  face,
});

describe('the public when-to-call page', () => {
  it('writes each face in words next to it and the waits in minutes and seconds', async () => {
    fakeApi(
      on('GET', '/api/v1/public/when-to-call', {
        body: {
          label: null,
          computedAt: '2026-12-04T09:00:00.000Z',
          weeks: 4,
          thresholds: { shortSeconds: 60, longSeconds: 180 },
          lines: [
            {
              number: '848 821 821',
              name: 'CUP regionale',
              service: 'cup',
              bands: [
                band('08:00', '09:00', 45, 'short'),
                band('09:00', '10:00', 200, 'long'),
                band('10:00', '11:00', null, null),
              ],
            },
          ],
        },
      }),
    );
    renderApp(<WhenToCallPage />);
    const table = await screen.findByRole('table', { name: 'Attese per fascia oraria: CUP regionale' });
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((r) => r.textContent);
    expect(rows).toEqual([
      '08:00–09:00attesa breve20 s45 s4 min 10 s',
      '09:00–10:00attesa lunga20 s3 min 20 s4 min 10 s',
      '10:00–11:00nessun dato———',
    ]);
    expect(screen.queryByRole('note')).toBeNull(); // not simulated
    expect(screen.getByText(/Aggiornato alle 10:00/)).toBeTruthy();
  });
});
