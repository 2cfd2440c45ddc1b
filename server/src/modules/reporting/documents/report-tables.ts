import { DateTime } from 'luxon';
import { ZONE } from '../../../platform/calendar.ts';
import { topicName } from '../../chat/index.ts';
import { answerWords, questionAfter, SERVICE_WORDS } from '../../portal/index.ts';
import type { ReportData } from '../rules/report.types.ts';

// MR-3: a report's data as flat tables, one definition for its CSV files and its XLSX sheets (the layout
// is in docs/indicators.md). Shares are fractions (0.913), times in seconds, instants ISO with Rome's offset.

export type Cell = string | number | boolean | null;
export interface ReportTable {
  /** The CSV's `table` parameter and the sheet's name. */
  name: (typeof REPORT_TABLES)[number];
  columns: string[];
  rows: Cell[][];
}

export const REPORT_TABLES = [
  'livelli',
  'giorni',
  'ore',
  'code',
  'tipi',
  'linee',
  'occupazione',
  'canali',
  'chat',
  'promemoria',
  'valutazioni_portale',
  'commenti_portale',
] as const;

const TRAFFIC_COLUMNS = [
  'arrivate',
  'offerte_in_coda',
  'risposte',
  'risposte_entro_obiettivo',
  'abbandonate_entro_obiettivo',
  'abbandonate_oltre_obiettivo',
  'abbandonate_in_ivr',
  'occupato',
  'fuori_orario',
  'respinte',
  'richiamate_richieste',
  'richiamate_risposte',
  'attesa_media_risposta_s',
  'attesa_media_richiamata_s',
  'conversazione_media_s',
  'gestione_media_s',
  'occupazione_operatori',
  'in_coda_medie',
  'in_ivr_medie',
  'operatori_attivi_medi',
];

type TrafficRow = ReportData['traffic']['total'];
const traffic = (r: TrafficRow): Cell[] => [
  r.arrived,
  r.offered,
  r.answered,
  r.answeredWithinTarget,
  r.abandonedShort,
  r.abandonedLong,
  r.abandonedInIvr,
  r.busy,
  r.outOfHours,
  r.turnedAway,
  r.callbacksRequested,
  r.callbacksAnswered,
  round(r.averageSpeedOfAnswerSeconds),
  round(r.callbackAverageSpeedOfAnswerSeconds),
  round(r.averageTalkSeconds),
  round(r.averageHandlingSeconds),
  round(r.occupancy),
  round(r.averageWaitingInQueue),
  round(r.averageInIvr),
  round(r.averageActiveAgents),
];

const round = (v: number | null) => (v === null ? null : Math.round(v * 10_000) / 10_000);

