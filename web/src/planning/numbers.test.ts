import { describe, expect, it } from 'vitest';
import {
  formatDay,
  formatEuros,
  formatInterval,
  formatMean,
  formatNumber,
  formatSeconds,
  formatShare,
  formatTarget,
  NONE,
  parseDecimal,
} from './numbers.ts';

const nbsp = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('planning numbers for people', () => {
  it('shows shares with one decimal in the UI language', () => {
    expect(formatShare(0.8883500191794669, 'it')).toBe('88,8%');
    expect(formatShare(0.8883500191794669, 'en')).toBe('88.8%');
    expect(formatShare(0.9, 'it', 0)).toBe('90%');
    expect(formatShare(0, 'it')).toBe('0,0%');
    expect(formatShare(1, 'it')).toBe('100,0%');
    expect(formatTarget(0.9, 'it')).toBe('90%');
    expect(formatTarget(0.005, 'it')).toBe('0,5%');
    expect(formatTarget(0.075, 'en')).toBe('7.5%');
  });

  it('groups thousands and fixes the decimals', () => {
    expect(formatNumber(46964.4945, 'it')).toBe('46.964');
    expect(formatNumber(46964.5, 'en')).toBe('46,965');
    expect(formatNumber(34.26612903225806, 'it', 1)).toBe('34,3');
    expect(formatNumber(1500, 'it')).toBe('1.500');
    expect(formatNumber(10, 'it', 2)).toBe('10,00');
  });

  it('shows seconds and euros, and a dash where the server has no figure', () => {
    expect(nbsp(formatSeconds(7.835937011777243, 'it'))).toBe('7,8 s');
    expect(nbsp(formatSeconds(225, 'en', 0))).toBe('225 s');
    expect(nbsp(formatEuros(2500, 'it'))).toBe('2.500 €');
    expect(formatEuros(2500, 'en')).toBe('€2,500');
    for (const missing of [null, undefined, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(formatShare(missing, 'it')).toBe(NONE);
      expect(formatSeconds(missing, 'it')).toBe(NONE);
      expect(formatNumber(missing, 'it')).toBe(NONE);
      expect(formatEuros(missing, 'it')).toBe(NONE);
    }
  });

  it('shows 95% intervals, clipped to what a share or a count can be', () => {
    const sl = { mean: 0.9727, low: 0.9506, high: 1.0012, n: 5 };
    expect(formatMean(sl, 'share', 'it')).toBe('97,3%');
    expect(formatInterval(sl, 'share', 'it')).toBe('95,1% – 100,0%');
    expect(formatInterval({ mean: 3, low: -0.4, high: 6.4, n: 3 }, 'number', 'it')).toBe('0,0 – 6,4');
    expect(nbsp(formatInterval({ mean: 3.43, low: 2.34, high: 4.53, n: 5 }, 'seconds', 'en'))).toBe(
      '2.3 s – 4.5 s',
    );
    // One replication (or an interval nothing was simulated in) has no interval.
    expect(formatInterval({ mean: 1, low: null, high: null, n: 1 }, 'share', 'it')).toBe(NONE);
    expect(formatMean({ mean: null, low: null, high: null, n: 0 }, 'share', 'it')).toBe(NONE);
  });

  it('reads decimals typed with a comma or a point, and thousands the UI language’s way', () => {
    expect(parseDecimal('88,5')).toBe(88.5);
    expect(parseDecimal('88.5')).toBe(88.5);
    expect(parseDecimal(' 1800 ')).toBe(1800);
    expect(parseDecimal('1.800')).toBe(1800);
    expect(parseDecimal('1.800,5')).toBe(1800.5);
    expect(parseDecimal('1,800', 'en')).toBe(1800);
    expect(parseDecimal('1,5', 'en')).toBe(1.5);
    expect(parseDecimal('1 800')).toBe(1800);
    expect(parseDecimal('')).toBeNull();
    expect(parseDecimal('   ')).toBeNull();
    expect(parseDecimal('dieci')).toBeNaN();
    expect(parseDecimal('1,2,3')).toBeNaN();
    expect(parseDecimal('-3')).toBe(-3);
  });

  it('names a plan day without shifting it across a time zone', () => {
    expect(formatDay('2026-12-01', 'it')).toBe('mar 1 dic');
    expect(formatDay('2026-12-01', 'en')).toBe('Tue 1 Dec');
    expect(formatDay('domani', 'it')).toBe('domani');
  });
});
