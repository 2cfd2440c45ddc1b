import { describe, expect, it } from 'vitest';
import { smsSize } from '../../messaging/index.ts';
import { delegationEmail, delegationSms } from './delegation-notice.ts';

describe("the delegator's notice of a new delegation", () => {
  const facts = {
    delegateFiscalCode: 'RSSMRA85T10A562S',
    // 23:30 UTC on 6 December is 00:30 on 7 December in Rome.
    grantedAt: new Date('2026-12-06T23:30:00Z'),
    channel: 'desk' as const,
    validUntil: '2027-06-30',
  };

  it('says when, where, to whom (six letters only) and until when, and what to do if not asked for', () => {
    expect(delegationSms(facts)).toBe(
      "CUP: il 07/12/2026 allo sportello CUP è stata registrata una delega a operare per te sul portale, a RSSMRA..., fino al 30/06/2027. Se non l'hai chiesta, revocala dall'area personale o chiama il CUP.",
    );
    expect(delegationSms({ ...facts, channel: 'web', validUntil: null })).toContain(
      'il 07/12/2026 sul portale è stata registrata una delega a operare per te sul portale, a RSSMRA..., fino a revoca.',
    );
  });

  it('fits two GSM parts (è is in the GSM alphabet), and the e-mail escapes nothing it need not', () => {
    const size = smsSize(delegationSms(facts));
    expect(size.encoding).toBe('gsm7');
    expect(size.segments).toBeLessThanOrEqual(2);
    const mail = delegationEmail(facts);
    expect(mail.subject).toBe('Nuova delega sul portale del CUP');
    expect(mail.text).toContain('che inizia per RSSMRA…');
    expect(mail.text).not.toContain('RSSMRA85T10A562S');
    expect(mail.html).toContain('<p>Gentile assistito/a,</p>');
  });

  it("tells a minor's contact who declared to be their parent or guardian, and until when", () => {
    const declared = {
      ...facts,
      channel: 'web' as const,
      validUntil: '2028-06-14',
      declared: { role: 'parent' as const, minorFiscalCode: 'BNCLCU10H15G942X' },
    };
    const sms = delegationSms(declared);
    expect(sms).toBe(
      'CUP: il 07/12/2026 RSSMRA... ha dichiarato sul portale di essere genitore di BNCLCU... e potrà operare per suo conto sul portale fino al 14/06/2028. Se non è vero, chiama il CUP.',
    );
    expect(smsSize(sms)).toMatchObject({ encoding: 'gsm7', segments: 2 });
    expect(delegationSms({ ...declared, declared: { ...declared.declared, role: 'guardian' } })).toContain(
      'di essere tutore di BNCLCU...',
    );
    const mail = delegationEmail(declared);
    expect(mail.subject).toBe('Dichiarazione di un genitore o tutore sul portale del CUP');
    expect(mail.text).toContain('ai sensi del DPR 445/2000, di essere genitore della persona minorenne');
    expect(mail.text).toContain(
      'fino al 14/06/2028 (al più tardi, il giorno prima del diciottesimo compleanno)',
    );
    // Recorded at a CUP desk: said so, still within two parts.
    const atDesk = delegationSms({ ...declared, channel: 'desk' });
    expect(atDesk).toContain('RSSMRA... ha dichiarato allo sportello CUP di essere genitore di BNCLCU...');
    expect(smsSize(atDesk)).toMatchObject({ encoding: 'gsm7', segments: 2 });
    expect(mail.text).not.toContain('BNCLCU10H15G942X');
  });
});
