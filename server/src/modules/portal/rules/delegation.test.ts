import { describe, expect, it } from 'vitest';
import { ageOn, holdsOn } from './delegation.ts';

describe('delegation rules', () => {
  it('counts whole years, the birthday itself included', () => {
    expect(ageOn('2008-12-06', '2026-12-05')).toBe(17);
    expect(ageOn('2008-12-06', '2026-12-06')).toBe(18);
    expect(ageOn('2008-12-31', '2026-12-06')).toBe(17);
    expect(ageOn('1940-01-01', '2026-12-06')).toBe(86);
  });

  it('makes someone born on 29 February a year older on 1 March of a common year', () => {
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18);
    expect(ageOn('2008-02-29', '2028-02-29')).toBe(20);
  });

  it('holds through the whole of its last day, and forever without one', () => {
    expect(holdsOn('2026-12-06', '2026-12-06')).toBe(true);
    expect(holdsOn('2026-12-06', '2026-12-07')).toBe(false);
    expect(holdsOn(null, '2099-01-01')).toBe(true);
  });
});
