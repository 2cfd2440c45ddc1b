/**
 * CC-2: the operator code as the caller hears it and as every screen shows it (issue 14 §9: one way):
 * its digits, the last eight, at least two. null when the code has no digit.
 */
export function announcedCode(operatorCode: string | null): string | null {
  const digits = (operatorCode ?? '').replace(/\D/g, '');
  return digits.length === 0 ? null : digits.slice(-8).padStart(2, '0');
}
