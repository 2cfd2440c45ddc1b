import { describe, expect, it } from 'vitest';
import { lastTimelyCancellationDate } from '../../booking/index.ts';
import { smsSize } from '../../messaging/index.ts';
import { signLink, verifyLink } from './link-token.ts';
import {
  acknowledgementSms,
  leadDays,
  parseReminderLead,
  reminderAppIo,
  reminderDate,
  reminderEmail,
  reminderSms,
} from './reminder.ts';
import { parseReply } from './reply.ts';

describe('a patient’s reply to a reminder', () => {
  it.each([
    ['CONFERMA', 'confirm', null],
    ['conferma', 'confirm', null],
    ['  Confermo!! ', 'confirm', null],
    ['Sì', 'confirm', null],
    ['ANNULLA PRN-AB12-CD34', 'cancel', 'PRN-AB12-CD34'],
    ['annullo prn-ab12-cd34 grazie', 'cancel', 'PRN-AB12-CD34'],
    ['Disdico', 'cancel', null],
    ['PRN-AB12-CD34 conferma', 'confirm', 'PRN-AB12-CD34'],
    ['STOP', 'stop', null],
    ['ciao, chi siete?', 'unknown', null],
    ['sì annullo... no confermo', 'unknown', null],
    ['', 'unknown', null],
  ])('reads %j as %s', (text, intent, code) => {
    expect(parseReply(text)).toEqual({ intent, code });
  });

  it('does not take a word that only contains a keyword ("okay" is not OK, "stoppa" is not STOP)', () => {
    expect(parseReply('stoppa').intent).toBe('unknown');
    expect(parseReply('SIGNORA').intent).toBe('unknown');
  });
});

