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
          availability: {
            source: 'Capitolato',
            measuredFrom: '2026-10-31T23:00:00.000Z',
            ivr: { measured: 0.9412, threshold: 0.95, met: false, points: 0, penaltyShare: 0 },
            downMinutes: 2541,
            maintenanceMinutes: 120,
            technical: { downWorkingMinutes: 89, workingHours: 2, penaltyEuro: 10000 },
            outages: [],
          },
          outbound: {
            calls: 200,
            positive: 90,
            positiveShare: 0.45,
            met: false,
            points: 5,
            positivePenaltyShare: 0.05,
            batches: [
              {
                campaignId: '00000000-0000-4000-8000-000000000001',
                campaign: 'Richiamo',
                batch: 2,
                startedAt: '2026-11-11T08:00:00.000Z',
                finishedAt: '2026-11-13T14:10:00.000Z',
                operatingHours: 26.17,
                lateHours: 3,
              },
            ],
            lateHours: 3,
            latePenaltyShare: 0.09,
            penaltyShare: 0.14,
            penaltyEuro: null,
          },
          turnover: {
            from: '2026-01-01',
            to: '2026-11-30',
            final: false,
            leavers: 3,
            hires: 4,
            averageHeadcount: 18.5,
            rate: 3 / 18.5,
            threshold: 0.15,
            met: false,
            penaltyShare: 0,
            penaltyEuro: null,
          },
          helpdesk: [
            {
              id: 'risposta-contatti-scritti',
              description: 'Risposta ai contatti scritti',
              measured: 40,
              met: 38,
              excluded: 2,
              share: 0.95,
              threshold: 1,
              points: 5,
              penaltyShare: 0.025,
              penaltyEuro: 2500,
              byQueue: [],
            },
            {
              id: 'risolte-secondo-livello',
              description: 'Risolte al secondo livello',
              measured: 10,
              met: 9,
              excluded: 1,
              share: 0.9,
              threshold: 0.9,
              points: 0,
              penaltyShare: 0,
              penaltyEuro: 0,
              byQueue: [],
            },
            {
              id: 'tempo-soluzione-secondo-livello',
              description: 'Tempo di soluzione',
              measured: 0,
              met: 0,
              excluded: 0,
              share: null,
              threshold: 0.8,
              points: 0,
              penaltyShare: 0,
              penaltyEuro: null,
              byQueue: [],
            },
          ],
          reportDelivery: {
            deadline: '2026-12-15',
            deliveredAt: null,
            lateWorkingDays: 3,
            penaltyEuro: 1500,
          },
        },
      }),
      on('GET', '/api/v1/reporting/maintenance', { body: [] }),
      on('GET', '/api/v1/reporting/reports', { body: [] }),
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
    // MR-5: the IVR's continuity and the technical unavailability, with the penalty in euro.
    const availability = screen.getByTestId('availability');
    expect(availability.textContent).toMatch(/disponibile 94,12\s?% del tempo \(almeno 95\s?%/);
    expect(availability.textContent).toMatch(
      /89 minuti, 2 ore lavorative iniziate \(10\.000,00\s?€ di penale\)/,
    );
    // MR-5: the help desk's levels, each with its figure and penalty.
    const helpdesk = screen.getByTestId('helpdesk-levels');
    const rows = within(helpdesk).getAllByRole('row');
    expect(rows[1]!.textContent).toMatch(
      /95(,0)?\s?% \(38 su 40\).*2 ancora aperti.*100\s?%.*5 punti sotto la soglia: 2,5\s?% del valore del servizio \(2\.?500,00\s?€\)/,
    );
    expect(rows[2]!.textContent).toMatch(/1 passati al terzo livello.*rispettato/);
    expect(rows[3]!.textContent).toContain('nessun caso');
    // Seed 003 §6: the turnover so far this year, above 15% but not final until December.
    const turnover = screen.getByTestId('turnover');
    expect(turnover.textContent).toMatch(/16,2\s?%: 3 cessazioni su 18,5 operatori in media \(4 ingressi\)/);
    expect(within(turnover).getByText('oltre la soglia')).toBeTruthy();
    expect(turnover.textContent).toContain('Anno in corso');
  });
});
