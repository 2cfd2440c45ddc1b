import { act, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { localDeadline, secondsLeft, useCountdown } from './countdown.ts';

function Clock({ deadline }: { deadline: number | null }) {
  return <p data-testid="left">{useCountdown(deadline)}</p>;
}

describe('hold countdown', () => {
  it('counts whole seconds up, never below zero', () => {
    expect(secondsLeft(10_000, 0)).toBe(10);
    expect(secondsLeft(10_000, 9_001)).toBe(1);
    expect(secondsLeft(10_000, 10_000)).toBe(0);
    expect(secondsLeft(10_000, 99_000)).toBe(0);
  });

  it("counts against the server's clock: a workstation 2 minutes fast still gets the full 5 minutes", () => {
    const serverNow = Date.parse('2026-11-23T09:00:00Z');
    const expiresAt = '2026-11-23T09:05:00Z';
    const localNow = serverNow + 120_000;
    expect(localDeadline(expiresAt, serverNow, localNow) - localNow).toBe(300_000);
    // Without a Date header, the expiry is taken as it is.
    expect(localDeadline(expiresAt, null, localNow)).toBe(Date.parse(expiresAt));
  });

  describe('useCountdown', () => {
    beforeEach(() => {
      vi.useFakeTimers();
      vi.setSystemTime(new Date('2026-11-23T09:00:00Z'));
    });
    afterEach(() => vi.useRealTimers());

    it('re-renders as the seconds pass and stops at zero', () => {
      render(<Clock deadline={Date.now() + 3_000} />);
      expect(screen.getByTestId('left')).toHaveTextContent('3');
      act(() => vi.advanceTimersByTime(1_000));
      expect(screen.getByTestId('left')).toHaveTextContent('2');
      act(() => vi.advanceTimersByTime(5_000));
      expect(screen.getByTestId('left')).toHaveTextContent('0');
      expect(vi.getTimerCount()).toBe(0);
    });

    it('shows zero and runs no timer without a deadline', () => {
      render(<Clock deadline={null} />);
      expect(screen.getByTestId('left')).toHaveTextContent('0');
      expect(vi.getTimerCount()).toBe(0);
    });
  });
});
