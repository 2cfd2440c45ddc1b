import { fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, on, renderApp } from '../test/render.tsx';
import { TrainingCall } from './TrainingCall.tsx';

afterEach(() => {
  vi.unstubAllGlobals();
});

const CHOICES = {
  label: 'simulazione',
  lines: [
    {
      line: '848821821',
      name: 'CUP regionale',
      choices: [
        { digits: '1', label: 'Prenotare una visita o un esame' },
        { digits: '2', label: 'Disdire una prenotazione' },
      ],
    },
    { line: '0000000001', name: 'Linea unica', choices: [{ digits: '', label: 'Coda generale' }] },
  ],
};

describe('the practice call (simulazione)', () => {
  it("sends the line and the key of the choice picked, with the caller's number, and says it was sent", async () => {
    const { calls } = fakeApi(
      on('GET', '/api/v1/contact-centre/simulated-calls/choices', { body: CHOICES }),
      on('POST', '/api/v1/contact-centre/simulated-calls', {
        status: 201,
        body: { callId: 'c-1', label: 'simulazione' },
      }),
    );
    renderApp(<TrainingCall />);
    // The form is drawn at once; its choices arrive with the centre's answer.
    expect(screen.getByRole('button', { name: 'Fai arrivare la chiamata' })).toBeDisabled();
    await screen.findByRole('option', { name: 'Coda generale' });
    const select = screen.getByLabelText('Linea e scelta del chiamante');
    // The menu's words, with the key the caller presses.
    expect([...select.querySelectorAll('option')].map((o) => o.textContent)).toEqual([
      'tasto 1: Prenotare una visita o un esame',
      'tasto 2: Disdire una prenotazione',
      'Coda generale',
    ]);
    fireEvent.change(select, { target: { value: '848821821|2' } });
    fireEvent.change(screen.getByLabelText('Numero del chiamante (facoltativo)'), {
      target: { value: ' 333 1234567 ' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Fai arrivare la chiamata' }));
    expect(
      await screen.findByText(
        'Chiamata di prova inviata sulla linea CUP regionale: «Disdire una prenotazione».',
      ),
    ).toBeTruthy();
    expect(calls.at(-1)).toMatchObject({
      method: 'POST',
      body: { line: '848821821', digits: '2', callerId: '333 1234567' },
    });
  });

  it('sends no key for a line that queues at once, and shows a refusal in words', async () => {
    const { calls } = fakeApi(
      on('GET', '/api/v1/contact-centre/simulated-calls/choices', { body: CHOICES }),
      on('POST', '/api/v1/contact-centre/simulated-calls', {
        status: 422,
        body: {
          error: { code: 'INVALID_FIELD', message: 'callerId must be a telephone number', field: 'callerId' },
        },
      }),
    );
    renderApp(<TrainingCall />);
    await screen.findByRole('option', { name: 'Coda generale' });
    fireEvent.change(screen.getByLabelText('Linea e scelta del chiamante'), {
      target: { value: '0000000001|' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Fai arrivare la chiamata' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Valore non valido. (campo: numero chiamante)',
    );
    expect(calls.at(-1)?.body).toEqual({ line: '0000000001' });
  });
});
