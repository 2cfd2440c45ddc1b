import { fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, on, renderApp } from '../test/render.tsx';
import { ReportsSection } from './ReportsSection.tsx';

afterEach(() => {
  vi.unstubAllGlobals();
});

const me = { id: 'u-m', username: 'responsabile', roles: ['cup-manager'], operatorCode: null };
const summary = {
  id: '00000000-0000-4000-8000-000000000001',
  kind: 'monthly',
  period: '2026-11',
  from: '2026-10-31T23:00:00.000Z',
  to: '2026-11-30T23:00:00.000Z',
  version: 1,
  generatedAt: '2026-12-01T01:30:00.000Z',
  generatedBy: null,
};
const line = {
  line: '848821821',
  channels: 60,
  peak: 60,
  arrived: 70_000,
  busy: 35,
  bands: [],
  saturatedBands: 3,
  consecutiveSaturations: ['2026-11-09T09:30:00+01:00'],
  recommendation: { from: 60, channels: 72, pairs: 1, firstPair: '2026-11-09T09:30:00+01:00' },
};

describe('the stored reports on the Report page', () => {
  it('lists reports with their files, shows the +20% rule and records a decision', async () => {
    const { calls } = fakeApi(
      on('GET', '/api/v1/auth/me', { body: me }),
      on('GET', '/api/v1/reporting/reports', { body: [summary] }),
      on('GET', `/api/v1/reporting/reports/${summary.id}`, {
        body: {
          ...summary,
          data: { sources: ['simulazione'], occupancy: [line] },
          decisions: [],
        },
      }),
      on('POST', `/api/v1/reporting/reports/${summary.id}/capacity-decisions`, {
        status: 201,
        body: { id: 'd1' },
      }),
    );
    renderApp(<ReportsSection />);
    const row = await screen.findByTestId('report-row');
    expect(row.textContent).toContain('processo pianificato');
    expect(
      within(row)
        .getByRole('link', { name: /PDF del report 2026-11/ })
        .getAttribute('href'),
    ).toBe(`/api/v1/reporting/reports/${summary.id}?format=pdf`);
    fireEvent.click(within(row).getByRole('button'));
    const rec = await screen.findByTestId('recommendation');
    expect(rec.textContent).toMatch(/da 60 a 72/);
    const channels = screen.getByLabelText('Canali decisi') as HTMLInputElement;
    expect(channels.value).toBe('72');
    fireEvent.change(screen.getByLabelText('Nota (facoltativa)'), { target: { value: 'ordine al carrier' } });
    fireEvent.click(screen.getByRole('button', { name: /Registra la decisione/ }));
    expect(await screen.findByText('Decisione registrata.')).toBeTruthy();
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      line: '848821821',
      channels: 72,
      note: 'ordine al carrier',
    });
  });

  it('says which field is wrong when a period cannot be reported', async () => {
    fakeApi(
      on('GET', '/api/v1/auth/me', { body: me }),
      on('GET', '/api/v1/reporting/reports', { body: [] }),
      on('POST', '/api/v1/reporting/reports', {
        status: 422,
        body: { error: { code: 'INVALID_FIELD', message: 'the period is not over yet', field: 'period' } },
      }),
    );
    renderApp(<ReportsSection />);
    expect(await screen.findByText('Nessun report ancora.')).toBeTruthy();
    fireEvent.click(await screen.findByRole('button', { name: 'Genera il report' }));
    const input = screen.getByLabelText('Mese del report');
    expect((await screen.findByRole('alert')).textContent).toBeTruthy();
    expect(input.className).toContain('is-invalid');
  });
});
