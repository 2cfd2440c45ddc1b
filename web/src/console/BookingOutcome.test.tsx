import { screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { appointment } from '../test/fixtures.ts';
import { fakeApi, renderApp } from '../test/render.tsx';
import { BookingOutcome } from './BookingOutcome.tsx';

const nbsp = (s: string | null) => (s ?? '').replace(/\u00a0/g, ' ');

describe('booking outcome', () => {
  it("shows this booking's share of the ticket, the prescription's total and what the rest will add", () => {
    fakeApi();
    renderApp(
      <BookingOutcome
        appointment={{
          ...appointment,
          copayCents: 615,
          ticket: { shareCents: 615, bookedCents: 3615, remainingCents: 0, prescriptionCents: 3615 },
        }}
        kind="booked"
        onNewCall={vi.fn()}
      />,
    );
    expect(nbsp(screen.getByTestId('booking-copay').textContent)).toBe('6,15 €');
    expect(nbsp(screen.getByTestId('booking-ticket').textContent)).toBe(
      'Ticket della ricetta: 36,15 €, di cui 0,00 € per le prestazioni ancora da prenotare.',
    );
  });

  it('says nothing is due only when the whole prescription is exempt, not when the cap is reached', () => {
    fakeApi();
    renderApp(
      <BookingOutcome
        appointment={{
          ...appointment,
          copayCents: 0,
          ticket: { shareCents: 0, bookedCents: 0, remainingCents: 0, prescriptionCents: 0 },
        }}
        kind="booked"
        onNewCall={vi.fn()}
      />,
    );
    expect(screen.getByTestId('booking-ticket')).toHaveTextContent('Nulla da pagare (esenzione).');
  });
});
