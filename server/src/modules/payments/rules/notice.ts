import { invalidField } from '../../../platform/errors.ts';

// BK-8: the pagoPA payment notice's codes (SACI, "Generazione dell'Identificativo Univoco di Versamento";
// the notice's QR: "Avviso di pagamento", allegato 2). Pure rules: no I/O.

/** The notice number (numero avviso, NAV): 18 digits. */
export type NoticeNumber = string;

const digits = (s: string, n: number) => new RegExp(`^\\d{${n}}$`).test(s);

/** (aux ‖ segregation or application code ‖ base) mod 93, as two digits. */
function checkDigits(prefix: string): string {
  return String(BigInt(prefix) % 93n).padStart(2, '0');
}

/**
 * The notice number of aux digit 3 (several points generate IUVs, the only aux new creditors use):
 * `3 <segregation code 2n> <IUV base 13n> <check 2n>`. The IUV is the same without the aux digit.
 */
export function noticeNumber(segregationCode: string, iuvBase: string): NoticeNumber {
  if (!digits(segregationCode, 2)) throw invalidField('segregationCode', 'the segregation code is 2 digits');
  if (!digits(iuvBase, 13)) throw invalidField('iuvBase', 'the IUV base is 13 digits');
  const prefix = `3${segregationCode}${iuvBase}`;
  return `${prefix}${checkDigits(prefix)}`;
}

/** The IUV (identificativo univoco di versamento) of a notice number: its digits after the aux digit. */
export function iuvOf(notice: NoticeNumber): string {
  return notice.slice(1);
}

export type NoticeCheck =
  | { valid: true; notice: NoticeNumber; aux: 0 | 1 | 2 | 3 }
  | { valid: false; reason: 'format' | 'aux' | 'check-digits' };

/**
 * A notice number as a person typed it (spaces, dots and dashes allowed between digits): 18 digits, an aux
 * digit of 0–3, and, for aux 0, 2 and 3, check digits that match. Aux 1 has none to check.
 */
export function checkNoticeNumber(input: string): NoticeCheck {
  const notice = input.replace(/[\s.-]/g, '');
  if (!digits(notice, 18)) return { valid: false, reason: 'format' };
  const aux = Number(notice[0]);
  if (aux > 3) return { valid: false, reason: 'aux' };
  if (aux !== 1 && checkDigits(notice.slice(0, 16)) !== notice.slice(16)) {
    return { valid: false, reason: 'check-digits' };
  }
  return { valid: true, notice, aux: aux as 0 | 1 | 2 | 3 };
}

/** The notice number as printed on the notice: groups of four digits ("3010 0000 0000 0001 44"). */
export function groupedNotice(notice: NoticeNumber): string {
  return notice.replace(/(\d{4})(?=\d)/g, '$1 ');
}

/**
 * The creditor's fiscal code (an organisation's: 11 digits, the last a check digit: the odd-placed digits
 * plus the even-placed ones doubled, less 9 above 9; the check makes the sum a multiple of 10).
 */
export function isOrganisationFiscalCode(code: string): boolean {
  if (!digits(code, 11)) return false;
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    let d = Number(code[i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10 === Number(code[10]);
}

/**
 * The string of the notice's QR code: `PAGOPA|002|<notice number>|<creditor's fiscal code>|<amount in
 * euro cents>` (the specification's version 002).
 */
export function noticeQrString(
  notice: NoticeNumber,
  creditorFiscalCode: string,
  amountCents: number,
): string {
  if (!checkNoticeNumber(notice).valid || notice.length !== 18) {
    throw invalidField('noticeNumber', 'not a valid 18-digit notice number');
  }
  if (!isOrganisationFiscalCode(creditorFiscalCode)) {
    throw invalidField(
      'creditorFiscalCode',
      "the creditor's fiscal code is 11 digits with a valid check digit",
    );
  }
  if (!Number.isSafeInteger(amountCents) || amountCents <= 0) {
    throw invalidField('amountCents', 'the amount is a positive whole number of euro cents');
  }
  return `PAGOPA|002|${notice}|${creditorFiscalCode}|${amountCents}`;
}
