import { describe, expect, it } from 'vitest';
import { ageOn, holdsOn, lastDayUnderAge } from './delegation.ts';

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

  it("ends a parent's declaration on the day before the eighteenth birthday, 29 February included", () => {
    expect(lastDayUnderAge('2010-06-15')).toBe('2028-06-14');
    expect(lastDayUnderAge('2010-01-01')).toBe('2027-12-31');
    // Born on 1 March 2010: the day before 1 March 2028 is the leap day.
    expect(lastDayUnderAge('2010-03-01')).toBe('2028-02-29');
    // Born on 29 February 2012: of age on 1 March 2030, under age through 28 February.
    expect(lastDayUnderAge('2012-02-29')).toBe('2030-02-28');
    // Born on 29 February 2016: 2034 is not a leap year either.
    expect(lastDayUnderAge('2016-02-29')).toBe('2034-02-28');
    // The rule agrees with ageOn on both sides of the boundary.
    for (const birth of ['2012-02-29', '2010-03-01', '2009-12-31']) {
      const last = lastDayUnderAge(birth);
      const next = new Date(Date.parse(`${last}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      expect(ageOn(birth, last)).toBe(17);
      expect(ageOn(birth, next)).toBe(18);
    }
  });
});
