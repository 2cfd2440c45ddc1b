import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { availability, prescription } from '../test/fixtures.ts';
import { fakeApi, on, renderApp } from '../test/render.tsx';
import { type HeldSlot, HoldPanel } from './HoldPanel.tsx';

const held = (seconds: number): HeldSlot => ({
  hold: { id: 'h-1', slotId: 101, expiresAt: new Date(Date.now() + seconds * 1000).toISOString() },
  slot: availability.items[0]!,
  deadline: Date.now() + seconds * 1000,
  total: 300,
  nre: prescription.nre,
  fiscalCode: prescription.fiscalCode,
  itemIndex: 1,
  service: { code: '89.7A.3', description: 'Visita cardiologica' },
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('hold panel', () => {
  it('counts down to the expiry, reads out the last minute, then offers to search again', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-11-23T09:00:00Z'));
    fakeApi();
    const onReleased = vi.fn();
    renderApp(<HoldPanel held={held(61)} onBooked={vi.fn()} onReleased={onReleased} />);
    expect(screen.getByTestId('hold-countdown')).toHaveTextContent('1:01');
    expect(screen.getByRole('button', { name: 'Conferma prenotazione' })).toHaveFocus();
    expect(screen.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '61');

    act(() => vi.advanceTimersByTime(31_000));
    expect(screen.getByTestId('hold-countdown')).toHaveTextContent('0:30');
    expect(screen.getByTestId('announcer')).toHaveTextContent('Il blocco scade tra 30 secondi.');

    act(() => vi.advanceTimersByTime(30_000));
    expect(screen.queryByTestId('hold-countdown')).toBeNull();
    expect(screen.getAllByText(/Il blocco è scaduto/).length).toBeGreaterThan(0);
    expect(screen.queryByRole('button', { name: 'Conferma prenotazione' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Torna alle disponibilità' }));
    expect(onReleased).toHaveBeenCalledTimes(1);
  });

  it('gives the slot back on Esc', async () => {
    const { calls } = fakeApi(on('DELETE', '/api/v1/holds/h-1', { status: 204 }));
    const onReleased = vi.fn();
    renderApp(<HoldPanel held={held(300)} onBooked={vi.fn()} onReleased={onReleased} />);
    fireEvent.keyDown(screen.getByRole('button', { name: 'Conferma prenotazione' }), { key: 'Escape' });
    await waitFor(() => expect(onReleased).toHaveBeenCalledTimes(1));
    // Besides the patient's appointments read for the clash warning, only the release.
    expect(calls.filter((c) => c.method !== 'GET').map((c) => `${c.method} ${c.path}`)).toEqual([
      'DELETE /api/v1/holds/h-1',
    ]);
  });

  it('confirms with Alt+O from anywhere on the page', async () => {
    const { calls } = fakeApi(on('POST', '/api/v1/appointments', { status: 500, body: {} }));
    renderApp(<HoldPanel held={held(300)} onBooked={vi.fn()} onReleased={vi.fn()} />);
    (document.activeElement as HTMLElement).blur();
    fireEvent.keyDown(window, { code: 'KeyO', key: 'o', altKey: true });
    const writes = () => calls.filter((c) => c.method !== 'GET');
    await waitFor(() => expect(writes()).toHaveLength(1));
    expect(writes()[0]!.path).toBe('/api/v1/appointments');
  });
});
