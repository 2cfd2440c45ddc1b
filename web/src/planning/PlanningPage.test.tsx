import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, on, renderApp } from '../test/render.tsx';
import { cappedPlan, plan, whatIf } from './fixtures.ts';
import { PlanningPage } from './PlanningPage.tsx';

const nbsp = (s: string | null | undefined) => (s ?? '').replace(/[\u00a0\u202f]/g, ' ');

beforeEach(() => {
  // jsdom has no canvas: ECharts then measures text roughly, which is all these tests need.
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const ERLANG_C = {
  model: 'c',
  trafficErlangs: 10,
  agents: 14,
  probabilityOfWaiting: 0.17413193359504983,
  serviceLevel: 0.8883500191794669,
  averageSpeedOfAnswerSeconds: 7.835937011777243,
  occupancy: 0.7142857142857143,
  probabilityOfAbandoning: 0,
  targetSeconds: 20,
  agentsNeeded: 15,
};

/** The figure a description list gives for a label. */
function figure(container: HTMLElement, label: RegExp): string {
  const dt = within(container).getByText(label, { selector: 'dt' });
  return nbsp(dt.nextElementSibling?.textContent);
}

describe('planning page', () => {
  it('runs the Erlang calculator from the keyboard and shows the figures the Italian way', async () => {
    const { calls } = fakeApi(on('GET', /^\/api\/v1\/planning\/erlang\?/, { body: ERLANG_C }));
    const user = userEvent.setup();
    renderApp(<PlanningPage />);

    const calculator = screen.getByRole('region', { name: 'Calcolatore Erlang' });
    const field = (name: RegExp) => within(calculator).getByRole('textbox', { name });
    await user.type(field(/^Chiamate offerte nel periodo/), '100');
    await user.clear(field(/^Durata del periodo/));
    await user.type(field(/^Durata del periodo/), '1800');
    await user.type(field(/^Tempo medio di gestione/), '180');
    await user.type(field(/^Operatori/), '14');
    await user.clear(field(/^Tempo obiettivo/));
    await user.type(field(/^Tempo obiettivo/), '20{Enter}');

    const result = await screen.findByTestId('erlang-result');
    const sent = new URL(calls[0]!.path, 'http://x').searchParams;
    expect(Object.fromEntries(sent)).toEqual({
      model: 'c',
      calls: '100',
      period: '1800',
      aht: '180',
      agents: '14',
      target: '20',
      serviceLevel: '0.9',
    });
    expect(figure(result, /^Livello di servizio \(risposta entro 20 s\)/)).toBe('88,8%');
    expect(figure(result, /^Probabilità di attesa/)).toBe('17,4%');
    expect(figure(result, /^Tempo medio di risposta/)).toBe('7,8 s');
    expect(figure(result, /^Occupazione/)).toBe('71,4%');
    expect(figure(result, /^Operatori necessari \(90% entro 20 s\)/)).toBe('15');
    expect(figure(result, /^Traffico offerto/)).toBe('10,00 Erlang');
    await waitFor(() => expect(screen.getByTestId('announcer')).toHaveTextContent(/88,8%/));
  });

  it('shows the fields of the chosen model and puts errors next to them', async () => {
    const { calls } = fakeApi();
    const user = userEvent.setup();
    renderApp(<PlanningPage />);
    const calculator = screen.getByRole('region', { name: 'Calcolatore Erlang' });

    await user.selectOptions(within(calculator).getByLabelText('Modello'), 'b');
    expect(within(calculator).queryByRole('textbox', { name: /^Operatori/ })).toBeNull();
    expect(within(calculator).getByRole('textbox', { name: /^Linee/ })).toBeInTheDocument();

    await user.click(within(calculator).getByRole('button', { name: 'Calcola' }));
    const calls_ = within(calculator).getByRole('textbox', { name: /^Chiamate offerte/ });
    expect(calls_).toHaveAttribute('aria-invalid', 'true');
    expect(calls_).toHaveAccessibleDescription('Campo obbligatorio.');
    expect(calls_).toHaveFocus();
    expect(calls).toEqual([]);
  });

  it('plans a month: FTE, peak agents, channels with the CC-5 flag, charts and their data table', async () => {
    const { calls } = fakeApi(on('POST', '/api/v1/planning/plan', { body: plan }));
    const user = userEvent.setup();
    renderApp(<PlanningPage />);
    const month = screen.getByRole('region', { name: 'Piano del mese' });

    await user.selectOptions(within(month).getByLabelText('Intervallo'), '60');
    await user.click(within(month).getByRole('button', { name: 'Calcola il piano' }));
    const result = await screen.findByTestId('plan-result');
    expect(calls[0]!.body).toMatchObject({
      scenario: 'cup-2013',
      intervalMinutes: 60,
      model: 'c',
      serviceLevel: 0.9,
      targetSeconds: 20,
      shrinkage: 0.3,
    });
    expect(screen.getByTestId('plan-fte')).toHaveTextContent('34,3');
    expect(screen.getByTestId('plan-peak')).toHaveTextContent('25');
    expect(screen.getByTestId('plan-channels')).toHaveTextContent('60');
    expect(screen.getByTestId('cc5-flag')).toHaveTextContent(/Canali sufficienti/);

    // The peak day first; the charts are images with a text summary, the table holds the figures.
    const day = within(result).getByLabelText('Giorno');
    expect(day).toHaveValue('2026-12-03');
    expect(
      within(day)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual([
      'mar 1 dic — picco di 14 operatori alle 08:00',
      'gio 3 dic — picco di 25 operatori alle 08:30',
    ]);
    const agents = await screen.findByTestId('chart-agents');
    expect(agents).toHaveAttribute('role', 'img');
    expect(agents).toHaveAccessibleName(/Picco di 25 operatori pianificati alle 08:30/);
    expect(screen.getByTestId('chart-service-level')).toHaveAccessibleName(/Il più basso è 90,1% alle 08:30/);
    const table = within(result).getByRole('table', { name: 'Dati per intervallo, gio 3 dic' });
    const cells = within(table)
      .getAllByRole('row')
      .map((r) =>
        within(r)
          .queryAllByRole('cell')
          .map((c) => c.textContent),
      );
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual([
      'Ora',
      'Chiamate',
      'Carico offerto (Erlang)',
      'Operatori richiesti dagli obiettivi',
      'Operatori pianificati',
      'Livello di servizio (modello, operatori pianificati)',
      'Sotto l’obiettivo',
      'Canali necessari (Erlang B)',
    ]);
    expect(cells[2]).toEqual(['142,3', '17,80', '25', '25', '90,1%', 'no', '28']);
    // Without a staffing rule the plan is the requirement: one FTE, nothing below the target.
    expect(screen.getByTestId('plan-staffing')).toHaveTextContent(
      'Personale pianificato: in ogni intervallo gli operatori richiesti dagli obiettivi.',
    );
    expect(screen.queryByTestId('plan-fte-needed')).toBeNull();
    expect(screen.getByTestId('plan-below')).toHaveTextContent('0 su 4');

    await user.selectOptions(day, '2026-12-01');
    expect(within(result).getByRole('table', { name: 'Dati per intervallo, mar 1 dic' })).toBeInTheDocument();
    expect(screen.getByTestId('chart-agents')).toHaveAccessibleName(/Picco di 14 operatori/);
  });

  it('plans a capped staffing: both counts in the figures, the chart, the table and the what-if', async () => {
    const { calls } = fakeApi(
      on('POST', '/api/v1/planning/plan', { body: cappedPlan }),
      on('POST', '/api/v1/planning/what-if', { body: { ...whatIf, plan: cappedPlan } }),
    );
    const user = userEvent.setup();
    renderApp(<PlanningPage />);
    const month = screen.getByRole('region', { name: 'Piano del mese' });
    const staffing = within(month).getByRole('group', { name: 'Personale pianificato' });
    expect(staffing).toHaveAccessibleDescription(/Gli operatori che avrai davvero/);
    await user.selectOptions(within(staffing).getByLabelText('Operatori per intervallo'), 'cap');
    const cap = within(staffing).getByRole('textbox', { name: /^Operatori al massimo/ });
    expect(cap).toHaveAccessibleDescription(/non più di questi/);

    // Checked before sending: a cap must be a whole number of agents.
    await user.type(cap, '2,5');
    await user.click(within(month).getByRole('button', { name: 'Calcola il piano' }));
    expect(cap).toHaveAttribute('aria-invalid', 'true');
    expect(cap).toHaveAccessibleDescription(/Scrivi un numero intero di operatori/);
    expect(calls).toEqual([]);

    await user.clear(cap);
    await user.type(cap, '20');
    await user.click(within(month).getByRole('button', { name: 'Calcola il piano' }));
    const result = await screen.findByTestId('plan-result');
    expect(calls[0]!.body).toMatchObject({ scenario: 'cup-2013', staffing: { maxAgents: 20 } });
    expect(screen.getByTestId('plan-staffing')).toHaveTextContent('gli operatori richiesti, al massimo 20.');
    expect(figure(result, /^FTE pianificati/)).toBe('33,1');
    expect(figure(result, /^FTE necessari/)).toBe('34,3');
    expect(figure(result, /^Operatori pianificati al picco/)).toBe('20');
    expect(figure(result, /^Operatori richiesti al picco/)).toBe('25');
    expect(figure(result, /^Livello di servizio del modello/)).toBe('85,1%');
    expect(figure(result, /^Livello di servizio con gli operatori richiesti/)).toBe('92,3%');
    expect(figure(result, /^Intervalli sotto l’obiettivo \(90%\)/)).toBe('1 su 4');
    await waitFor(() =>
      expect(screen.getByTestId('announcer')).toHaveTextContent(
        'Piano calcolato: 33,1 FTE pianificati su 34,3 necessari, 1 intervalli sotto l’obiettivo, 60 canali.',
      ),
    );

    // The day whose traffic requires most comes first, and says it has an interval below the target.
    const day = within(result).getByLabelText('Giorno');
    expect(day).toHaveValue('2026-12-03');
    expect(within(day).getByRole('option', { selected: true })).toHaveTextContent(
      'gio 3 dic — picco di 20 operatori alle 08:00, 1 intervalli sotto l’obiettivo',
    );
    expect(await screen.findByTestId('chart-agents')).toHaveAccessibleName(
      /Picco di 20 operatori pianificati alle 08:00; al massimo 25 richiesti dagli obiettivi \(alle 08:30\)\. 1 intervalli su 2 sotto l’obiettivo\./,
    );
    expect(screen.getByTestId('chart-service-level')).toHaveAccessibleName(/Il più basso è 43,8% alle 08:30/);
    const table = within(result).getByRole('table', { name: 'Dati per intervallo, gio 3 dic' });
    const rows = within(table).getAllByRole('row');
    const cells = (r: HTMLElement) =>
      within(r)
        .queryAllByRole('cell')
        .map((c) => c.textContent);
    expect(cells(rows[1]!)).toEqual(['80,0', '10,00', '20', '20', '90,5%', 'no', '17']);
    expect(cells(rows[2]!)).toEqual(['142,3', '17,80', '25', '20', '43,8%', 'sì', '28']);

    // The what-if simulates the same staffing.
    const panel = screen.getByRole('region', { name: /^Simulazione what-if/ });
    await user.click(within(panel).getByRole('button', { name: 'Esegui la simulazione' }));
    await screen.findByTestId('what-if-result');
    const sent = calls.find((c) => c.path === '/api/v1/planning/what-if');
    expect(sent!.body).toMatchObject({ staffing: { maxAgents: 20 }, replications: 5 });
  });

  it('loads a roster from a JSON file, lists its bands and puts the server’s refusal next to it', async () => {
    const { calls } = fakeApi(
      on('POST', '/api/v1/planning/plan', {
        status: 422,
        body: {
          error: {
            code: 'INVALID_FIELD',
            message: 'staffing.roster.1.to must be after from (14:00)',
            field: 'staffing.roster.1.to',
          },
        },
      }),
    );
    const user = userEvent.setup();
    renderApp(<PlanningPage />);
    const month = screen.getByRole('region', { name: 'Piano del mese' });
    await user.selectOptions(within(month).getByLabelText('Operatori per intervallo'), 'roster');
    const input = within(month).getByLabelText(/^File del turno \(JSON\)/);
    expect(input).toHaveAccessibleDescription(/Le fasce sovrapposte si sommano/);

    // Without a file, nothing is sent.
    await user.click(within(month).getByRole('button', { name: 'Calcola il piano' }));
    expect(input).toHaveAccessibleDescription(/Scegli il file JSON del turno/);
    expect(calls).toEqual([]);

    await user.upload(input, new File(['not json'], 'turni.json', { type: 'application/json' }));
    expect(await within(month).findByText('Il file non è un JSON valido.')).toBeInTheDocument();

    const bands = [
      { from: '08:00', to: '14:00', agents: 20, weekdays: ['mon', 'tue'] },
      { from: '14:00', to: '13:00', agents: 12 },
    ];
    await user.upload(input, new File([JSON.stringify(bands)], 'turni.json', { type: 'application/json' }));
    const loaded = await within(month).findByTestId('roster-loaded');
    expect(loaded).toHaveTextContent('Caricato turni.json: 2 fasce.');
    expect(
      within(loaded)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['08:00–14:00: 20 operatori (lun, mar)', '14:00–13:00: 12 operatori (tutti i giorni)']);
    await user.click(within(month).getByRole('button', { name: 'Calcola il piano' }));
    await waitFor(() => expect(input).toHaveAttribute('aria-invalid', 'true'));
    expect(calls[0]!.body).toMatchObject({ staffing: { roster: bands } });
    // The band the server names, in the UI's language (its own words are English).
    expect(input).toHaveAccessibleDescription(/Valore non valido\. \(campo: fascia 2 del turno\)/);
    // Next to the file input, not as a general alert as well.
    expect(month.querySelector('.alert-danger')).toBeNull();
  });

  it('flags CC-5 when two consecutive bands saturate', async () => {
    const saturated = {
      ...plan,
      channels: {
        ...plan.channels,
        cc5: {
          saturatedBands: [
            { date: '2026-12-03', band: '08:00', blocking: 0.02 },
            { date: '2026-12-03', band: '09:00', blocking: 0.03 },
          ],
          consecutiveSaturation: true,
          steps: [72],
          channelsAfterRule: 72,
        },
      },
    };
    fakeApi(on('POST', '/api/v1/planning/plan', { body: saturated }));
    const user = userEvent.setup();
    renderApp(<PlanningPage />);
    await user.click(screen.getByRole('button', { name: 'Calcola il piano' }));
    expect(await screen.findByTestId('cc5-flag')).toHaveTextContent(
      'Regola del +20% attivata: saturazione in due fasce orarie consecutive. 2 fasce sature; i canali crescono del 20% a ogni passo: 60 → 72.',
    );
    expect(screen.getByTestId('plan-channels')).toHaveTextContent('72');
  });

  it('puts the server’s refusal next to the field it names', async () => {
    fakeApi(
      on('POST', '/api/v1/planning/plan', {
        status: 422,
        body: { error: { code: 'INVALID_FIELD', message: 'month must be YYYY-MM', field: 'month' } },
      }),
    );
    const user = userEvent.setup();
    renderApp(<PlanningPage />);
    await user.click(screen.getByRole('button', { name: 'Calcola il piano' }));
    const month = screen.getByLabelText('Mese');
    await waitFor(() => expect(month).toHaveAttribute('aria-invalid', 'true'));
    expect(month).toHaveAccessibleDescription(/Valore non valido\. \(campo: mese\)/);
    expect(screen.queryByTestId('plan-result')).toBeNull();
  });

  it('runs the what-if with a visible busy state and labels the results as a simulation', async () => {
    let answer: (r: Response) => void = () => {};
    const { calls, fetchMock } = fakeApi(on('POST', '/api/v1/planning/plan', { body: plan }));
    const user = userEvent.setup();
    renderApp(<PlanningPage />);
    await user.click(screen.getByRole('button', { name: 'Calcola il piano' }));
    await screen.findByTestId('plan-result');

    const panel = screen.getByRole('region', { name: /^Simulazione what-if/ });
    await user.clear(within(panel).getByRole('textbox', { name: /^Repliche/ }));
    await user.type(within(panel).getByRole('textbox', { name: /^Repliche/ }), '3');
    fetchMock.mockImplementationOnce(async (input, init) => {
      calls.push({ method: 'POST', path: String(input), body: JSON.parse(String(init?.body)), headers: {} });
      return new Promise<Response>((resolve) => {
        answer = resolve;
      });
    });
    const run = within(panel).getByRole('button', { name: 'Esegui la simulazione' });
    await user.click(run);

    // Busy: the button says so and stays focusable, the status tells how long it may take.
    expect(run).toHaveTextContent('Simulazione in corso…');
    expect(run).toHaveAttribute('aria-disabled', 'true');
    expect(within(panel).getByRole('status')).toHaveTextContent(/può richiedere da 10 a 30 secondi/);
    expect(screen.getByTestId('what-if-elapsed')).toBeInTheDocument();
    await user.click(run); // a second click while busy does not start another run
    const sent = calls.filter((c) => c.path === '/api/v1/planning/what-if');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toMatchObject({ scenario: 'cup-2013', replications: 3, seed: 1 });

    answer(
      new Response(JSON.stringify(whatIf), { status: 200, headers: { 'content-type': 'application/json' } }),
    );
    const result = await screen.findByTestId('what-if-result');
    expect(run).toHaveTextContent('Esegui la simulazione');
    expect(within(panel).getByText('simulazione', { selector: '.badge' })).toBeInTheDocument();
    expect(result).toHaveTextContent('Risultati di una simulazione, non misure reali.');
    expect(result).toHaveTextContent('Media di 5 repliche (semi 1–5)');

    const figures = within(result).getByRole('table', { name: 'Indicatori simulati del mese' });
    const row = (name: RegExp) =>
      Array.from(
        within(figures).getByRole('rowheader', { name }).closest('tr')!.querySelectorAll('td'),
        (c) => nbsp(c.textContent),
      );
    expect(row(/^Livello di servizio/)).toEqual(['97,3%', '95,1% – 99,5%']);
    expect(row(/^Abbandono/)).toEqual(['1,1%', '0,2% – 2,0%']);
    expect(row(/^Chiamate con risposta/)).toEqual(['98,0%', '95,9% – 100,0%']);
    expect(row(/^Tempo medio di risposta/)).toEqual(['3,4 s', '2,3 s – 4,5 s']);

    const penalties = within(result).getByRole('table', { name: /^Penali del mese/ });
    expect(within(penalties).getByRole('rowheader', { name: /primo contatto/ })).toHaveAttribute(
      'lang',
      'it',
    );
    expect(nbsp(screen.getByTestId('penalty-total').textContent)).toBe('2,5%1,3% – 3,7%');
    // In euros too, since the fixture's what-if had a service value: the rule's and the total.
    expect(within(penalties).getAllByText('2.500 €', { normalizer: nbsp })).toHaveLength(2);

    // The simulated service level joins the model's in the day's table.
    const table = screen.getByRole('table', { name: 'Dati per intervallo, gio 3 dic' });
    expect(
      within(table).getByRole('columnheader', { name: 'Livello di servizio (simulazione)' }),
    ).toBeInTheDocument();
    expect(within(table).getAllByRole('row')[1]).toHaveTextContent('95,0%');
    await waitFor(() =>
      expect(screen.getByTestId('announcer')).toHaveTextContent(
        /Simulazione completata: livello di servizio 97,3%/,
      ),
    );
  });

  it('speaks English when asked to', async () => {
    fakeApi(on('GET', /^\/api\/v1\/planning\/erlang\?/, { body: ERLANG_C }));
    const user = userEvent.setup();
    renderApp(<PlanningPage />, { lang: 'en' });
    const calculator = screen.getByRole('region', { name: 'Erlang calculator' });
    await user.type(within(calculator).getByRole('textbox', { name: /^Calls offered/ }), '100');
    await user.type(within(calculator).getByRole('textbox', { name: /^Average handling time/ }), '180');
    await user.type(within(calculator).getByRole('textbox', { name: /^Agents/ }), '14{Enter}');
    const result = await screen.findByTestId('erlang-result');
    expect(figure(result, /^Service level/)).toBe('88.8%');
  });
});
