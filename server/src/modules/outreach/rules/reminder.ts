import { DateTime } from 'luxon';
import { addDays, ZONE } from '../../../platform/calendar.ts';
import { keypadCode } from '../../booking/index.ts';

/**
 * How many days before an appointment its reminder goes (OB-1): a default, and overrides per priority
 * class (U, B, D, P) or per service code — written `5` or `5,B=3,89.7=7` (REMINDER_LEAD_DAYS).
 */
export interface ReminderLead {
  days: number;
  byPriority: Record<string, number>;
  byService: Record<string, number>;
}

export function parseReminderLead(text: string): ReminderLead {
  const lead: ReminderLead = { days: Number.NaN, byPriority: {}, byService: {} };
  for (const part of text.split(',').map((p) => p.trim())) {
    const m = /^(?:([^=\s]+)=)?(\d{1,2})$/.exec(part);
    if (!m)
      throw new Error(
        `a reminder lead is days, or KEY=days with a priority or a service code, not "${part}"`,
      );
    const days = Number(m[2]);
    if (days < 1) throw new Error(`a reminder goes at least one day before, not ${days} (${part})`);
    if (!m[1]) lead.days = days;
    else if (/^[UBDP]$/.test(m[1])) lead.byPriority[m[1]] = days;
    else lead.byService[m[1]] = days;
  }
  if (Number.isNaN(lead.days))
    throw new Error(`a reminder lead needs the default number of days, in "${text}"`);
  return lead;
}

/** The service's lead first (the most specific), then the priority's, then the default. */
export const leadDays = (lead: ReminderLead, priority: string, serviceCode: string): number =>
  lead.byService[serviceCode] ?? lead.byPriority[priority] ?? lead.days;

/** The Rome date on which an appointment's reminder is due: `days` calendar days before its day. */
export const reminderDate = (appointmentDate: string, days: number): string =>
  addDays(appointmentDate, -days);

export interface ReminderFacts {
  code: string;
  service: string;
  start: Date;
  facility: string;
  address: string;
  /** What the patient pays at the desk (the co-payment), in cents; 0 when exempt or nothing is due. */
  copayCents: number;
  /** The last Rome date to cancel in time, 'YYYY-MM-DD'; null once it has passed (cancelling is still possible). */
  cancelBy: string | null;
  /** The one-click link (confirm or cancel), or null when links are off. */
  link: string | null;
}

// Not Intl's currency format: its no-break space is outside GSM 03.38 and would make the SMS UCS-2,
// at 67 characters a part instead of 153.
const euros = (cents: number) => `${(cents / 100).toFixed(2).replace('.', ',')} €`;

/**
 * Typographic characters that names and addresses carry (’ “ ” – —, no-break spaces) as their GSM 03.38
 * look-alikes, so one curly apostrophe does not cost the patient's message double parts.
 */
export const toGsmFriendly = (text: string) =>
  text
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[\u201c\u201d\u00ab\u00bb]/g, '"')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/[\u00a0\u202f]/g, ' ')
    .replace(/\u2026/g, '...');
const day = (d: DateTime) => d.setLocale('it').toFormat('ccc dd/LL/yyyy');

/**
 * The reminder's SMS, in Italian (OB-1): what, when (Europe/Rome), where, the booking code, what to bring,
 * the co-payment, the cancellation deadline, and how to answer. Two-way: the patient replies CONFERMA or
 * ANNULLA (with the code, if they have several bookings), or uses the link.
 */
export function reminderSms(f: ReminderFacts, kind: 'reminder' | 'recall' = 'reminder'): string {
  const at = DateTime.fromJSDate(f.start, { zone: ZONE });
  const pay = f.copayCents > 0 ? `, ticket ${euros(f.copayCents)}` : '';
  const by = f.cancelBy ? `; disdetta entro ${day(DateTime.fromISO(f.cancelBy, { zone: ZONE }))}` : '';
  return toGsmFriendly(
    `${kind === 'recall' ? 'CUP, verifica' : 'Promemoria'} ${f.code}: ${f.service}, ${day(at)} ore ${at.toFormat('HH:mm')}, ${f.facility}, ${f.address}. ` +
      (kind === 'recall'
        ? `Conferma che verrai? Se non puoi, disdici: il posto andrà a chi aspetta. `
        : `Porti impegnativa e tessera sanitaria${pay}. `) +
      `Rispondi CONFERMA o ANNULLA${by}.` +
      (f.link ? ` ${f.link}` : ''),
  );
}

