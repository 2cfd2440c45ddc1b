import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, on, renderApp } from '../test/render.tsx';
import type { Campaign, CampaignWork as Work } from './api.ts';
import { CampaignsSection } from './CampaignsSection.tsx';
import { CampaignWork } from './CampaignWork.tsx';
import { NewCampaignForm, parseOutcomes } from './NewCampaignForm.tsx';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("a new campaign's outcomes, one per line", () => {
  it('makes codes from the labels and reads yes or no', () => {
    expect(parseOutcomes('Aderisce allo screening; sì\nNon interessato; no\nNon interessato; no')).toEqual([
      { code: 'aderisce-allo-screening', label: 'Aderisce allo screening', positive: true },
      { code: 'non-interessato', label: 'Non interessato', positive: false },
      { code: 'non-interessato-2', label: 'Non interessato', positive: false },
    ]);
  });

  it('refuses a list without both kinds, or a line without its flag', () => {
    expect(parseOutcomes('A; sì\nB; sì')).toBeNull();
    expect(parseOutcomes('A; sì\nB')).toBeNull();
    expect(parseOutcomes('A; forse\nB; no')).toBeNull();
  });
});

describe("a virtual operator's campaign (OB-5)", () => {
  it('sends the message and the outcomes in key order; the server refusing the message says so on its field', async () => {
    const api = fakeApi(
      on('POST', '/api/v1/campaigns', {
        status: 422,
        body: {
          error: {
            code: 'INVALID_FIELD',
            field: 'message',
            message:
              'unknown placeholders {paziente}: use {nome}, {prestazione}, {data}, {ora}, {struttura}, {codice}',
          },
        },
      }),
    );
    renderApp(<NewCampaignForm />);
    await userEvent.type(screen.getByLabelText('Nome della campagna'), 'Nuove sedi');
    await userEvent.selectOptions(screen.getByLabelText('Canale'), 'voice');
    // No agents' mode or script for the virtual operator.
    expect(screen.queryByLabelText('Modalità di chiamata')).toBeNull();
    expect(screen.queryByLabelText("Copione per l'operatore")).toBeNull();
    const message = screen.getByLabelText('Testo del messaggio');
    expect(message).toHaveAttribute('maxLength', '600');
    expect(message).toHaveAccessibleDescription(/al massimo 600 caratteri/);
    await userEvent.type(message, 'Gentile {{paziente}, da gennaio si visita anche a Lauria');
    const outcomes = screen.getByLabelText(/Il primo è il tasto 1/);
    await userEvent.clear(outcomes);
    await userEvent.type(outcomes, 'Mi interessa; sì{Enter}Non mi interessa; no{Enter}Numero sbagliato; no');
    await userEvent.click(screen.getByRole('button', { name: 'Crea la campagna', hidden: true }));
    const sent = api.calls.find((c) => c.method === 'POST');
    expect(sent?.body).toMatchObject({
      name: 'Nuove sedi',
      channel: 'voice',
      message: 'Gentile {paziente}, da gennaio si visita anche a Lauria',
      dispositions: [
        { code: 'mi-interessa', label: 'Mi interessa', positive: true },
        { code: 'non-mi-interessa', label: 'Non mi interessa', positive: false },
        { code: 'numero-sbagliato', label: 'Numero sbagliato', positive: false },
      ],
    });
    expect(sent?.body).not.toHaveProperty('mode');
    await screen.findByRole('alert', { hidden: true });
    // In Italian, by the error's code and field: what may be wrong with the text.
    expect(message).toHaveAccessibleDescription(
      /usa un segnaposto che non esiste.*campo: testo del messaggio/,
    );
    expect(message).toHaveAttribute('aria-invalid', 'true');
  });

  it('lets the manager hear an example before creating: the words as the server reads them, and the voice', async () => {
    const text =
      'Gentile Mario Rossi, da gennaio anche a Lauria. Sì: prema 1. No: prema 2. Per riascoltare prema 9.';
    const api = fakeApi(
      on('POST', '/api/v1/campaigns/voice-preview', {
        body: { text, audio: '/api/v1/prompts/audio/abc.wav' },
      }),
    );
    renderApp(<NewCampaignForm />);
    await userEvent.selectOptions(screen.getByLabelText('Canale'), 'voice');
    const hear = screen.getByRole('button', { name: 'Ascolta un esempio', hidden: true });
    expect(hear).toBeDisabled(); // nothing to read yet
    await userEvent.type(
      screen.getByLabelText('Testo del messaggio'),
      'Gentile {{nome}, da gennaio anche a Lauria',
    );
    await userEvent.click(hear);
    const preview = await screen.findByTestId('voice-preview');
    expect(preview.textContent).toContain(text);
    const player = within(preview).getByLabelText('Ascolta il messaggio come lo sentirà chi risponde');
    expect(player.tagName).toBe('AUDIO');
    expect(player).toHaveAttribute('src', '/api/v1/prompts/audio/abc.wav');
    expect(api.calls.find((c) => c.method === 'POST')?.body).toEqual({
      message: 'Gentile {nome}, da gennaio anche a Lauria',
      dispositions: [
        { code: 'si', label: 'Sì', positive: true },
        { code: 'no', label: 'No', positive: false },
      ],
    });
    // Nothing is created by listening.
    expect(api.calls.filter((c) => c.path === '/api/v1/campaigns')).toHaveLength(0);
  });

  it('says so when the server has no voice, keeping the words', async () => {
    fakeApi(
      on('POST', '/api/v1/campaigns/voice-preview', { body: { text: 'Ciao. Sì: prema 1.', audio: null } }),
    );
    renderApp(<NewCampaignForm />);
    await userEvent.selectOptions(screen.getByLabelText('Canale'), 'voice');
    await userEvent.type(screen.getByLabelText('Testo del messaggio'), 'Ciao');
    await userEvent.click(screen.getByRole('button', { name: 'Ascolta un esempio', hidden: true }));
    const preview = await screen.findByTestId('voice-preview');
    expect(preview.textContent).toContain('Ciao. Sì: prema 1.');
    expect(preview.textContent).toContain('La voce sintetica non è disponibile');
    expect(preview.querySelector('audio')).toBeNull();
  });

  it('refuses more than eight outcomes (9 repeats) before sending anything', async () => {
    const api = fakeApi();
    renderApp(<NewCampaignForm />);
    await userEvent.type(screen.getByLabelText('Nome della campagna'), 'Troppi');
    await userEvent.selectOptions(screen.getByLabelText('Canale'), 'voice');
    const outcomes = screen.getByLabelText(/Il primo è il tasto 1/);
    await userEvent.clear(outcomes);
    await userEvent.type(
      outcomes,
      Array.from({ length: 9 }, (_, n) => `Esito ${n + 1}; ${n === 0 ? 'sì' : 'no'}`).join('{Enter}'),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Crea la campagna', hidden: true }));
    expect(outcomes).toHaveAccessibleDescription(/da due a otto esiti/);
    expect(api.calls.filter((c) => c.method === 'POST')).toHaveLength(0);
  });
});

describe("a virtual operator's campaign in the list", () => {
  it('shows the words it reads and what each key stands for, and its outcomes by their labels', async () => {
    const campaign: Campaign = {
      id: 'k9',
      name: 'Nuove sedi',
      kind: 'standard',
      channel: 'voice',
      mode: null,
      script: '',
      message: 'Gentile {nome}, da gennaio anche a Lauria. Le interessa?',
      dispositions: [
        { code: 'si', label: 'Sì', positive: true, key: '1' },
        { code: 'no', label: 'No', positive: false, key: '2' },
      ],
      maxAttempts: 3,
      retryMinutes: 60,
      hours: { from: '09:00', to: '19:00', everyDay: false },
      status: 'active',
      target: { type: 'csv', rows: 2 },
      createdAt: '2026-12-07T09:00:00.000Z',
      kpi: {
        contacts: 2,
        pending: 0,
        inProgress: 0,
        done: 2,
        positive: 1,
        positiveShare: 0.5,
        positiveGoalMet: true,
        byDisposition: { si: 1, 'no-key': 1 },
        batches: [],
        batchesOnTime: 0,
        batchesLate: 0,
      },
    };
    fakeApi(
      on('GET', '/api/v1/campaigns', { body: { items: [campaign] } }),
      on('GET', '/api/v1/auth/me', {
        body: { id: 'u1', username: 'responsabile', displayName: 'R', roles: ['cup-manager'] },
      }),
    );
    renderApp(<CampaignsSection />);
    const row = await screen.findByRole('row', { name: /Nuove sedi/ });
    expect(row.textContent).toContain('operatore virtuale');
    const summary = screen.getByText('Lotti da 100 contatti di «Nuove sedi»', { selector: 'summary' });
    await userEvent.click(summary);
    const details = summary.closest('details')!;
    expect(details.textContent).toContain(
      'Testo del messaggio: Gentile {nome}, da gennaio anche a Lauria. Le interessa?',
    );
    expect(details.textContent).toContain('Tasti: 1: Sì · 2: No');
    const outcomes = within(details).getByRole('table', { name: 'Esiti' });
    expect(within(outcomes).getByRole('row', { name: /Sì/ }).textContent).toBe('Sì1');
    expect(within(outcomes).getByRole('row', { name: /nessun tasto/ }).textContent).toBe(
      'Risponde, nessun tasto premuto1',
    );
  });
});

const contact: NonNullable<Work['contact']> = {
  id: 'c1',
  campaignId: 'k1',
  campaignName: 'Chiusura ambulatorio',
  mode: 'preview',
  script: 'Buongiorno, la chiamo dal CUP.',
  dispositions: [
    { code: 'moved', label: 'Spostato a una nuova data', positive: true },
    { code: 'will-call', label: 'Informato: richiamerà il CUP', positive: false },
  ],
  name: 'Maria Rossi',
  fiscalCode: 'RSSMRA50C55G942X',
  phone: '+393331234567',
  note: null,
  attempts: 1,
  maxAttempts: 3,
  appointment: {
    code: 'PRN-AB12-CD34',
    service: 'Visita cardiologica',
    start: '2026-12-21T07:30:00.000Z',
    facility: 'Poliambulatorio Potenza',
  },
  call: { state: 'ended', legId: 'k123' },
};

describe('a campaign contact in the console', () => {
  it('shows the script and the booking on the Rome clock, and records the outcome chosen', async () => {
    const work: Work = { label: 'simulazione', campaigns: [], contact, lastAttempt: null };
    const api = fakeApi(
      on('GET', '/api/v1/campaigns/work', { body: work }),
      on('POST', '/api/v1/campaigns/work/outcome', { body: { ...work, contact: null } }),
    );
    const opened: string[] = [];
    renderApp(<CampaignWork lineVersion={1} onPatient={(cf) => opened.push(cf)} />);
    const card = await screen.findByTestId('campaign-contact');
    expect(card.textContent).toContain('Buongiorno, la chiamo dal CUP.');
    // 07:30 UTC in December is 08:30 in Rome.
    expect(card.textContent).toMatch(/21\/12\/2026.*08:30/);
    expect(within(card).getByRole('button', { name: 'Chiama' })).toBeEnabled();
    await userEvent.click(within(card).getByRole('button', { name: 'Apri il paziente nella console' }));
    expect(opened).toEqual(['RSSMRA50C55G942X']);
    const record = within(card).getByRole('button', { name: 'Registra esito' });
    expect(record).toBeDisabled();
    await userEvent.click(within(card).getByLabelText('Spostato a una nuova data'));
    await userEvent.type(within(card).getByLabelText('Nota (facoltativa)'), 'Spostato al 22');
    await userEvent.click(record);
    const sent = api.calls.find((c) => c.method === 'POST');
    expect(sent?.body).toEqual({ code: 'moved', note: 'Spostato al 22' });
  });

  it('keeps the outcome closed while the call rings', async () => {
    const work: Work = {
      label: 'simulazione',
      campaigns: [],
      contact: { ...contact, call: { state: 'ringing', legId: 'k1' } },
      lastAttempt: null,
    };
    fakeApi(on('GET', '/api/v1/campaigns/work', { body: work }));
    renderApp(<CampaignWork lineVersion={1} />);
    const card = await screen.findByTestId('campaign-contact');
    expect(within(card).getByRole('button', { name: 'Chiama' })).toBeDisabled();
    expect(within(card).getByLabelText('Spostato a una nuova data')).toBeDisabled();
  });
});
