/**
 * PEC, Italy's certified e-mail (DPR 68/2005, DM 2 November 2005), pure. The provider delivers the
 * sender's message wrapped: a "busta di trasporto" whose attachments are `postacert.eml` (the original
 * message) and `daticert.xml` (the certification data). This reads the certification data the ticket
 * keeps: who sent it, when the provider took it, and its identifiers.
 */
import { XMLParser } from 'fast-xml-parser';

export interface PecData {
  /** posta-certificata, or a receipt's type (accettazione, avvenuta-consegna, …). */
  type: string;
  sender: string;
  recipients: string[];
  subject: string;
  provider: string;
  /** When the sender's provider took the message, ISO 8601 with its offset. */
  sentAt: string | null;
  /** The provider's identifier of the transport. */
  identifier: string;
  /** The original message's Message-ID. */
  messageId: string;
  error: string;
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false });

const text = (v: unknown): string =>
  v === undefined || v === null
    ? ''
    : typeof v === 'object'
      ? text((v as Record<string, unknown>)['#text'])
      : String(v).trim();

/** Reads daticert.xml; throws when it is not one. */
export function parseDaticert(xml: string): PecData {
  const doc = parser.parse(xml) as Record<string, unknown>;
  const root = doc.postacert as Record<string, unknown> | undefined;
  if (!root) throw new Error('not a daticert.xml (no postacert element)');
  const head = (root.intestazione ?? {}) as Record<string, unknown>;
  const data = (root.dati ?? {}) as Record<string, unknown>;
  const when = (data.data ?? {}) as Record<string, unknown>;
  const to = head.destinatari;
  return {
    type: text(root['@tipo']),
    sender: text(head.mittente),
    recipients: (Array.isArray(to) ? to : to === undefined ? [] : [to]).map(text),
    subject: text(head.oggetto),
    provider: text(data['gestore-emittente']),
    sentAt: isoOf(text(when.giorno), text(when.ora), text(when['@zona'])),
    identifier: text(data.identificativo),
    messageId: text(data.msgid),
    error: text(root['@errore']) || 'nessuno',
  };
}

/** `05/12/2026`, `10:11:12`, `+0100` → `2026-12-05T10:11:12+01:00`. */
function isoOf(day: string, time: string, zone: string): string | null {
  const d = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(day);
  const t = /^(\d{2}):(\d{2}):(\d{2})$/.exec(time);
  const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (!d || !t) return null;
  return `${d[3]}-${d[2]}-${d[1]}T${t[1]}:${t[2]}:${t[3]}${z ? `${z[1]}${z[2]}:${z[3]}` : 'Z'}`;
}
