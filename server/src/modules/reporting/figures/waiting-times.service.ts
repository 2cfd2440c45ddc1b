import { romeDate, romePeriod } from '../../../platform/calendar.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Db } from '../../../platform/db.ts';
import { guaranteeDeadline, loadGuaranteeRules } from '../../booking/index.ts';
import * as repo from './figures.repository.ts';

// MR-7, for the region's monitoring (PNGLA): first accesses by service, district and priority class —
// how many were offered a first place within the guarantee (ex-ante), booked within it, the days waited,
// and the places refused. One row per (service, district, class); the CSV's layout is in
// docs/indicators.md.

const DAY_MS = 86_400_000;

export interface WaitingTimesRow {
  serviceCode: string;
  district: string;
  priority: string;
  bookings: number;
  /** Share whose first place offered was within the guarantee (ex-ante); null without bookings. */
  offeredWithinGuarantee: number | null;
  /** Share booked within the guarantee. */
  bookedWithinGuarantee: number | null;
  /** Days from the request to the appointment: mean and median (one decimal). */
  meanDaysWaited: number | null;
  medianDaysWaited: number | null;
  refusals: number;
  refusalsWithinGuarantee: number;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export async function waitingTimes(
  db: Db,
  clock: Clock,
  q: { from?: string | undefined; to?: string | undefined },
): Promise<{ from: string; to: string; rows: WaitingTimesRow[] }> {
  const { from, to, start, end } = romePeriod(romeDate(clock.now()), q, 366);
  const [bookings, refusals, rules] = await Promise.all([
    repo.firstAccessBookings(db, start, end),
    repo.firstAccessRefusals(db, start, end),
    loadGuaranteeRules(db),
  ]);
  const groups = new Map<
    string,
    {
      key: [string, string, string];
      waits: number[];
      offered: number;
      booked: number;
      refusals: number;
      refusedIn: number;
    }
  >();
  const group = (service: string, district: string, priority: string) => {
    const k = `${service}\u0000${district}\u0000${priority}`;
    let g = groups.get(k);
    if (!g) {
      g = { key: [service, district, priority], waits: [], offered: 0, booked: 0, refusals: 0, refusedIn: 0 };
      groups.set(k, g);
    }
    return g;
  };
  for (const b of bookings) {
    const g = group(b.serviceCode, b.district, b.priority);
    g.waits.push((b.start.getTime() - b.requestedAt.getTime()) / DAY_MS);
    const deadline = guaranteeDeadline(rules, b.priority, b.kind, b.requestedAt);
    if (b.firstOfferedAt && b.firstOfferedAt <= deadline) g.offered++;
    if (b.withinGuarantee) g.booked++;
  }
  for (const r of refusals) {
    const g = group(r.serviceCode, r.district, r.priority);
    g.refusals++;
    if (r.withinGuarantee) g.refusedIn++;
  }
  const rows = [...groups.values()]
    .map((g): WaitingTimesRow => {
      const n = g.waits.length;
      return {
        serviceCode: g.key[0],
        district: g.key[1],
        priority: g.key[2],
        bookings: n,
        offeredWithinGuarantee: n ? g.offered / n : null,
        bookedWithinGuarantee: n ? g.booked / n : null,
        meanDaysWaited: n ? round1(g.waits.reduce((a, b) => a + b, 0) / n) : null,
        medianDaysWaited: n ? round1(median(g.waits)) : null,
        refusals: g.refusals,
        refusalsWithinGuarantee: g.refusedIn,
      };
    })
    .sort(
      (a, b) =>
        a.serviceCode.localeCompare(b.serviceCode) ||
        a.district.localeCompare(b.district) ||
        'UBDP'.indexOf(a.priority) - 'UBDP'.indexOf(b.priority),
    );
  return { from, to, rows };
}

/** The CSV layout of docs/indicators.md: semicolons, a header row, shares with a decimal point. */
export function waitingTimesCsv(rows: WaitingTimesRow[]): string {
  const head =
    'servizio;distretto;classe_priorita;prenotazioni;quota_offerta_entro_garanzia;quota_prenotata_entro_garanzia;giorni_attesa_media;giorni_attesa_mediana;rifiuti;rifiuti_entro_garanzia';
  const cell = (v: string | number | null) =>
    v === null
      ? ''
      : typeof v === 'number'
        ? String(Math.round(v * 10_000) / 10_000)
        : `"${v.replaceAll('"', '""')}"`;
  return `${[
    head,
    ...rows.map((r) =>
      [
        cell(r.serviceCode),
        cell(r.district),
        cell(r.priority),
        r.bookings,
        cell(r.offeredWithinGuarantee),
        cell(r.bookedWithinGuarantee),
        cell(r.meanDaysWaited),
        cell(r.medianDaysWaited),
        r.refusals,
        r.refusalsWithinGuarantee,
      ].join(';'),
    ),
  ].join('\r\n')}\r\n`;
}
