import type { AgendaFill } from '../lib/types.ts';

// The agendas list as the CUP manager works it: searched, sorted, paged and exported (issue 14 §15).

export type AgendaSort = 'place' | 'fill' | 'firstFree' | 'name' | 'checks';
export const AGENDA_SORTS: AgendaSort[] = ['place', 'fill', 'firstFree', 'name', 'checks'];
export const PAGE_SIZE = 25;

const byName = (a: string, b: string) => a.localeCompare(b, 'it');

/** Lower case without accents, so that "cardiologia" finds "Cardiologìa" and "ecografia" "Ecografìa". */
const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();

/**
 * The agendas offering `service` (when given) whose name, code, facility, district, organisation or
 * services (by code or by name) contain every word of `query`; with `flaggedOnly`, only those with a
 * publication problem.
 */
export function filterAgendas(
  items: AgendaFill[],
  opts: { service?: string; query?: string; flaggedOnly?: boolean; serviceNames?: Map<string, string> },
): AgendaFill[] {
  const words = fold(opts.query ?? '')
    .split(/\s+/)
    .filter(Boolean);
  return items.filter((a) => {
    if (opts.service && !a.serviceCodes.includes(opts.service)) return false;
    if (opts.flaggedOnly && a.checks.length === 0) return false;
    if (words.length === 0) return true;
    const text = fold(
      [
        a.name,
        a.agendaId,
        a.facilityName,
        a.district,
        a.organisationName,
        ...a.serviceCodes,
        ...a.serviceCodes.map((c) => opts.serviceNames?.get(c) ?? ''),
      ].join(' '),
    );
    return words.every((w) => text.includes(w));
  });
}

/** Sorted copy: by place (organisation, facility, name), fullest first, soonest free first, name, or problems first. */
export function sortAgendas(items: AgendaFill[], sort: AgendaSort): AgendaFill[] {
  const place = (a: AgendaFill, b: AgendaFill) =>
    byName(a.organisationName, b.organisationName) ||
    byName(a.facilityName, b.facilityName) ||
    byName(a.name, b.name) ||
    a.agendaId.localeCompare(b.agendaId);
  const compare: Record<AgendaSort, (a: AgendaFill, b: AgendaFill) => number> = {
    place,
    fill: (a, b) => b.fill - a.fill || place(a, b),
    // An agenda with nothing free in the window comes last: it is the one to look at, not the first pick.
    firstFree: (a, b) => (a.firstFree ?? '\uffff').localeCompare(b.firstFree ?? '\uffff') || place(a, b),
    name: (a, b) => byName(a.name, b.name) || place(a, b),
    checks: (a, b) => b.checks.length - a.checks.length || place(a, b),
  };
  return [...items].sort(compare[sort]);
}

/** The rows of page `page` (from 0) and the number of pages (at least one). */
export function pageOf<T>(
  rows: T[],
  page: number,
  size = PAGE_SIZE,
): { rows: T[]; pages: number; page: number } {
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const p = Math.min(Math.max(0, page), pages - 1);
  return { rows: rows.slice(p * size, (p + 1) * size), pages, page: p };
}

/** A CSV cell: quoted when it holds the separator, a quote or a line break (RFC 4180). */
function cell(v: string | number): string {
  const s = String(v);
  return /[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The list as CSV for a spreadsheet: semicolon-separated with a byte-order mark (as Italian Excel opens
 * it), one header row in the UI language, numbers as plain digits and the fill as a decimal fraction.
 */
export function agendasCsv(
  rows: AgendaFill[],
  header: string[],
  describe: { services: (codes: string[]) => string; checks: (a: AgendaFill) => string },
): string {
  const lines = rows.map((a) =>
    [
      a.agendaId,
      a.name,
      a.organisationName,
      a.facilityName,
      a.district,
      describe.services(a.serviceCodes),
      a.taken,
      a.capacity,
      a.fill.toFixed(4),
      a.firstFree ?? '',
      a.overbookingPerSlot,
      a.overbookingOffered,
      a.overbooked,
      a.lateCancellations,
      describe.checks(a),
    ]
      .map(cell)
      .join(';'),
  );
  return `\uFEFF${[header.map(cell).join(';'), ...lines].join('\r\n')}\r\n`;
}