/** The same reminder by e-mail: a subject, a plain-text part and an HTML part (the .ics attached). */
export function reminderEmail(
  f: ReminderFacts,
  kind: 'reminder' | 'recall' = 'reminder',
): { subject: string; text: string; html: string } {
  const at = DateTime.fromJSDate(f.start, { zone: ZONE });
  const when = `${at.setLocale('it').toFormat('cccc d LLLL yyyy')} alle ${at.toFormat('HH:mm')}`;
  const lines = [
    `Gentile assistito/a,`,
    kind === 'recall'
      ? `le chiediamo di confermare la prenotazione ${f.code}: ${f.service}, ${when}, presso ${f.facility}, ${f.address}. Se non può venire, la disdica: il posto andrà a un paziente in attesa.`
      : `le ricordiamo la prenotazione ${f.code}: ${f.service}, ${when}, presso ${f.facility}, ${f.address}.`,
    `Porti l'impegnativa e la tessera sanitaria.` +
      (f.copayCents > 0 ? ` Il ticket da pagare è di ${euros(f.copayCents)}.` : ''),
    f.cancelBy
      ? `Se non può venire, disdica entro ${DateTime.fromISO(f.cancelBy, { zone: ZONE }).setLocale('it').toFormat('cccc d LLLL')}: il posto andrà a un altro paziente.`
      : `Se non può venire, disdica comunque: il posto andrà a un altro paziente.`,
    f.link
      ? `Confermi o disdica da qui: ${f.link}`
      : `Per confermare o disdire risponda a questo messaggio con CONFERMA o ANNULLA.`,
    `Può disdire anche al telefono, a qualsiasi ora, con il risponditore automatico del CUP: il codice da digitare è ${keypadCode(f.code)}.`,
  ];
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return {
    subject: `${kind === 'recall' ? 'Conferma il suo appuntamento' : 'Promemoria appuntamento'} ${f.code} — ${at.toFormat('dd/LL/yyyy HH:mm')}`,
    text: lines.join('\n\n'),
    html: `<!doctype html><html lang="it"><body>${lines
      .map((l) => `<p>${esc(l).replace(/(https?:\/\/\S+)/g, '<a href="$1">$1</a>')}</p>`)
      .join('')}</body></html>`,
  };
}

/** Markdown's own characters in the booking's words (a service named "RX *torace*" stays as written). */
const md = (s: string) => s.replace(/[\\`*_{}[\]()#+!|<>~-]/g, '\\$&');

/**
 * The same reminder as an App IO message (OB-3 "app"): a subject and markdown; the link becomes the
 * message's button (IO's front matter call to action) and a link in the text. IO carries no replies, so
 * the message never asks for one: the link, or the CUP's phone line, answers. Written with "tu", the
 * app's own voice (the e-mail keeps the formal "Lei").
 */
export function reminderAppIo(
  f: ReminderFacts,
  kind: 'reminder' | 'recall' = 'reminder',
): { subject: string; markdown: string } {
  const at = DateTime.fromJSDate(f.start, { zone: ZONE });
  const when = `${at.setLocale('it').toFormat('cccc d LLLL yyyy')} alle ${at.toFormat('HH:mm')}`;
  const what = `**${md(f.service)}**, ${when}, presso ${md(f.facility)}, ${md(f.address)}`;
  const body = [
    kind === 'recall'
      ? `Ti chiediamo di confermare la prenotazione ${f.code}: ${what}. Se non puoi venire, disdici: il posto andrà a un paziente in attesa.`
      : `Ti ricordiamo la prenotazione ${f.code}: ${what}.`,
    `Porta l'impegnativa e la tessera sanitaria.` +
      (f.copayCents > 0 ? ` Il ticket da pagare è di ${md(euros(f.copayCents))}.` : ''),
    f.cancelBy
      ? `Se non puoi venire, disdici entro ${DateTime.fromISO(f.cancelBy, { zone: ZONE }).setLocale('it').toFormat('cccc d LLLL')}: il posto andrà a un altro paziente.`
      : `Se non puoi venire, disdici comunque: il posto andrà a un altro paziente.`,
    ...(f.link ? [`[Conferma o disdici la prenotazione](${f.link})`] : []),
    `Puoi disdire anche al telefono, a qualsiasi ora, con il risponditore automatico del CUP: il codice da digitare è ${keypadCode(f.code)}.`,
  ].join('\n\n');
  const button = (text: string) => `  cta_1:\n    text: "${text}"\n    action: "iohandledlink://${f.link}"\n`;
  const front = f.link
    ? `---\nit:\n${button('Conferma o disdici')}en:\n${button('Confirm or cancel')}---\n`
    : '';
  return {
    subject: `${kind === 'recall' ? 'Conferma il tuo appuntamento' : 'Promemoria appuntamento'} del ${at.toFormat('dd/LL/yyyy')} alle ${at.toFormat('HH:mm')}`,
    markdown: front + body,
  };
}

/** The answer to a patient's reply, in Italian: what happened to their booking. */
export function acknowledgementSms(
  kind: 'cancel-ack' | 'confirm-ack',
  f: { code: string; start: Date; cancellationNumber?: string },
): string {
  const at = DateTime.fromJSDate(f.start, { zone: ZONE });
  const when = `${day(at)} ore ${at.toFormat('HH:mm')}`;
  return toGsmFriendly(
    kind === 'cancel-ack'
      ? `Disdetta registrata: prenotazione ${f.code} del ${when} annullata. Numero di disdetta ${f.cancellationNumber}.`
      : `Grazie, prenotazione ${f.code} del ${when} confermata.`,
  );
}
