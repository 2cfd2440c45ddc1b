import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, on, renderApp } from '../test/render.tsx';
import { Rating } from './Rating.tsx';

afterEach(() => vi.unstubAllGlobals());

describe('the rating at the end of a service (Designers Italia C.SE.1.7)', () => {
  it('below 4 stars asks where it was hard, then for words, and sends them once', async () => {
    const { calls } = fakeApi(on('POST', '/api/v1/portal/rating', { status: 204 }));
    renderApp(<Rating service="booking" />, { route: '/portale' });
    fireEvent.click(screen.getByRole('button', { name: '2 su 5' }));
    const question = await screen.findByText('Dove hai incontrato le maggiori difficoltà?');
    await waitFor(() => expect(document.activeElement).toBe(question.closest('h3')));
    expect(screen.queryByLabelText('Le indicazioni erano chiare')).toBeNull();
    fireEvent.click(screen.getByLabelText('Ho avuto problemi tecnici'));
    fireEvent.click(screen.getByRole('button', { name: 'Avanti' }));
    fireEvent.change(await screen.findByLabelText('Dettaglio (non scrivere dati personali)'), {
      target: { value: '  La pagina si bloccava  ' },
    });
    expect(screen.getByText('Inserire massimo 200 caratteri: ne restano 175.')).toBeTruthy();
    expect(calls).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: 'Invia' }));
    expect(
      await screen.findByText('Grazie, il tuo parere ci aiuterà a migliorare il servizio!'),
    ).toBeTruthy();
    expect(calls.map((c) => c.body)).toEqual([
      { service: 'booking', rating: 2, reason: 'technical-problems', detail: 'La pagina si bloccava' },
    ]);
  });

  it('from 4 stars asks what was liked; going back to the stars changes the question', async () => {
    const { calls } = fakeApi(on('POST', '/api/v1/portal/rating', { status: 204 }));
    renderApp(<Rating service="payment" />, { route: '/portale' });
    fireEvent.click(screen.getByRole('button', { name: '5 su 5' }));
    expect(await screen.findByText('Quali sono stati gli aspetti che hai preferito?')).toBeTruthy();
    expect(screen.getByLabelText('Non ho avuto problemi tecnici')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Indietro' }));
    fireEvent.click(await screen.findByRole('button', { name: '3 su 5' }));
    expect(await screen.findByText('Dove hai incontrato le maggiori difficoltà?')).toBeTruthy();
    // No answer and no words: the stars alone are sent.
    fireEvent.click(screen.getByRole('button', { name: 'Avanti' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Invia' }));
    await screen.findByText('Grazie, il tuo parere ci aiuterà a migliorare il servizio!');
    expect(calls.map((c) => c.body)).toEqual([{ service: 'payment', rating: 3 }]);
  });

  it('shows a refusal in words and keeps what was written', async () => {
    fakeApi(
      on('POST', '/api/v1/portal/rating', {
        status: 422,
        body: { error: { code: 'INVALID_FIELD', message: 'detail too long', field: 'detail' } },
      }),
    );
    renderApp(<Rating service="manage" />, { route: '/portale' });
    fireEvent.click(screen.getByRole('button', { name: '4 su 5' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Avanti' }));
    fireEvent.change(await screen.findByLabelText('Dettaglio (non scrivere dati personali)'), {
      target: { value: 'Ottimo' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Invia' }));
    expect(await screen.findByRole('alert')).toBeTruthy();
    expect(
      (screen.getByLabelText('Dettaglio (non scrivere dati personali)') as HTMLTextAreaElement).value,
    ).toBe('Ottimo');
  });

  it('without the words (the kiosk) the answer is the last step, and no words are sent', async () => {
    const { calls } = fakeApi(on('POST', '/api/v1/portal/rating', { status: 204 }));
    renderApp(<Rating service="kiosk" words={false} />, { route: '/portale/totem/x' });
    fireEvent.click(screen.getByRole('button', { name: '4 su 5' }));
    expect(await screen.findByText('1/1')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Avanti' })).toBeNull();
    fireEvent.click(screen.getByLabelText('Le indicazioni erano complete'));
    fireEvent.click(screen.getByRole('button', { name: 'Invia' }));
    await screen.findByText('Grazie, il tuo parere ci aiuterà a migliorare il servizio!');
    expect(screen.queryByLabelText('Dettaglio (non scrivere dati personali)')).toBeNull();
    expect(calls.map((c) => c.body)).toEqual([{ service: 'kiosk', rating: 4, reason: 'complete' }]);
  });
});
