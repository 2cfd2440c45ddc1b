import { DateTime } from 'luxon';

/** What became of a message, as a delivery receipt says. */
export type DeliveryStatus = 'accepted' | 'delivered' | 'expired' | 'undeliverable' | 'rejected' | 'unknown';

// The text of an SMPP 3.4 delivery receipt (Appendix B), as SMSCs put it in `deliver_sm.short_message`:
// id:IIIIIIIIII sub:SSS dlvrd:DDD submit date:YYMMDDhhmm done date:YYMMDDhhmm stat:DDDDDDD err:E text:…

const STATES: Record<string, DeliveryStatus> = {
  DELIVRD: 'delivered',
  EXPIRED: 'expired',
  UNDELIV: 'undeliverable',
  REJECTD: 'rejected',
  ACCEPTD: 'accepted',
  ENROUTE: 'accepted',
  DELETED: 'undeliverable',
  UNKNOWN: 'unknown',
};

export interface ParsedReceipt {
  gatewayId: string;
  status: DeliveryStatus;
  submittedAt: Date | null;
  doneAt: Date | null;
  error: string | null;
}

/** A receipt's YYMMDDhhmm[ss] in the SMSC's civil time (Italian SMSCs: Europe/Rome). */
function receiptDate(text: string | undefined, zone: string): Date | null {
  const m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?$/.exec(text ?? '');
  if (!m) return null;
  const t = DateTime.fromObject(
    {
      year: 2000 + Number(m[1]),
      month: Number(m[2]),
      day: Number(m[3]),
      hour: Number(m[4]),
      minute: Number(m[5]),
      second: m[6] ? Number(m[6]) : 0,
    },
    { zone },
  );
  return t.isValid ? t.toJSDate() : null;
}

/** The receipt's fields, or null when the text is not a receipt. Keys in any case; unknown states too. */
export function parseDeliveryReceipt(text: string, zone = 'Europe/Rome'): ParsedReceipt | null {
  const fields = new Map<string, string>();
  for (const m of text.matchAll(/(id|sub|dlvrd|submit date|done date|stat|err|text):(\S*)/gi)) {
    const key = m[1]!.toLowerCase();
    if (!fields.has(key)) fields.set(key, m[2]!);
  }
  const id = fields.get('id');
  const stat = fields.get('stat')?.toUpperCase();
  if (!id || !stat) return null;
  const err = fields.get('err');
  return {
    gatewayId: id,
    status: STATES[stat] ?? 'unknown',
    submittedAt: receiptDate(fields.get('submit date'), zone),
    doneAt: receiptDate(fields.get('done date'), zone),
    error: err && !/^0+$/.test(err) ? err : null,
  };
}
