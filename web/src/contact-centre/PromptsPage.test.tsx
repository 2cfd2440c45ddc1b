import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Schema } from '../lib/openapi.ts';
import { fakeApi, on, renderApp } from '../test/render.tsx';
import { MAX_RECORDING_BYTES, PromptsPage } from './PromptsPage.tsx';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

type IvrPrompt = Schema<'IvrPrompt'>;
const welcome: IvrPrompt = {
  key: '0123456789abcdef',
  name: 'ivr-cup-benvenuto',
  id: 'ivr:cup/benvenuto',
  text: 'Benvenuto nel Centro Unico di Prenotazione.',
  recorded: false,
  formerRecordings: [],
};
const API = '/api/v1/contact-centre/prompts';

describe('voice prompts page', { timeout: 20_000 }, () => {
  it('sends the chosen WAV as base64 and shows the recording as the voice', async () => {
    let recorded = false;
    const { calls } = fakeApi(
      on('GET', API, () => ({ body: { prompts: [{ ...welcome, recorded }] } })),
      on('PUT', `${API}/${welcome.key}/recording`, () => {
        recorded = true;
        return { body: { ...welcome, recorded: true } };
      }),
    );
    const user = userEvent.setup();
    renderApp(<PromptsPage />);
    const row = (await screen.findByText('ivr-cup-benvenuto')).closest('tr')!;
    expect(row).toHaveTextContent('Voce sintetica');
    const bytes = new Uint8Array([82, 73, 70, 70, 0, 255, 128, 7]);
    await user.upload(
      within(row).getByLabelText('Carica registrazione di «ivr-cup-benvenuto»'),
      new File([bytes], 'benvenuto.wav', { type: 'audio/wav' }),
    );
    await waitFor(() => expect(row).toHaveTextContent('Registrazione della Regione'));
    // Each control's name begins with the words it shows (WCAG 2.5.3, label in name).
    expect(within(row).getByText('Sostituisci registrazione')).toBeVisible();
    expect(within(row).getByLabelText('Sostituisci registrazione di «ivr-cup-benvenuto»')).toBeDefined();
    // The same bytes, encoded here by Node's own base64.
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({
      audio: Buffer.from(bytes).toString('base64'),
    });
    expect(
      within(row).getByRole('button', { name: 'Rimuovi registrazione di «ivr-cup-benvenuto»' }),
    ).toBeVisible();
  });

  it('says why a file was refused, next to the prompt, and refuses a too large one without sending it', async () => {
    const { calls } = fakeApi(
      on('GET', API, { body: { prompts: [welcome] } }),
      on('PUT', `${API}/${welcome.key}/recording`, {
        status: 422,
        body: { error: { code: 'INVALID_FIELD', message: 'not a WAV file', field: 'audio' } },
      }),
    );
    const user = userEvent.setup();
    renderApp(<PromptsPage />);
    const row = (await screen.findByText('ivr-cup-benvenuto')).closest('tr')!;
    const input = within(row).getByLabelText('Carica registrazione di «ivr-cup-benvenuto»');
    await user.upload(input, new File(['hello'], 'x.wav', { type: 'audio/wav' }));
    expect(await within(row).findByRole('alert')).toHaveTextContent('serve un WAV PCM a 16 bit, mono');
    expect(input).toHaveAttribute('aria-invalid', 'true');

    await user.upload(
      input,
      new File([new Uint8Array(MAX_RECORDING_BYTES + 1)], 'big.wav', { type: 'audio/wav' }),
    );
    expect(await within(row).findByRole('alert')).toHaveTextContent('al massimo 6 MB');
    expect(calls.filter((c) => c.method === 'PUT')).toHaveLength(1);
  });

  it('says when the synthetic voice cannot be played (no espeak-ng on the server)', async () => {
    fakeApi(on('GET', API, { body: { prompts: [welcome] } }));
    renderApp(<PromptsPage />);
    const row = (await screen.findByText('ivr-cup-benvenuto')).closest('tr')!;
    expect(within(row).queryByTestId('unplayable')).toBeNull();
    const player = within(row).getByLabelText('Ascolta «ivr-cup-benvenuto»');
    expect(player).toHaveAttribute('src', `${API}/${welcome.key}/audio`);
    fireEvent.error(player);
    expect(within(row).getByTestId('unplayable')).toHaveTextContent('serve espeak-ng');
  });

  it('shows the words of a recording made before an edit, and removes it on request', async () => {
    let former = ['Benvenuto nel CUP della Regione.'];
    const { calls } = fakeApi(
      on('GET', API, () => ({ body: { prompts: [{ ...welcome, formerRecordings: former }] } })),
      on('DELETE', `${API}/${welcome.key}/former-recordings`, () => {
        former = [];
        return { body: welcome };
      }),
    );
    renderApp(<PromptsPage />);
    const note = await screen.findByTestId('former-recordings');
    expect(note).toHaveTextContent(
      'Registrazione di un testo precedente, non più riprodotta: «Benvenuto nel CUP della Regione.»',
    );
    fireEvent.click(
      within(note).getByRole('button', {
        name: 'Elimina le registrazioni precedenti di «ivr-cup-benvenuto»',
      }),
    );
    await waitFor(() => expect(screen.queryByTestId('former-recordings')).toBeNull());
    expect(calls.filter((c) => c.method === 'DELETE').map((c) => c.path)).toEqual([
      `${API}/${welcome.key}/former-recordings`,
    ]);
  });
});
