import { describe, expect, it } from 'vitest';
import { buildFiscalCode } from '../../registry/index.ts';
import { parseContactsCsv } from './csv.ts';
import { nextAllowed, withinHours } from './hours.ts';
import { campaignKpi } from './kpis.ts';
import { campaignSpeech, renderMessage, unknownPlaceholders, virtualSpeech } from './message.ts';

const today = new Date('2026-12-07T09:00:00Z');
const hours = { from: '09:00', to: '19:00' };
const rome = (local: string) => new Date(`${local}`);

describe('a CSV of contacts, checked row by row', () => {
  it('reads a semicolon file with a BOM and Italian headers, and normalises numbers', () => {
    const fc = buildFiscalCode({
      familyName: 'Rossi',
      givenName: 'Maria',
      birthDate: '1950-03-15',
      sex: 'F',
      municipalityCode: 'G942',
    });
    const csv = `\uFEFFNome;Telefono;Email;Codice fiscale;Note\nMaria Rossi;333 765 4321;m@r.it;${fc};ok\nLuca Bianchi;0971-123456;;;\n`;
    const r = parseContactsCsv(csv, 'agent', today);
    expect(r.errors).toEqual([]);
    expect(r.contacts).toEqual([
      {
        row: 2,
        name: 'Maria Rossi',
        fiscalCode: fc,
        phone: '+393337654321',
        email: 'm@r.it',
        bookingCode: null,
        note: 'ok',
      },
      {
        row: 3,
        name: 'Luca Bianchi',
        fiscalCode: null,
        phone: '+390971123456',
        email: null,
        bookingCode: null,
        note: null,
      },
    ]);
  });

  it('reports every bad row with its column, and imports nothing', () => {
    const csv = [
      'nome,telefono,email,codice_prenotazione',
      ',3330000001,,', // no name
      'Anna,12345,,', // not a number
      'Bruno,0971123456,,', // a landline: no SMS
      'Carla,3331112222,,', // fine
      'Dario,+39 333 111 2222,,', // the same number as row 5
      'Elsa,3339998888,not-an-address,PRN-12', // bad e-mail, bad booking code
      'Franco,,,', // nothing to send an SMS to
    ].join('\n');
    const r = parseContactsCsv(csv, 'sms', today);
    expect(r.contacts).toEqual([]);
    expect(r.errors.map((e) => [e.row, e.field])).toEqual([
      [2, 'name'],
      [3, 'phone'],
      [4, 'phone'],
      [6, 'phone'],
      [7, 'email'],
      [7, 'bookingCode'],
      [8, 'phone'],
    ]);
    expect(r.errors.find((e) => e.row === 6)!.message).toContain('row 5');
  });

  it('refuses an unknown column or a file without a name column, before reading rows', () => {
    expect(parseContactsCsv('nome,cellulare\nA,333\n', 'agent', today).errors).toEqual([
      { row: 1, field: null, message: 'unknown column "cellulare"' },
    ]);
    expect(parseContactsCsv('telefono\n3331112222\n', 'agent', today).errors[0]).toMatchObject({
      field: 'name',
    });
    expect(parseContactsCsv('nome\n', 'agent', today).errors[0]!.message).toContain('no contacts');
  });

  it('checks a fiscal code when one is given', () => {
    const r = parseContactsCsv(
      'nome,telefono,codice_fiscale\nA,3331112222,RSSMRA50C55G942X\n',
      'agent',
      today,
    );
    expect(r.errors[0]).toMatchObject({ row: 2, field: 'fiscalCode' });
  });
});

