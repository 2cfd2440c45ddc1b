// Numbers for planners: shares with one decimal ("88,8%"), seconds, Erlang loads and 95% intervals in the
// UI language's format; and decimals typed with a comma or a point, as Italian users do.
import { type Lang, LOCALES } from '../lib/format.ts';
import type { Estimate } from './types.ts';

/** Shown where the server has no figure (a queue that never clears, nothing simulated). */
export const NONE = '—';

const cache = new Map<string, Intl.NumberFormat>();
function nf(lang: Lang, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${lang}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(LOCALES[lang], options);
    cache.set(key, f);
  }
  return f;
}

const missing = (x: number | null | undefined): x is null | undefined =>
  x === null || x === undefined || !Number.isFinite(x);

/** 0.88835 → "88,8%" (it) / "88.8%" (en). */
export function formatShare(x: number | null | undefined, lang: Lang, digits = 1): string {
  if (missing(x)) return NONE;
  return nf(lang, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(
    x,
  );
}

/** A target or a threshold as people write it: 0.9 → "90%", 0.005 → "0,5%" (no trailing zero). */
export function formatTarget(x: number | null | undefined, lang: Lang): string {
  if (missing(x)) return NONE;
  return nf(lang, { style: 'percent', minimumFractionDigits: 0, maximumFractionDigits: 1 }).format(x);
}

/** 34.266 → "34,3" with one decimal; 46964.49 → "46.964" with none (grouping in both languages). */
export function formatNumber(x: number | null | undefined, lang: Lang, digits = 0): string {
  if (missing(x)) return NONE;
  return nf(lang, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    useGrouping: 'always',
  } as Intl.NumberFormatOptions).format(x);
}

/** 7.8359 → "7,8 s". */
export function formatSeconds(x: number | null | undefined, lang: Lang, digits = 1): string {
  if (missing(x)) return NONE;
  return `${formatNumber(x, lang, digits)}\u00a0s`;
}

/** Euros without cents for penalties: 2500 → "2.500 €" (it) / "€2,500" (en). */
export function formatEuros(x: number | null | undefined, lang: Lang): string {
  if (missing(x)) return NONE;
  return nf(lang, {
    style: 'currency',
    currency: 'EUR',
    minimumFractionDigits: 0,
    maximumFractionDigits: 0,
    useGrouping: 'always',
  } as Intl.NumberFormatOptions).format(x);
}

export type EstimateKind = 'share' | 'seconds' | 'number' | 'euros';

function formatKind(x: number | null, kind: EstimateKind, lang: Lang): string {
  switch (kind) {
    case 'share':
      return formatShare(x, lang);
    case 'seconds':
      return formatSeconds(x, lang);
    case 'euros':
      return formatEuros(x, lang);
    default:
      return formatNumber(x, lang, 1);
  }
}

/**
 * A 95% interval as "95,1% – 99,5%"; NONE when a single replication (or none) leaves no interval.
 * Shares are clipped to [0, 1] and counts to ≥ 0: a t interval on few runs can step outside.
 */
export function formatInterval(e: Estimate, kind: EstimateKind, lang: Lang): string {
  if (missing(e.low) || missing(e.high)) return NONE;
  const clip = (x: number) => (kind === 'share' ? Math.min(1, Math.max(0, x)) : Math.max(0, x));
  return `${formatKind(clip(e.low), kind, lang)} – ${formatKind(clip(e.high), kind, lang)}`;
}

export function formatMean(e: Estimate, kind: EstimateKind, lang: Lang): string {
  return missing(e.mean) ? NONE : formatKind(e.mean, kind, lang);
}

/**
 * A decimal typed by a person: "88,5" or "88.5" → 88.5; "" → null; anything else → NaN. Thousands
 * separators are read as the UI language writes them: "1.800" is 1800 in Italian, "1,800" in English.
 */
export function parseDecimal(text: string, lang: Lang = 'it'): number | null {
  const s = text.trim().replace(/[\s\u00a0\u202f']/g, '');
  if (s === '') return null;
  const [group, decimal] = lang === 'it' ? ['.', ','] : [',', '.'];
  const grouped = new RegExp(`^-?\\d{1,3}(\\${group}\\d{3})+(\\${decimal}\\d+)?$`);
  let normal = grouped.test(s) ? s.split(group).join('') : s;
  // Either mark works as the decimal one when it is the only mark there.
  normal = normal.replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(normal)) return Number.NaN;
  return Number(normal);
}

const dayFormats: Partial<Record<Lang, Intl.DateTimeFormat>> = {};
/** A calendar day of the plan, "2026-12-01" → "mar 1 dic" (it) / "Tue 1 Dec" (en); never shifted by a zone. */
export function formatDay(date: string, lang: Lang): string {
  const [y, m, d] = date.split('-').map(Number);
  if (!y || !m || !d) return date;
  dayFormats[lang] ??= new Intl.DateTimeFormat(LOCALES[lang], {
    timeZone: 'UTC',
    weekday: 'short',
    day: 'numeric',
    month: 'short',
  });
  return dayFormats[lang].format(new Date(Date.UTC(y, m - 1, d)));
}