export function reportTables(d: ReportData): ReportTable[] {
  return [
    {
      name: 'livelli',
      columns: [
        'servizio',
        'livello',
        'indicatore',
        'confronto',
        'soglia',
        'obiettivo_s',
        'misurato',
        'rispettato',
        'punti',
        'penale_quota_valore',
        'chiamate',
      ],
      rows: [
        ...d.sla.services.flatMap((s) =>
          s.rules.map((r) => [
            s.service,
            r.id,
            r.indicator,
            r.comparison,
            r.threshold,
            r.targetSeconds,
            round(r.measured),
            r.met,
            r.points,
            round(r.penaltyShare),
            s.calls,
          ]),
        ),
        ...availabilityRows(d),
        ...outboundRows(d),
        ...turnoverRows(d),
      ],
    },
    {
      name: 'giorni',
      columns: ['data', ...TRAFFIC_COLUMNS],
      rows: d.traffic.byDay.map((r) => [r.date, ...traffic(r)]),
    },
    {
      name: 'ore',
      columns: ['ora', ...TRAFFIC_COLUMNS],
      rows: d.traffic.byHour.map((r) => [r.hour, ...traffic(r)]),
    },
    {
      name: 'code',
      columns: ['coda', ...TRAFFIC_COLUMNS],
      rows: d.traffic.byQueue.map((r) => [r.queueId, ...traffic(r)]),
    },
    {
      name: 'tipi',
      columns: ['tipo_richiesta', ...TRAFFIC_COLUMNS],
      rows: d.traffic.byRequestType.map((r) => [r.requestType, ...traffic(r)]),
    },
    {
      name: 'linee',
      columns: ['linea', ...TRAFFIC_COLUMNS],
      rows: d.traffic.byLine.map((r) => [r.line, ...traffic(r)]),
    },
    {
      name: 'occupazione',
      columns: ['linea', 'canali', 'fascia_inizio', 'picco_canali', 'arrivate', 'occupato', 'satura'],
      rows: d.occupancy.flatMap((l) =>
        l.bands.map((b) => [l.line, l.channels, b.start, b.peak, b.arrived, b.busy, b.saturated]),
      ),
    },
    {
      name: 'canali',
      columns: [
        'linea',
        'canali',
        'picco_canali',
        'arrivate',
        'occupato',
        'fasce_sature',
        'coppie_consecutive_sature',
        'canali_raccomandati',
      ],
      rows: d.occupancy.map((l) => [
        l.line,
        l.channels,
        l.peak,
        l.arrived,
        l.busy,
        l.saturatedBands,
        l.consecutiveSaturations.length,
        l.recommendation?.channels ?? null,
      ]),
    },
    ...chatTables(d),
    ...reminderTables(d),
    ...ratingTables(d),
  ];
}

/** OB-1, OB-7: the period's reminders against the law's two working days (absent from reports made before). */
function reminderTables(d: ReportData): ReportTable[] {
  const r = d.reminders;
  if (!r) return [];
  return [
    {
      name: 'promemoria',
      columns: [
        'appuntamenti',
        'prenotati_dopo_la_scadenza',
        'raggiunti_in_tempo',
        'raggiunti_in_ritardo',
        'sms_senza_ricevuta',
        'non_raggiunti',
        'non_tentati',
        'copertura',
      ],
      rows: [
        [
          r.appointments,
          r.bookedLate,
          r.onTime,
          r.late,
          r.noReceipt ?? null,
          r.notReached,
          r.notTried,
          r.coverage,
        ],
      ],
    },
  ];
}

/** CC-10: the period's chats, a total row then one per topic (absent from reports made before). */
function chatTables(d: ReportData): ReportTable[] {
  const c = d.chat;
  if (!c) return [];
  return [
    {
      name: 'chat',
      columns: [
        'argomento',
        'iniziate',
        'concluse_automaticamente',
        'richieste_operatore',
        'prese_in_carico',
        'entro_60s',
        'attesa_media_s',
        'attesa_massima_s',
        'abbandonate',
        'richieste_scritte',
        'al_back_office',
        'valutazioni',
        'voto_medio',
      ],
      rows: [
        [
          'totale',
          c.started,
          c.selfService,
          c.queued,
          c.answered,
          c.answeredWithin60s,
          c.averageWaitSeconds,
          c.longestWaitSeconds,
          c.abandoned,
          c.requestsLeft,
          c.tickets,
          c.ratings,
          c.averageRating,
        ],
        ...c.byTopic.map((t) => [
          topicName(t.topic),
          t.started,
          null,
          t.queued,
          t.answered,
          null,
          t.averageWaitSeconds,
          null,
          null,
          null,
          null,
          null,
          null,
        ]),
      ],
    },
  ];
}

