/**
 * The delegation's pure rules (no I/O). Dates are Rome calendar dates, 'YYYY-MM-DD'.
 */

/** At most this many live delegations given by one person: a family's, not a broker's. */
export const MAX_LIVE_DELEGATIONS = 10;

/** A delegate acts for another person, so must be of age (18) by the registry's birth date. */
export const AGE_OF_MAJORITY = 18;

/** Whole years from `birthDate` to `today`; someone born on 29 February turns a year older on 1 March. */
export function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

/** Whether a delegation ending on `validUntil` (null: until revoked) still holds on `today`. */
export const holdsOn = (validUntil: string | null, today: string) =>
  validUntil === null || validUntil >= today;

/**
 * The last day (Rome) a minor born on `birthDate` is under age: the day before their eighteenth birthday,
 * counted as `ageOn` counts it (someone born on 29 February comes of age on 1 March).
 */
export function lastDayUnderAge(birthDate: string): string {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  // Date.UTC rolls 29 February of a common year over to 1 March, as ageOn does; one day less is the last.
  const birthday = Date.UTC(y + AGE_OF_MAJORITY, m - 1, d);
  return new Date(birthday - 86_400_000).toISOString().slice(0, 10);
}