describe("a campaign's allowed hours (Rome time, no Sundays or national holidays)", () => {
  it('allows a working Monday and a Saturday in hours, not a Sunday nor a holiday', () => {
    expect(withinHours(rome('2026-12-07T09:30:00+01:00'), hours)).toBe(true);
    expect(withinHours(rome('2026-12-07T08:59:00+01:00'), hours)).toBe(false);
    expect(withinHours(rome('2026-12-07T19:00:00+01:00'), hours)).toBe(false);
    expect(withinHours(rome('2026-12-12T10:00:00+01:00'), hours)).toBe(true); // Saturday
    expect(withinHours(rome('2026-12-13T10:00:00+01:00'), hours)).toBe(false); // Sunday
    expect(withinHours(rome('2026-12-08T10:00:00+01:00'), hours)).toBe(false); // Immacolata
  });

  it('finds the next opening across holidays, and across the change to summer time', () => {
    // Thursday 24 December, evening: 25 and 26 are holidays, 27 is a Sunday → Monday 28 at 09:00.
    expect(nextAllowed(rome('2026-12-24T20:00:00+01:00'), hours)).toEqual(rome('2026-12-28T09:00:00+01:00'));
    // Saturday 28 March 2026, evening; the clocks go forward on Sunday 29 → Monday 30, 09:00 CEST.
    expect(nextAllowed(rome('2026-03-28T20:00:00+01:00'), hours)).toEqual(rome('2026-03-30T09:00:00+02:00'));
    // Easter Monday 6 April 2026 is a holiday.
    expect(nextAllowed(rome('2026-04-04T20:00:00+02:00'), hours)).toEqual(rome('2026-04-07T09:00:00+02:00'));
    // A campaign for every day calls on Christmas too.
    const everyDay = { ...hours, everyDay: true };
    expect(withinHours(rome('2026-12-25T10:00:00+01:00'), everyDay)).toBe(true);
    expect(nextAllowed(rome('2026-12-24T20:00:00+01:00'), everyDay)).toEqual(
      rome('2026-12-25T09:00:00+01:00'),
    );
    const inside = rome('2026-12-07T11:00:00+01:00');
    expect(nextAllowed(inside, hours)).toBe(inside);
  });
});

describe('campaign indicators (OB-5)', () => {
  const at = (h: number) => new Date(Date.UTC(2026, 11, 7, 8) + h * 3_600_000);
  const done = (position: number, positive: boolean, start: number, end: number) => ({
    position,
    status: 'done' as const,
    disposition: positive ? 'reached' : 'declined',
    positive,
    firstAttemptAt: at(start),
    doneAt: at(end),
  });

  it('counts the positive share and each batch of 100, finished within 24 hours or not', () => {
    const contacts = [
      // Batch 1: 100 contacts, 60 positive, all done within 20 hours.
      ...Array.from({ length: 100 }, (_, i) => done(i + 1, i < 60, 0, i === 99 ? 20 : 1)),
      // Batch 2: 100 contacts, 30 done (10 positive) and 70 pending, started 30 hours ago.
      ...Array.from({ length: 100 }, (_, i) =>
        i < 30
          ? done(101 + i, i < 10, 0, 2)
          : {
              position: 101 + i,
              status: 'pending' as const,
              disposition: null,
              positive: null,
              firstAttemptAt: null,
              doneAt: null,
            },
      ),
      // Batch 3: 5 contacts, untouched.
      ...Array.from({ length: 5 }, (_, i) => ({
        position: 201 + i,
        status: 'pending' as const,
        disposition: null,
        positive: null,
        firstAttemptAt: null,
        doneAt: null,
      })),
    ];
    const k = campaignKpi(contacts, at(30));
    expect(k).toMatchObject({ contacts: 205, done: 130, positive: 70, pending: 75, positiveGoalMet: true });
    expect(k.positiveShare).toBeCloseTo(70 / 130);
    expect(k.byDisposition).toEqual({ reached: 70, declined: 60 });
    expect(k.batches.map((b) => [b.batch, b.contacts, b.done, b.positive, b.timing, b.hours])).toEqual([
      [1, 100, 100, 60, 'ok', 20],
      [2, 100, 30, 10, 'late', 30],
      [3, 5, 0, 0, 'not-started', null],
    ]);
    expect(k.batches[1]!.positiveShare).toBeCloseTo(1 / 3);
    expect([k.batchesOnTime, k.batchesLate]).toEqual([1, 1]);
  });

  it('says nothing of the share before anything is done', () => {
    expect(campaignKpi([], at(0))).toMatchObject({
      contacts: 0,
      positiveShare: null,
      positiveGoalMet: null,
      batches: [],
    });
  });
});

describe("a campaign's message", () => {
  it('fills the placeholders in Rome time and refuses unknown ones', () => {
    const text = renderMessage(
      'Gentile {nome}, {prestazione} il {data} alle {ora} presso {struttura} ({codice}).',
      {
        name: 'Maria Rossi',
        appointment: {
          service: 'Visita cardiologica',
          start: new Date('2026-07-01T06:30:00Z'),
          facility: 'Ospedale San Carlo',
          code: 'PRN-AB12-CD34',
        },
      },
    );
    expect(text).toBe(
      'Gentile Maria Rossi, Visita cardiologica il mer 01/07/2026 alle 08:30 presso Ospedale San Carlo (PRN-AB12-CD34).',
    );
    expect(unknownPlaceholders('Ciao {nome} {cognome} {data}')).toEqual(['{cognome}']);
  });
});

