import { DateTime } from 'luxon';
import { ZONE } from '../../../platform/calendar.ts';
import { toGsmFriendly } from '../../outreach/index.ts';

/** What a campaign's message may name; the booking's fields are empty for a contact without one. */
export const PLACEHOLDERS = ['nome', 'prestazione', 'data', 'ora', 'struttura', 'codice'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** The placeholders a template uses that only a booking fills. */
export function bookingPlaceholders(template: string): string[] {
  return PLACEHOLDERS.filter((p) => p !== 'nome' && template.includes(`{${p}}`)).map((p) => `{${p}}`);
}

export function unknownPlaceholders(template: string): string[] {
  const known = new Set<string>(PLACEHOLDERS);
  return [...template.matchAll(/\{([^}]*)\}/g)].map((m) => m[0]).filter((p) => !known.has(p.slice(1, -1)));
}

export interface MessageFacts {
  name: string;
  appointment: { service: string; start: Date; facility: string; code: string } | null;
}

/** The message for one contact: placeholders filled (Rome time), in the characters an SMS carries. */
export function renderMessage(template: string, f: MessageFacts): string {
  return toGsmFriendly(fill(template, f, false));
}

function fill(template: string, f: MessageFacts, spoken: boolean): string {
  const at = f.appointment ? DateTime.fromJSDate(f.appointment.start, { zone: ZONE }).setLocale('it') : null;
  const code = f.appointment?.code ?? '';
  const values: Record<Placeholder, string> = {
    nome: f.name,
    prestazione: f.appointment?.service ?? '',
    // Read aloud: "lunedì 14 dicembre", "9:05"; written: "lun 14/12/2026", "09:05".
    data: at?.toFormat(spoken ? 'cccc d LLLL' : 'ccc dd/LL/yyyy') ?? '',
    ora: at?.toFormat(spoken ? 'H:mm' : 'HH:mm') ?? '',
    struttura: f.appointment?.facility ?? '',
    codice: spoken ? [...code.replace(/-/g, '')].join(' ') : code,
  };
  return template.replace(/\{([a-z]+)\}/g, (m, k: string) => values[k as Placeholder] ?? m);
}

/**
 * What a campaign's virtual operator reads (OB-5): the manager's message for this person, dates and codes
 * as a voice says them, then each outcome with its key ("Sarò presente: prema 1."). The engine adds "9
 * repeats".
 */
export function campaignSpeech(
  template: string,
  f: MessageFacts,
  outcomes: { label: string; key?: string | undefined }[],
): string {
  const message = fill(template, f, true).trim();
  const options = outcomes.map((o) => `${o.label.trim().replace(/[.:;,]+$/, '')}: prema ${o.key}.`);
  return [/[.!?]$/.test(message) ? message : `${message}.`, ...options].join(' ');
}

/** A campaign's question as the virtual operator asks it: its words for this person, and the keys that answer. */
export function campaignQuestion(
  template: string,
  f: MessageFacts,
  outcomes: { label: string; key?: string | undefined }[],
): { text: string; keys: string } {
  return { text: campaignSpeech(template, f, outcomes), keys: outcomes.map((o) => o.key).join('') };
}

/**
 * What the virtual operator reads before asking (OB-3, OB-7): the booking, in words, without its code.
 * The recall asks whether it still holds; the reminder reminds, with the address, as its SMS does.
 */
export function virtualSpeech(
  purpose: 'recall' | 'reminder',
  a: { service: string; start: Date; facility: string; address: string; copayCents: number },
): string {
  const at = DateTime.fromJSDate(a.start, { zone: ZONE }).setLocale('it');
  const when = `${at.toFormat('cccc d LLLL')} alle ore ${at.toFormat('H:mm')}`;
  return purpose === 'recall'
    ? 'Buongiorno, la chiama il servizio di prenotazione della Regione. ' +
        `Risulta una prenotazione per ${a.service}, ${when}, presso ${a.facility}.`
    : 'Buongiorno, la chiama il servizio di prenotazione della Regione per ricordarle la sua prenotazione: ' +
        `${a.service}, ${when}, presso ${a.facility}, ${a.address}. ` +
        "Porti l'impegnativa e la tessera sanitaria." +
        (a.copayCents > 0 ? ` Il ticket da pagare è di ${spokenEuros(a.copayCents)}.` : '');
}

/** An amount as the voice reads it: "36 euro e 15 centesimi", "23 euro". */
function spokenEuros(cents: number): string {
  const e = Math.floor(cents / 100);
  const c = cents % 100;
  return c === 0 ? `${e} euro` : `${e} euro e ${c} centesimi`;
}
