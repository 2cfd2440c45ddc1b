import { describe, expect, it } from 'vitest';
import {
  formatCalendarDate,
  formatCountdown,
  formatDateTime,
  formatEuro,
  formatPercent,
  formatTime,
  romeDayStart,
  romeToday,
} from './format.ts';

const nbsp = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('money', () => {
  it('formats cents as euro the Italian way, whatever the UI language', () => {
    expect(nbsp(formatEuro(3615))).toBe('36,15 €');
    expect(nbsp(formatEuro(0))).toBe('0,00 €');
    expect(nbsp(formatEuro(123456))).toBe('1234,56 €');
    expect(nbsp(formatEuro(5))).toBe('0,05 €');
  });
});

describe('times on the Rome clock', () => {
  it('shows an instant in Europe/Rome, winter (UTC+1) and summer (UTC+2)', () => {
    expect(formatTime('2026-11-24T07:40:00Z')).toBe('08:40');
    expect(formatTime('2026-07-01T07:40:00Z')).toBe('09:40');
    expect(formatDateTime('2026-11-24T07:40:00Z')).toBe('mar 24/11/2026, 08:40');
    expect(formatDateTime('2026-11-24T07:40:00Z', 'en')).toBe('Tue, 24/11/2026, 08:40');
  });

  it('puts a late-evening UTC instant on the next Rome day', () => {
    expect(formatDateTime('2026-12-31T23:30:00Z')).toBe('ven 01/01/2027, 00:30');
    expect(romeToday(new Date('2026-11-23T23:30:00Z'))).toBe('2026-11-24');
  });

  it('finds the start of a Rome day across daylight-saving changes', () => {
    expect(romeDayStart('2026-11-24')).toBe('2026-11-23T23:00:00.000Z');
    expect(romeDayStart('2026-07-01')).toBe('2026-06-30T22:00:00.000Z');
    expect(romeDayStart('2026-03-29')).toBe('2026-03-28T23:00:00.000Z'); // clocks go forward that night
    expect(romeDayStart('2026-10-25')).toBe('2026-10-24T22:00:00.000Z'); // clocks go back that night
    expect(() => romeDayStart('domani')).toThrow(RangeError);
  });

  it('never shifts a calendar date such as a birth date', () => {
    expect(formatCalendarDate('1958-07-12')).toBe('12/07/1958');
    expect(formatCalendarDate('2000-01-01', 'en')).toBe('01/01/2000');
  });
});

describe('countdown and percentages', () => {
  it('shows minutes and seconds, never below zero', () => {
    expect(formatCountdown(300)).toBe('5:00');
    expect(formatCountdown(299.4)).toBe('4:59');
    expect(formatCountdown(61)).toBe('1:01');
    expect(formatCountdown(9)).toBe('0:09');
    expect(formatCountdown(-3)).toBe('0:00');
  });

  it('rounds fill levels to whole percent', () => {
    expect(formatPercent(0.4567)).toBe('46%');
    expect(formatPercent(0.4567, 'en')).toBe('46%');
  });
});
