import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, on, renderApp } from '../test/render.tsx';
import type { CampaignWork as Work } from './api.ts';
import { CampaignWork } from './CampaignWork.tsx';
import { parseOutcomes } from './NewCampaignForm.tsx';

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
