// The booking as an iCalendar event (RFC 5545), attached to the reminder e-mail so the patient can add
// it to a calendar in one tap (issue 11 §1).

export interface CalendarBooking {
  /** Stable per appointment: a moved booking replaces the event (same UID, higher SEQUENCE). */
  uid: string;
  sequence: number;
  start: Date;
  end: Date;
  summary: string;
  location: string;
  description: string;
  /** When this version of the event was made. */
  stamp: Date;
}

/** UTC date-time, `YYYYMMDDTHHMMSSZ` (a time zone-free form every calendar reads the same way). */
const utc = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/** TEXT escaping (RFC 5545 §3.3.11): backslash, semicolon, comma, newline. */
const text = (s: string) =>
  s.replaceAll('\\', '\\\\').replaceAll(';', '\\;').replaceAll(',', '\\,').replace(/\r?\n/g, '\\n');

/** Lines of at most 75 octets, continued by CRLF and a space, never splitting a UTF-8 character. */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    const limit = out.length === 0 ? 75 : 74; // a continuation line starts with the space
    if (octets + size > limit) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

export function bookingIcs(b: CalendarBooking): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Sportello//CUP//IT',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${b.uid}`,
    `SEQUENCE:${b.sequence}`,
    `DTSTAMP:${utc(b.stamp)}`,
    `DTSTART:${utc(b.start)}`,
    `DTEND:${utc(b.end)}`,
    `SUMMARY:${text(b.summary)}`,
    `LOCATION:${text(b.location)}`,
    `DESCRIPTION:${text(b.description)}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
