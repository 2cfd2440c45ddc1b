import { describe, expect, it } from 'vitest';
import { agendaFill as agenda } from '../test/fixtures.ts';
import { agendasCsv, filterAgendas, pageOf, sortAgendas } from './list.ts';

const items = [
  agenda({ agendaId: 'eco', name: 'Ecografia addome', fill: 0.2, firstFree: '2026-12-10T08:00:00.000Z' }),
  agenda({
    agendaId: 'car',
    name: 'Cardiologia',
    facilityName: 'Poliambulatorio Matera',
    district: 'Distretto Matera',
    organisationName: 'ASM Matera',
    serviceCodes: ['89.7A.3', '89.52'],
    fill: 0.9,
    firstFree: null,
    checks: [{ code: 'no-slots', count: 0, items: [] }],
  }),
  agenda({ agendaId: 'all', name: 'Allergologia', fill: 0.5, firstFree: '2026-12-05T08:00:00.000Z' }),
];
const names = new Map([
  ['89.7A.3', 'Visita cardiologica'],
  ['89.52', 'Elettrocardiogramma'],
]);
const ids = (rows: { agendaId: string }[]) => rows.map((r) => r.agendaId);

describe('the agendas list: search, sort, pages, export (issue 14 §15)', () => {
  it('finds by every word, ignoring case and accents, in name, place, organisation and service names', () => {
    expect(ids(filterAgendas(items, { query: 'matera' }))).toEqual(['car']);
    expect(ids(filterAgendas(items, { query: 'ELETTROCARDIOGRÀMMA', serviceNames: names }))).toEqual(['car']);
    expect(ids(filterAgendas(items, { query: 'san carlo eco' }))).toEqual(['eco']);
    expect(ids(filterAgendas(items, { query: '  ' }))).toEqual(['eco', 'car', 'all']);
    expect(ids(filterAgendas(items, { query: 'radiologia' }))).toEqual([]);
  });

  it('keeps only the agendas of a service, or those to fix', () => {
    expect(ids(filterAgendas(items, { service: '89.52' }))).toEqual(['car']);
    expect(ids(filterAgendas(items, { flaggedOnly: true }))).toEqual(['car']);
  });

  it('sorts fullest first, soonest free first (nothing free last), by name, problems first', () => {
    expect(ids(sortAgendas(items, 'fill'))).toEqual(['car', 'all', 'eco']);
    expect(ids(sortAgendas(items, 'firstFree'))).toEqual(['all', 'eco', 'car']);
    expect(ids(sortAgendas(items, 'name'))).toEqual(['all', 'car', 'eco']);
    expect(ids(sortAgendas(items, 'checks'))[0]).toBe('car');
    // By place: organisation first ("AOR San Carlo" before "ASM Matera"), then name.
    expect(ids(sortAgendas(items, 'place'))).toEqual(['all', 'eco', 'car']);
    expect(ids(items)).toEqual(['eco', 'car', 'all']);
  });

  it('pages by 25 and keeps the page within bounds', () => {
    const rows = Array.from({ length: 51 }, (_, i) => i);
    expect(pageOf(rows, 0)).toEqual({ rows: rows.slice(0, 25), pages: 3, page: 0 });
    expect(pageOf(rows, 2).rows).toEqual([50]);
    expect(pageOf(rows, 9).page).toBe(2);
    expect(pageOf([], 0)).toEqual({ rows: [], pages: 1, page: 0 });
  });

  it('exports semicolon-separated CSV with a BOM, quoting cells that need it', () => {
    const csv = agendasCsv([items[1]!], ['Codice', 'Agenda; nome'], {
      services: (codes) => codes.map((c) => names.get(c) ?? c).join(', '),
      checks: () => 'Nessun posto "aperto"',
    });
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const [header, row, end] = csv.slice(1).split('\r\n');
    expect(header).toBe('Codice;"Agenda; nome"');
    expect(row).toBe(
      'car;Cardiologia;ASM Matera;Poliambulatorio Matera;Distretto Matera;Visita cardiologica, Elettrocardiogramma;50;100;0.9000;;0;0;0;0;"Nessun posto ""aperto"""',
    );
    expect(end).toBe('');
  });
});
