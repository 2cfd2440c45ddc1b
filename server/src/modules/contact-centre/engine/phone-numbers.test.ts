import { describe, expect, it } from 'vitest';
import { italianCallbackNumber } from './phone-numbers.ts';

describe('numbers keyed for a callback (CC-3)', () => {
  it.each([
    ['0971555666', '0971555666'],
    ['3331234567', '3331234567'],
    ['+393331234567', '3331234567'],
    ['00393331234567', '3331234567'],
    ['06 1234 5678', '0612345678'],
  ])('takes the Italian fixed or mobile number %s as %s', (keyed, national) => {
    expect(italianCallbackNumber(keyed)).toBe(national);
  });

  it.each([
    ['12345', 'too short'],
    ['3000000001', 'no such mobile range'],
    ['899123456', 'premium rate'],
    ['800123456', 'toll free'],
    ['+441234567890', 'not Italian'],
    ['33312345678901234', 'too long'],
    ['333*123', 'not digits'],
  ])('refuses %s (%s)', (keyed) => {
    expect(italianCallbackNumber(keyed)).toBeNull();
  });
});
