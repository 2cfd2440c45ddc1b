import { fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, on, renderApp } from '../test/render.tsx';
import { personScript, TrainingPage } from './TrainingPage.tsx';

afterEach(() => {
  vi.unstubAllGlobals();
});

const CHOICES = {
  label: 'simulazione',
  lines: [{ line: '848821821', name: 'CUP regionale', choices: [{ digits: '1', label: 'Prenotare' }] }],
};

describe("the trainer's page (simulazione)", () => {
  it('turns "answers at attempt n" and the keys into the script the switch plays', () => {
    expect(personScript(1, '')).toEqual({ answers: [true] });
    expect(personScript(3, ' 1 3 ')).toEqual({ answers: [false, false, true], keys: ['1', '3'] });
    expect(personScript(0, '1')).toEqual({ answers: [false], keys: ['1'] });
  });

  it('shows the practice call unfolded and scripts a simulated person, saying what it will do', async () => {
    const { calls } = fakeApi(
      on('GET', '/api/v1/contact-centre/simulated-calls/choices', { body: CHOICES }),
      on('POST', '/api/v1/contact-centre/simulated-people', (call) =>
        (call.body as { keys?: string[] }).keys?.includes('x')
          ? {
              status: 422,
              body: { error: { code: 'INVALID_FIELD', message: 'pattern', field: 'keys.0' } },
            }
          : { status: 204 },
      ),
    );
    renderApp(<TrainingPage />);
    expect(screen.getByRole('heading', { level: 1, name: 'Formazione (simulazione)' })).toBeTruthy();
    expect(screen.getByTestId('training-call').hasAttribute('open')).toBe(true);
    fireEvent.change(screen.getByLabelText('Numero chiamato'), { target: { value: '+39 333 1234567' } });
    fireEvent.change(screen.getByLabelText('Risponde'), { target: { value: '2' } });
    fireEvent.change(screen.getByLabelText('Tasti premuti (facoltativo)'), { target: { value: 'x' } });
    fireEvent.click(screen.getByRole('button', { name: 'Prepara' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Valore non valido. (campo: tasto premuto n. 1)',
    );
    fireEvent.change(screen.getByLabelText('Tasti premuti (facoltativo)'), { target: { value: '3' } });
    fireEvent.click(screen.getByRole('button', { name: 'Prepara' }));
    expect(
      await screen.findByText('Il numero +39 333 1234567 risponderà al tentativo 2 e premerà: 3.'),
    ).toBeTruthy();
    expect(calls.filter((c) => c.method === 'POST').at(-1)?.body).toEqual({
      number: '+39 333 1234567',
      answers: [false, true],
      keys: ['3'],
    });
  });
});
