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
});
