import { DateTime } from 'luxon';
import { toGsmFriendly } from './reminder.ts';

const ZONE = 'Europe/Rome';

export interface DelegationFacts {
  /** The delegate's fiscal code; the message shows only its first six letters (surname and name). */
  delegateFiscalCode: string;
  /** When it was granted, and where. */
  grantedAt: Date;
  channel: 'web' | 'desk';
  /** Its last day (Rome), or null: until revoked. */
  validUntil: string | null;
  /** A parent's or guardian's declaration for the minor whose contact is told (their code's six letters). */
  declared?: { role: 'parent' | 'guardian'; minorFiscalCode: string } | null;
}

const who = (f: DelegationFacts) => `${f.delegateFiscalCode.slice(0, 6)}…`;
const day = (f: DelegationFacts) => DateTime.fromJSDate(f.grantedAt, { zone: ZONE }).toFormat('dd/LL/yyyy');
const until = (f: DelegationFacts) =>
  f.validUntil
    ? `fino al ${DateTime.fromISO(f.validUntil, { zone: ZONE }).toFormat('dd/LL/yyyy')}`
    : 'fino a revoca';
const role = (d: NonNullable<DelegationFacts['declared']>) => (d.role === 'parent' ? 'genitore' : 'tutore');
const minor = (d: NonNullable<DelegationFacts['declared']>) => `${d.minorFiscalCode.slice(0, 6)}…`;
const where = (f: DelegationFacts) => (f.channel === 'desk' ? 'allo sportello CUP' : 'sul portale');

/**
 * The delegator's notice of a new delegation: short enough for one or two SMS parts, and it says what to do
 * if they did not ask for it (the defence against a grant made in their name).
 */
export function delegationSms(f: DelegationFacts): string {
  if (f.declared)
    return toGsmFriendly(
      `CUP: il ${day(f)} ${who(f)} ha dichiarato ${where(f)} di essere ${role(f.declared)} di ${minor(f.declared)} e potrà operare per suo conto sul portale ${until(f)}. ` +
        `Se non è vero, chiama il CUP.`,
    );
  return toGsmFriendly(
    `CUP: il ${day(f)} ${where(f)} è stata registrata una delega a operare per te sul portale, a ${who(f)}, ${until(f)}. ` +
      `Se non l'hai chiesta, revocala dall'area personale o chiama il CUP.`,
  );
}

export function delegationEmail(f: DelegationFacts): { subject: string; text: string; html: string } {
  const lines = f.declared
    ? [
        'Gentile assistito/a,',
        `il ${day(f)} la persona con codice fiscale che inizia per ${who(f)} ha dichiarato ${where(f)}, ai sensi del DPR 445/2000, di essere ${role(f.declared)} della persona minorenne con codice fiscale che inizia per ${minor(f.declared)}: potrà vederne, disdirne, spostarne e pagarne le prenotazioni sul portale ${until(f)} (al più tardi, il giorno prima del diciottesimo compleanno).`,
        'Se la dichiarazione non è vera, chiami il CUP o si rechi a uno sportello CUP: la delega termina subito.',
      ]
    : [
        'Gentile assistito/a,',
        `il ${day(f)} ${where(f)} è stata registrata una delega che permette alla persona con codice fiscale che inizia per ${who(f)} di vedere, disdire, spostare e pagare le sue prenotazioni sul portale, ${until(f)}.`,
        "Se non l'ha chiesta, la revochi dalla sua area personale (Deleghe) o chiami il CUP: la delega termina subito.",
      ];
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return {
    subject: f.declared
      ? 'Dichiarazione di un genitore o tutore sul portale del CUP'
      : 'Nuova delega sul portale del CUP',
    text: lines.join('\n\n'),
    html: `<!doctype html><html lang="it"><body>${lines.map((l) => `<p>${esc(l)}</p>`).join('')}</body></html>`,
  };
}