describe('the reminder link', () => {
  const secret = 'a-secret-of-at-least-thirty-two-characters!';
  const claims = { code: 'PRN-AB12-CD34', version: 2, expires: Date.parse('2026-12-14T08:40:00Z') / 1000 };
  const before = new Date('2026-12-09T10:00:00Z');

  it('verifies what it signed, until it expires', () => {
    const token = signLink(claims, secret);
    expect(token.length).toBeLessThan(45); // every character of an SMS is paid for
    expect(verifyLink(token, secret, before)).toEqual({ ok: true, claims });
    expect(verifyLink(token, secret, new Date('2026-12-14T08:40:00Z'))).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('refuses a changed code or version, another key, and a truncated link', () => {
    const token = signLink(claims, secret);
    expect(verifyLink(token.replace('CD34', 'CD35'), secret, before)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    expect(verifyLink(token.replace('.2.', '.3.'), secret, before)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    expect(verifyLink(token, `${secret}x`, before)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyLink(token.split('.').slice(0, 3).join('.'), secret, before)).toEqual({
      ok: false,
      reason: 'malformed',
    });
  });
});

describe('the reminder lead', () => {
  it('has a default and overrides by priority and by service, the service first', () => {
    const lead = parseReminderLead('5, B=3, 89.7=7');
    expect(leadDays(lead, 'D', 'X')).toBe(5);
    expect(leadDays(lead, 'B', 'X')).toBe(3);
    expect(leadDays(lead, 'B', '89.7')).toBe(7);
  });

  it.each(['', 'B=3', '0', '5,B=x', 'cinque'])('refuses %j, saying what is expected', (text) => {
    expect(() => parseReminderLead(text)).toThrow(/reminder/);
  });

  it('falls on calendar days before the appointment, across the clock change', () => {
    expect(reminderDate('2026-10-27', 5)).toBe('2026-10-22');
    expect(reminderDate('2027-01-02', 5)).toBe('2026-12-28');
  });
});

describe('the cancellation deadline (working days, DL 73/2024)', () => {
  it('skips weekends and national holidays', () => {
    // Monday 8 December 2025 is the Immacolata: two working days before Wednesday 10 are Tue 9 and Fri 5.
    expect(lastTimelyCancellationDate('2025-12-10', 2)).toBe('2025-12-05');
    // Tuesday 3 June 2025: Monday 2 June is Festa della Repubblica → Fri 30 and Thu 29 May.
    expect(lastTimelyCancellationDate('2025-06-03', 2)).toBe('2025-05-29');
  });

  it("skips the facility's patron saint", () => {
    // Friday 1 June 2029 in Potenza: Thursday 31 May counts, Wednesday 30 (San Gerardo) does not.
    expect(lastTimelyCancellationDate('2029-06-01', 2)).toBe('2029-05-30');
    expect(lastTimelyCancellationDate('2029-06-01', 2, new Set(['2029-05-30']))).toBe('2029-05-29');
  });
});

describe('the reminder text', () => {
  const facts = {
    code: 'PRN-AB12-CD34',
    service: 'Visita cardiologica',
    // 08:40 in Rome on Monday 14 December 2026 (UTC+1).
    start: new Date('2026-12-14T07:40:00Z'),
    facility: 'Poliambulatorio Madre Teresa di Calcutta',
    address: 'Via del Gallitello 1, 85100 Potenza (PZ)',
    copayCents: 2240,
    cancelBy: '2026-12-10',
    link: 'https://cup.regione.example/l/PRN-AB12-CD34.1.tpifyo.q8eMild1iAbCdEfGh',
  };

  it('says what, when in Rome time, where, the code, what to bring, the ticket, the deadline and how to answer', () => {
    const sms = reminderSms(facts);
    for (const part of [
      'PRN-AB12-CD34',
      'Visita cardiologica',
      'lun 14/12/2026 ore 08:40',
      'Poliambulatorio Madre Teresa di Calcutta, Via del Gallitello 1',
      'impegnativa e tessera sanitaria',
      '22,40',
      'CONFERMA o ANNULLA',
      'gio 10/12/2026',
      facts.link,
    ])
      expect(sms).toContain(part);
    // GSM 03.38 (the euro sign is in its extension table): 153 characters a part, not 67.
    expect(smsSize(sms).encoding).toBe('gsm7');
    expect(smsSize(sms).segments).toBeLessThanOrEqual(3);
  });

  it('keeps to GSM 03.38 when a facility’s name has a curly apostrophe or a dash', () => {
    const sms = reminderSms({ ...facts, facility: 'Presidio “Sant’Anna” – Matera' });
    expect(sms).toContain('Presidio "Sant\'Anna" - Matera');
    expect(smsSize(sms).encoding).toBe('gsm7');
  });

  it('leaves out the ticket when nothing is due, and the link when links are off', () => {
    const sms = reminderSms({ ...facts, copayCents: 0, link: null });
    expect(sms).not.toMatch(/ticket|http/);
  });

  it('says nothing of a deadline that has already passed', () => {
    expect(reminderSms({ ...facts, cancelBy: null })).not.toContain('disdetta entro');
  });

  it('by e-mail, has a subject, the text and an HTML part with the link', () => {
    const mail = reminderEmail(facts);
    expect(mail.subject).toBe('Promemoria appuntamento PRN-AB12-CD34 — 14/12/2026 08:40');
    expect(mail.text).toContain('lunedì 14 dicembre 2026 alle 08:40');
    expect(mail.html).toContain(`<a href="${facts.link}">`);
  });

  it('in App IO, opens with the link as the message’s button, in both languages, and asks for no reply', () => {
    const io = reminderAppIo(facts);
    expect(io.subject).toBe('Promemoria appuntamento del 14/12/2026 alle 08:40');
    expect(io.markdown.split('\n').slice(0, 9)).toEqual([
      '---',
      'it:',
      '  cta_1:',
      '    text: "Conferma o disdici"',
      `    action: "iohandledlink://${facts.link}"`,
      'en:',
      '  cta_1:',
      '    text: "Confirm or cancel"',
      `    action: "iohandledlink://${facts.link}"`,
    ]);
    expect(io.markdown).toContain('lunedì 14 dicembre 2026 alle 08:40');
    expect(io.markdown).toContain(`[Conferma o disdici la prenotazione](${facts.link})`);
    expect(io.markdown).toContain('disdici entro giovedì 10 dicembre');
    // IO carries no replies: the message never asks for CONFERMA or ANNULLA.
    expect(io.markdown).not.toMatch(/CONFERMA|ANNULLA|\b[Rr]ispond[ai]\b/);
  });

  it('in App IO, without links: no button and no link, the phone line to cancel; a recall asks to confirm', () => {
    const io = reminderAppIo({ ...facts, link: null }, 'recall');
    expect(io.subject).toBe('Conferma il tuo appuntamento del 14/12/2026 alle 08:40');
    expect(io.markdown.startsWith('Ti chiediamo di confermare la prenotazione PRN-AB12-CD34')).toBe(true);
    expect(io.markdown).not.toMatch(/cta_1|\]\(/);
    expect(io.markdown).toContain('con il risponditore automatico del CUP');
  });

  it('in App IO, a service or facility name is shown as written, not read as markdown', () => {
    const io = reminderAppIo({ ...facts, service: 'RX *torace* [2 proiezioni]', facility: '_Ospedale_ #1' });
    expect(io.markdown).toContain('**RX \\*torace\\* \\[2 proiezioni\\]**');
    expect(io.markdown).toContain('presso \\_Ospedale\\_ \\#1');
  });

  it('answers a cancellation with its number', () => {
    expect(
      acknowledgementSms('cancel-ack', {
        code: 'PRN-AB12-CD34',
        start: facts.start,
        cancellationNumber: 'ANN-AB12-CD34-1',
      }),
    ).toBe(
      'Disdetta registrata: prenotazione PRN-AB12-CD34 del lun 14/12/2026 ore 08:40 annullata. Numero di disdetta ANN-AB12-CD34-1.',
    );
  });
});
