import { DateTime } from 'luxon';
import { ZONE } from '../../../platform/calendar.ts';
import { toGsmFriendly } from '../../outreach/index.ts';

/** What a campaign's message may name; the booking's fields are empty for a contact without one. */
export const PLACEHOLDERS = ['nome', 'prestazione', 'data', 'ora', 'struttura', 'codice'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

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
  const at = f.appointment ? DateTime.fromJSDate(f.appointment.start, { zone: ZONE }).setLocale('it') : null;
  const values: Record<Placeholder, string> = {
    nome: f.name,
    prestazione: f.appointment?.service ?? '',
    data: at?.toFormat('ccc dd/LL/yyyy') ?? '',
    ora: at?.toFormat('HH:mm') ?? '',
    struttura: f.appointment?.facility ?? '',
    codice: f.appointment?.code ?? '',
  };
  return toGsmFriendly(template.replace(/\{([a-z]+)\}/g, (m, k: string) => values[k as Placeholder] ?? m));
}

/** What the virtual operator reads before asking (OB-3): the booking, in words, without its code. */
export function recallSpeech(a: { service: string; start: Date; facility: string }): string {
  const at = DateTime.fromJSDate(a.start, { zone: ZONE }).setLocale('it');
  return (
    'Buongiorno, la chiama il servizio di prenotazione della Regione. ' +
    `Risulta una prenotazione per ${a.service}, ${at.toFormat('cccc d LLLL')} alle ore ${at.toFormat('H:mm')}, ` +
    `presso ${a.facility}.`
  );
}
