/**
 * The third level's link and e-mail (HD-2), pure: the link's token is a random secret stored only as its
 * digest, valid for LINK_DAYS; the e-mail names the case and why, the request itself is behind the link.
 */
import { createHash, randomBytes } from 'node:crypto';

export const LINK_DAYS = 30;

export const newReferralToken = () => randomBytes(24).toString('base64url');

export const tokenDigest = (token: string) => createHash('sha256').update(token).digest('hex');

export const looksLikeToken = (token: string) => /^[A-Za-z0-9_-]{20,64}$/.test(token);

export interface Department {
  name: string;
  email: string;
}

/** The e-mail to the department; `link` null (no public URL): they answer by replying. */
export function referralText(
  ticket: { id: string; subject: string },
  department: Department,
  reason: string,
  link: string | null,
): string {
  return [
    `Gentili colleghi di ${department.name},`,
    `il contact center della Regione vi chiede di trattare la richiesta #${ticket.id} («${ticket.subject}»), di vostra competenza.`,
    `Motivo: ${reason}`,
    '',
    link
      ? `Leggete il caso e rispondete qui, senza credenziali (link valido ${LINK_DAYS} giorni): ${link}`
      : 'Rispondete a questo messaggio lasciando invariato l’oggetto.',
  ].join('\n');
}
