import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkNoticeNumber,
  groupedNotice,
  isOrganisationFiscalCode,
  iuvOf,
  noticeNumber,
  noticeQrString,
} from './notice.ts';

// Expected values worked out outside this code: (aux ‖ segregation ‖ base) mod 93 computed with Python's
// integers; the QR example is the specification's own.
describe('the pagoPA notice number (aux digit 3)', () => {
  it('appends (aux ‖ segregation ‖ base) mod 93 as two digits', () => {
    // 3010000000000001 mod 93 = 44; 3121234567890123 mod 93 = 84; 3000000000000000 mod 93 = 3.
    expect(noticeNumber('01', '0000000000001')).toBe('301000000000000144');
    expect(noticeNumber('12', '1234567890123')).toBe('312123456789012384');
    expect(noticeNumber('00', '0000000000000')).toBe('300000000000000003');
    expect(iuvOf('312123456789012384')).toBe('12123456789012384');
  });

  it('refuses a segregation code or a base of the wrong length, naming it', () => {
    expect(() => noticeNumber('1', '0000000000001')).toThrow(
      expect.objectContaining({ field: 'segregationCode' }),
    );
    expect(() => noticeNumber('01', '12345')).toThrow(expect.objectContaining({ field: 'iuvBase' }));
  });

  it('prints in groups of four digits', () => {
    expect(groupedNotice('301000000000000144')).toBe('3010 0000 0000 0001 44');
  });
});

describe('a notice number given by a person', () => {
  it('accepts one typed with spaces, and every aux digit the specification keeps', () => {
    expect(checkNoticeNumber('3010 0000 0000 0001 44')).toEqual({
      valid: true,
      notice: '301000000000000144',
      aux: 3,
    });
    // Aux 0 (the QR example's zeros: 0 mod 93 = 0) and aux 2 (2123456789012345 mod 93 = 44).
    expect(checkNoticeNumber('000000000000000000')).toMatchObject({ valid: true, aux: 0 });
    expect(checkNoticeNumber('212345678901234544')).toMatchObject({ valid: true, aux: 2 });
    // Aux 1 carries no check digits.
    expect(checkNoticeNumber('112345678901234567')).toMatchObject({ valid: true, aux: 1 });
  });

  it('says what is wrong: the format, the aux digit, or the check digits', () => {
    expect(checkNoticeNumber('30100000000000014')).toEqual({ valid: false, reason: 'format' });
    expect(checkNoticeNumber('30100000000000014a')).toEqual({ valid: false, reason: 'format' });
    expect(checkNoticeNumber('401000000000000144')).toEqual({ valid: false, reason: 'aux' });
    expect(checkNoticeNumber('301000000000000145')).toEqual({ valid: false, reason: 'check-digits' });
  });

  it('catches any one digit mistyped in the first sixteen of an aux-3 number', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{2}$/),
        fc.stringMatching(/^\d{13}$/),
        fc.integer({ min: 1, max: 15 }),
        fc.integer({ min: 1, max: 9 }),
        (segregation, base, position, delta) => {
          const notice = noticeNumber(segregation, base);
          expect(checkNoticeNumber(notice).valid).toBe(true);
          const d = (Number(notice[position]) + delta) % 10;
          const typo = `${notice.slice(0, position)}${d}${notice.slice(position + 1)}`;
          // One digit changed moves the number by k·10^n with 0 < |k| ≤ 9: as 10 and 93 share no factor,
          // never by a multiple of 93, so the check digits no longer match.
          expect(checkNoticeNumber(typo).valid).toBe(false);
        },
      ),
    );
  });
});

describe('the notice’s QR code', () => {
  it('is PAGOPA|002|notice|creditor|cents', () => {
    // PagoPA S.p.A.'s own fiscal code (15376371009) as the creditor, €36.15.
    expect(noticeQrString('301000000000000144', '15376371009', 3615)).toBe(
      'PAGOPA|002|301000000000000144|15376371009|3615',
    );
  });

  it('refuses a wrong notice number, creditor or amount, naming which', () => {
    expect(() => noticeQrString('301000000000000145', '15376371009', 3615)).toThrow(
      expect.objectContaining({ field: 'noticeNumber' }),
    );
    expect(() => noticeQrString('301000000000000144', '15376371008', 3615)).toThrow(
      expect.objectContaining({ field: 'creditorFiscalCode' }),
    );
    for (const cents of [0, -5, 12.5])
      expect(() => noticeQrString('301000000000000144', '15376371009', cents)).toThrow(
        expect.objectContaining({ field: 'amountCents' }),
      );
  });

  it('checks an organisation’s fiscal code by its check digit', () => {
    expect(isOrganisationFiscalCode('15376371009')).toBe(true);
    expect(isOrganisationFiscalCode('80002950766')).toBe(true);
    expect(isOrganisationFiscalCode('15376371008')).toBe(false);
    expect(isOrganisationFiscalCode('1537637100')).toBe(false);
  });
});
