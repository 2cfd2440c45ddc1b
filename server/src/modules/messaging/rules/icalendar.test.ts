import { describe, expect, it } from 'vitest';
import { bookingIcs, foldLine } from './icalendar.ts';

describe('the booking as iCalendar (RFC 5545)', () => {
  const ics = bookingIcs({
    uid: 'appt-1@sportello',
    sequence: 2,
    // 08:40 in Rome on 14 December is 07:40 UTC.
    start: new Date('2026-12-14T07:40:00Z'),
    end: new Date('2026-12-14T08:00:00Z'),
    summary: 'Visita cardiologica; controllo, prima visita',
    location: 'Ospedale San Carlo, Potenza',
    description: 'Portare la prescrizione.\nCodice PRN-1234-ABCD',
    stamp: new Date('2026-12-03T10:00:00.123Z'),
  });
  const lines = ics.split('\r\n');

  it('is one event in UTC, with CRLF lines and its text escaped', () => {
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
    expect(lines.slice(0, 6)).toEqual([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Sportello//CUP//IT',
      'CALSCALE:GREGORIAN',
      'METHOD:PUBLISH',
      'BEGIN:VEVENT',
    ]);
    expect(lines).toContain('DTSTART:20261214T074000Z');
    expect(lines).toContain('DTEND:20261214T080000Z');
    expect(lines).toContain('DTSTAMP:20261203T100000Z');
    expect(lines).toContain('SEQUENCE:2');
    expect(lines).toContain('SUMMARY:Visita cardiologica\\; controllo\\, prima visita');
    expect(lines).toContain('DESCRIPTION:Portare la prescrizione.\\nCodice PRN-1234-ABCD');
  });

  it('folds lines at 75 octets without splitting a character, and unfolds to the same text', () => {
    const long = `DESCRIPTION:${'Visita è già confermata, '.repeat(8)}`;
    const folded = foldLine(long);
    for (const part of folded.split('\r\n')) expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(75);
    expect(folded.replaceAll('\r\n ', '')).toBe(long);
    expect(foldLine('short')).toBe('short');
  });
});