describe("the virtual operator's words (OB-3, OB-7)", () => {
  const booking = {
    service: 'Visita cardiologica',
    facility: 'Ospedale San Carlo',
    address: 'Via Potito Petrone, Potenza',
  };
  it('reminds with the Rome time, the address, what to bring and the ticket in words', () => {
    // Thursday 10 December 2026, 08:30 UTC: 09:30 in Rome (winter time).
    expect(
      virtualSpeech('reminder', { ...booking, start: new Date('2026-12-10T08:30:00Z'), copayCents: 3615 }),
    ).toBe(
      'Buongiorno, la chiama il servizio di prenotazione della Regione per ricordarle la sua prenotazione: ' +
        'Visita cardiologica, giovedì 10 dicembre alle ore 9:30, presso Ospedale San Carlo, Via Potito Petrone, Potenza. ' +
        "Porti l'impegnativa e la tessera sanitaria. Il ticket da pagare è di 36 euro e 15 centesimi.",
    );
  });
  it('asks the recall without the address or the ticket; summer time in Rome', () => {
    // Monday 29 March 2027, 07:00 UTC: 09:00 in Rome, the day after the clocks went forward.
    expect(
      virtualSpeech('recall', { ...booking, start: new Date('2027-03-29T07:00:00Z'), copayCents: 2300 }),
    ).toBe(
      'Buongiorno, la chiama il servizio di prenotazione della Regione. ' +
        'Risulta una prenotazione per Visita cardiologica, lunedì 29 marzo alle ore 9:00, presso Ospedale San Carlo.',
    );
    expect(
      virtualSpeech('reminder', { ...booking, start: new Date('2027-03-29T07:00:00Z'), copayCents: 2300 }),
    ).toContain(
      'lunedì 29 marzo alle ore 9:00, presso Ospedale San Carlo, Via Potito Petrone, Potenza. ' +
        "Porti l'impegnativa e la tessera sanitaria. Il ticket da pagare è di 23 euro.",
    );
    expect(
      virtualSpeech('reminder', { ...booking, start: new Date('2027-03-29T07:00:00Z'), copayCents: 0 }),
    ).not.toContain('ticket');
  });
});

describe("a manager's message read by the virtual operator (OB-5)", () => {
  const outcomes = [
    { label: 'Se sarà presente', key: '1' },
    { label: 'Se desidera disdire:', key: '3' },
  ];
  it('reads the date in words and the time without a leading zero (summer time), the code spelled, then each key', () => {
    // Wednesday 1 July 2026, 06:05 UTC: 08:05 in Rome (summer time).
    const text = campaignSpeech(
      'Gentile {nome}, la prenotazione {codice} di {data} alle {ora} presso {struttura} è confermata',
      {
        name: 'Maria Rossi',
        appointment: {
          service: 'Visita cardiologica',
          start: new Date('2026-07-01T06:05:00Z'),
          facility: 'Ospedale San Carlo',
          code: 'PRN-AB12-CD34',
        },
      },
      outcomes,
    );
    expect(text).toBe(
      'Gentile Maria Rossi, la prenotazione P R N A B 1 2 C D 3 4 di mercoledì 1 luglio alle 8:05 ' +
        'presso Ospedale San Carlo è confermata. Se sarà presente: prema 1. Se desidera disdire: prema 3.',
    );
  });
  it('keeps its own closing punctuation and the winter time', () => {
    // Monday 14 December 2026, 07:30 UTC: 08:30 in Rome.
    const text = campaignSpeech(
      'Domanda: verrà il {data}?',
      {
        name: 'Luca',
        appointment: { service: 'X', start: new Date('2026-12-14T07:30:00Z'), facility: 'Y', code: 'PRN-1' },
      },
      outcomes,
    );
    expect(text).toBe(
      'Domanda: verrà il lunedì 14 dicembre? Se sarà presente: prema 1. Se desidera disdire: prema 3.',
    );
  });
});
