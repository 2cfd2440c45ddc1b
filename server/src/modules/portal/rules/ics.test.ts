import { describe, expect, it } from 'vitest';
import { appointmentIcs } from './ics.ts';

const event = {
  uid: 'AB12CD34@sportello',
  // 09:30 in Rome on 29 March 2027, the day after summer time starts: 07:30 UTC.
  start: new Date('2027-03-29T07:30:00Z'),
  end: new Date('2027-03-29T07:50:00Z'),
  summary: 'Visita cardiologica, prima visita',
  location: 'Ospedale San Carlo; Via Potito Petrone, 85100 Potenza (PZ)',
  description: 'Porta la prescrizione\ne la tessera sanitaria.',
  stamp: new Date('2027-03-01T10:00:00Z'),
};

describe('appointmentIcs', () => {
  it('writes an RFC 5545 event in UTC, with CRLF line ends and escaped text', () => {
    const ics = appointmentIcs(event);
    expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics).toContain('\r\nDTSTART:20270329T073000Z\r\n');
    expect(ics).toContain('\r\nDTEND:20270329T075000Z\r\n');
    expect(ics).toContain('SUMMARY:Visita cardiologica\\, prima visita');
    expect(ics).toContain('LOCATION:Ospedale San Carlo\\; Via Potito Petrone\\, 85100 Potenza (PZ)');
    expect(ics).toContain('DESCRIPTION:Porta la prescrizione\\ne la tessera sanitaria.');
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/\n/);
  });

  it('folds lines longer than 75 octets, counting bytes not characters', () => {
    const long = appointmentIcs({ ...event, description: 'è'.repeat(100) });
    for (const line of long.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    // Unfolding (CRLF + space removed) gives the text back whole.
    expect(long.replace(/\r\n /g, '')).toContain(`DESCRIPTION:${'è'.repeat(100)}`);
  });
});
