import { describe, expect, it } from 'vitest';
import { formatPhone } from './phone.ts';

describe('phone numbers as people read them (issue 14 §9)', () => {
  it('groups mobile, freephone, shared-cost and landline numbers', () => {
    expect(formatPhone('+393471112223')).toBe('+39 347 111 2223');
    expect(formatPhone('3471112223')).toBe('347 111 2223');
    expect(formatPhone('800292020')).toBe('800 29 20 20');
    expect(formatPhone('848821821')).toBe('848 821 821');
    expect(formatPhone('0971471300')).toBe('0971 471 300');
    expect(formatPhone('0612345678')).toBe('06 1234 5678');
    expect(formatPhone('0039 02 1234 5678')).toBe('+39 02 1234 5678');
  });

  it('leaves what it does not recognise as given', () => {
    expect(formatPhone('+41 44 668 18 00')).toBe('+41 44 668 18 00');
    expect(formatPhone('anonimo')).toBe('anonimo');
    expect(formatPhone('112')).toBe('112');
  });
});