/** IVR continuity (MR-5) as a level of every service, and the technical unavailability in hours. */
function availabilityRows(d: ReportData): Cell[][] {
  const a = d.sla.availability;
  if (!a) return [];
  return [
    [
      'ivr',
      'continuita-ivr',
      'ivr-availability',
      'at-least',
      a.ivr.threshold,
      null,
      round(a.ivr.measured),
      a.ivr.met,
      a.ivr.points,
      round(a.ivr.penaltyShare),
      null,
    ],
    [
      'operatori',
      'indisponibilita-tecnica',
      'technical-unavailability-hours',
      'at-most',
      0,
      null,
      a.technical.workingHours,
      a.technical.workingHours === 0,
      a.technical.workingHours,
      null,
      null,
    ],
  ];
}

function turnoverRows(d: ReportData): Cell[][] {
  const t = d.sla.turnover;
  if (!t) return [];
  return [
    [
      'operatori',
      'turnover-annuale',
      'leavers-over-average-headcount',
      'at-most',
      t.threshold,
      null,
      round(t.rate),
      t.met,
      null,
      round(t.penaltyShare),
      t.leavers,
    ],
  ];
}

function outboundRows(d: ReportData): Cell[][] {
  const o = d.sla.outbound;
  if (!o) return [];
  return [
    [
      'outbound',
      'esiti-positivi',
      'outbound-positive-share',
      'at-least',
      0.5,
      null,
      round(o.positiveShare),
      o.met,
      o.points,
      round(o.positivePenaltyShare),
      o.calls,
    ],
    [
      'outbound',
      'pacchetti-24h',
      'batch-late-hours',
      'at-most',
      0,
      null,
      o.lateHours,
      o.lateHours === 0,
      o.lateHours,
      round(o.latePenaltyShare),
      o.batches.length,
    ],
  ];
}

/** A spreadsheet would run text that starts so as a formula (citizens' words are in the tables). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A table as CSV: semicolons, a header row, CRLF, text quoted, decimal points; text that a spreadsheet
 * would read as a formula is given a leading apostrophe (OWASP's CSV injection advice).
 */
export function tableCsv(t: ReportTable): string {
  const cell = (v: Cell) =>
    v === null
      ? ''
      : typeof v === 'number'
        ? String(v)
        : typeof v === 'boolean'
          ? v
            ? 'si'
            : 'no'
          : `"${(FORMULA_START.test(v) ? `'${v}` : v).replaceAll('"', '""')}"`;
  return `${[t.columns.join(';'), ...t.rows.map((r) => r.map(cell).join(';'))].join('\r\n')}\r\n`;
}

/** C.SE.1.7: the portal's ratings by service, the second question's answers, and the words (absent before). */
function ratingTables(d: ReportData): ReportTable[] {
  const r = d.portalRatings;
  if (!r) return [];
  return [
    {
      name: 'valutazioni_portale',
      columns: [
        'servizio',
        'valutazioni',
        'voto_medio',
        'stelle_1',
        'stelle_2',
        'stelle_3',
        'stelle_4',
        'stelle_5',
      ],
      rows: [
        [
          'totale',
          r.ratings,
          r.average,
          ...[0, 1, 2, 3, 4].map((i) => r.services.reduce((n, s) => n + s.byStars[i]!, 0)),
        ],
        ...r.services.map((s) => [SERVICE_WORDS[s.service], s.ratings, s.average, ...s.byStars]),
        ...r.reasons.map((a) => [
          `${a.question === 'difficulties' ? 'difficoltà' : 'preferito'}: ${answerWords(a.question, a.reason)}`,
          a.count,
          null,
          null,
          null,
          null,
          null,
          null,
        ]),
      ],
    },
    {
      name: 'commenti_portale',
      columns: ['quando', 'servizio', 'stelle', 'risposta', 'commento'],
      rows: r.comments.map((c) => [
        romeInstant(c.at),
        SERVICE_WORDS[c.service],
        c.rating,
        c.reason === null ? null : answerWords(questionAfter(c.rating), c.reason),
        c.text,
      ]),
    },
  ];
}

const romeInstant = (iso: string) =>
  DateTime.fromISO(iso).setZone(ZONE).toISO({ suppressMilliseconds: true });
