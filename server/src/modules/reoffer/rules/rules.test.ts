import { describe, expect, it } from 'vitest';
import { candidatesFrom, offerExpiry, parseFromDays, type ReofferRules, worthOffering } from './reoffer.ts';

const rules: ReofferRules = {
  fromDays: { visit: 31, instrumental: 61 },
  batch: 1,
  expiryMinutes: 120,
  minNoticeHours: 24,
  refusalForfeitsGuarantee: false,
};

describe('re-offer rules', () => {
  it('reads the days per kind, and says which part is wrong', () => {
    expect(parseFromDays('visit=31,instrumental=61')).toEqual({ visit: 31, instrumental: 61 });
    expect(parseFromDays(' lab=8 ')).toEqual({ lab: 8 });
    expect(() => parseFromDays('visit=31,xray=5')).toThrow(/"xray=5"/);
    expect(() => parseFromDays('visit:31')).toThrow(/"visit:31"/);
  });

  it('counts "further out" in Rome calendar days, across the clock change', () => {
    // 23:30 Rome on 20 September is 21:30 UTC, still the 20th in Rome.
    const now = new Date('2026-09-20T21:30:00Z');
    // 31 days later is 21 October, summer time (the clocks go back on the 25th): midnight is 22:00 UTC.
    expect(candidatesFrom(now, 'visit', rules)?.toISOString()).toBe('2026-10-20T22:00:00.000Z');
    // 61 days later is 20 November, winter time: midnight is 23:00 UTC.
    expect(candidatesFrom(now, 'instrumental', rules)?.toISOString()).toBe('2026-11-19T23:00:00.000Z');
    expect(candidatesFrom(now, 'lab', rules)).toBeNull();
  });

  it('offers a place only if it starts at least the notice after the offer expires', () => {
    const reaches = new Date('2026-12-07T09:00:00Z');
    const expires = offerExpiry(reaches, rules);
    expect(expires.toISOString()).toBe('2026-12-07T11:00:00.000Z');
    expect(worthOffering(new Date('2026-12-08T11:00:00Z'), expires, rules)).toBe(true);
    expect(worthOffering(new Date('2026-12-08T10:59:00Z'), expires, rules)).toBe(false);
  });
});
