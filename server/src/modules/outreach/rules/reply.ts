import { BOOKING_CODE_PATTERN } from '../../booking/index.ts';

const CODE_ANYWHERE = new RegExp(BOOKING_CODE_PATTERN.source.replace(/^\^|\$$/g, ''));

export type ReplyIntent = 'confirm' | 'cancel' | 'stop' | 'unknown';

export interface ParsedReply {
  intent: ReplyIntent;
  /** The booking code quoted in the reply, when there is one (in its printed form, PRN- and two groups of four). */
  code: string | null;
}

// Words patients write, without accents, in capitals.
const WORDS: Record<string, ReplyIntent> = {
  CONFERMA: 'confirm',
  CONFERMO: 'confirm',
  CONFERMATO: 'confirm',
  SI: 'confirm',
  ACCETTO: 'confirm',
  OK: 'confirm',
  ANNULLA: 'cancel',
  ANNULLO: 'cancel',
  ANNULLARE: 'cancel',
  DISDICO: 'cancel',
  DISDETTA: 'cancel',
  DISDIRE: 'cancel',
  CANCELLA: 'cancel',
  STOP: 'stop',
  BASTA: 'stop',
};

/**
 * A patient's reply to a reminder (OB-1): CONFERMA or ANNULLA, tolerant of case, accents ("sì"),
 * punctuation and the booking code anywhere in it; STOP opts out of messages. A reply with words of both
 * confirming and cancelling ("sì, annullo… no, confermo") is 'unknown', as is anything else: it changes
 * nothing, and a person reads it.
 */
export function parseReply(text: string): ParsedReply {
  const plain = text.normalize('NFD').replace(/\p{M}/gu, '').toUpperCase();
  const codeMatch = CODE_ANYWHERE.exec(plain);
  const code = codeMatch ? codeMatch[0] : null;
  const words = (code ? plain.replace(code, ' ') : plain).split(/[^A-Z0-9]+/).filter(Boolean);
  const said = new Set(words.map((w) => WORDS[w]).filter((i) => i !== undefined));
  if (said.has('confirm') && said.has('cancel')) return { intent: 'unknown', code };
  for (const intent of ['cancel', 'confirm', 'stop'] as const) if (said.has(intent)) return { intent, code };
  return { intent: 'unknown', code };
}
