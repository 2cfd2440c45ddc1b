import { describe, expect, it } from 'vitest';
import { parseDeliveryReceipt } from './delivery-receipt.ts';
import { DEFAULT_WINDOW, nextSendingTime, parseWindow } from './quiet-hours.ts';
import { smsSize } from './sms-encoding.ts';

describe('SMS size (GSM 03.38 or UCS-2)', () => {
  it('keeps plain Italian in the GSM alphabet, one septet a character, two for the extension table', () => {
    const reminder = 'Promemoria: visita il 12/12 alle 08:40, è confermata?';
    expect(smsSize(reminder)).toEqual({ encoding: 'gsm7', units: 53, segments: 1 });
    // € [ ] { } ^ ~ | \ are escaped: two septets each.
    expect(smsSize('Ticket €36,15 [PRN]')).toEqual({ encoding: 'gsm7', units: 19 + 3, segments: 1 });
  });

  it('turns the whole message into UCS-2 for one character outside the alphabet (À, È, Ì, Ò, Ù)', () => {
    const text = 'È confermata la visita';
    expect(smsSize(text)).toEqual({ encoding: 'ucs2', units: text.length, segments: 1 });
    // A character outside the BMP is two UTF-16 units.
    expect(smsSize('ok 😀').units).toBe(5);
  });

  it('counts the parts of a long message: 160 / 153 septets, 70 / 67 units', () => {
    expect(smsSize('a'.repeat(160)).segments).toBe(1);
    expect(smsSize('a'.repeat(161)).segments).toBe(2);
    expect(smsSize('a'.repeat(306)).segments).toBe(2);
    expect(smsSize('a'.repeat(307)).segments).toBe(3);
    expect(smsSize('È'.repeat(70)).segments).toBe(1);
    expect(smsSize('È'.repeat(71)).segments).toBe(2);
    expect(smsSize('È'.repeat(134)).segments).toBe(2);
    expect(smsSize('È'.repeat(135)).segments).toBe(3);
    // An escape and its character stay in one part: 152 plain septets then € does not fit part one.
    expect(smsSize(`${'a'.repeat(152)}€${'a'.repeat(10)}`)).toEqual({
      encoding: 'gsm7',
      units: 164,
      segments: 2,
    });
    expect(smsSize(`${'a'.repeat(152)}€${'a'.repeat(152)}`).segments).toBe(3);
    expect(smsSize(`${'a'.repeat(151)}€${'a'.repeat(153)}`).segments).toBe(2);
  });
});

describe('SMPP delivery receipts (SMPP 3.4 appendix B)', () => {
  it('reads the id, the state, the dates on the Rome clock and the error', () => {
    expect(
      parseDeliveryReceipt(
        'id:0123456789 sub:001 dlvrd:001 submit date:2612031830 done date:2612031831 stat:DELIVRD err:000 text:Promemoria visita',
      ),
    ).toEqual({
      gatewayId: '0123456789',
      status: 'delivered',
      // 18:30 in Rome in December is 17:30 UTC; in July it would be 16:30.
      submittedAt: new Date('2026-12-03T17:30:00Z'),
      doneAt: new Date('2026-12-03T17:31:00Z'),
      error: null,
    });
    expect(parseDeliveryReceipt('id:abc stat:UNDELIV err:034 submit date:2607011200')).toMatchObject({
      status: 'undeliverable',
      error: '034',
      submittedAt: new Date('2026-07-01T10:00:00Z'),
    });
    expect(parseDeliveryReceipt('ID:x STAT:EXPIRED')?.status).toBe('expired');
    expect(parseDeliveryReceipt('id:x stat:WHATEVER')?.status).toBe('unknown');
  });

  it('is not fooled by a reply that is not a receipt', () => {
    expect(parseDeliveryReceipt('ANNULLA PRN-1234-ABCD')).toBeNull();
    expect(parseDeliveryReceipt('id:onlyanid')).toBeNull();
  });
});

describe('quiet hours on the Rome clock', () => {
  const rome = (iso: string) => new Date(iso);
  it('sends within the window at once, and holds the rest for the next open morning', () => {
    // Thursday 3 Dec 2026, 10:00 in Rome.
    expect(nextSendingTime(rome('2026-12-03T09:00:00Z'))).toEqual(rome('2026-12-03T09:00:00Z'));
    // 07:00 → 08:00 the same day.
    expect(nextSendingTime(rome('2026-12-03T06:00:00Z'))).toEqual(rome('2026-12-03T07:00:00Z'));
    // 21:00 is closed (exclusive end) → Friday 08:00.
    expect(nextSendingTime(rome('2026-12-03T20:00:00Z'))).toEqual(rome('2026-12-04T07:00:00Z'));
    // Saturday 5 Dec 22:00 → Sunday closed → Monday 7 Dec 08:00.
    expect(nextSendingTime(rome('2026-12-05T21:00:00Z'))).toEqual(rome('2026-12-07T07:00:00Z'));
    // Monday 7 Dec 22:00 → Tuesday 8 Dec is the Immaculate Conception → Wednesday 9 Dec 08:00.
    expect(nextSendingTime(rome('2026-12-07T21:00:00Z'))).toEqual(rome('2026-12-09T07:00:00Z'));
  });

  it('keeps 08:00 at 08:00 across the clock changes', () => {
    // Saturday 28 March 2026 22:00 (UTC+1) → Sunday 29 (the change) closed → Monday 30, 08:00 UTC+2.
    expect(nextSendingTime(rome('2026-03-28T21:00:00Z'))).toEqual(rome('2026-03-30T06:00:00Z'));
    // With Sundays allowed, 08:00 on the day of the change itself is 06:00 UTC.
    const sundays = { ...DEFAULT_WINDOW, sundays: true };
    expect(nextSendingTime(rome('2026-03-29T00:30:00Z'), sundays)).toEqual(rome('2026-03-29T06:00:00Z'));
    // 25 October 2026 (back to UTC+1): 08:00 is 07:00 UTC.
    expect(nextSendingTime(rome('2026-10-25T00:30:00Z'), sundays)).toEqual(rome('2026-10-25T07:00:00Z'));
  });

  it('reads a configured window and refuses a nonsensical one', () => {
    expect(parseWindow('09:30-19:00')).toMatchObject({ fromMinute: 570, toMinute: 1140 });
    expect(() => parseWindow('21:00-08:00')).toThrow(/HH:MM-HH:MM/);
    expect(() => parseWindow('8-21')).toThrow();
  });
});
