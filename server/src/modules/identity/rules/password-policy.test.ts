import { describe, expect, it } from 'vitest';
import { generatePassword, PASSWORD_MIN_LENGTH, passwordProblem } from './password-policy.ts';

describe('password policy', () => {
  it('refuses passwords shorter than the minimum, counting characters not bytes', () => {
    expect(passwordProblem('Xk7#mQ2vLp9', 'mrossi')).toBe('too-short'); // 11 characters
    expect(passwordProblem('Xk7#mQ2vLp9z', 'mrossi')).toBeNull(); // 12
    expect(passwordProblem('èèèèèèèèèèè', 'mrossi')).toBe('too-short'); // 11 characters, 22 bytes
  });

  it('refuses a password that contains the username, in any case', () => {
    expect(passwordProblem('zz-MRossi-2026-qq', 'mrossi')).toBe('contains-username');
    expect(passwordProblem('zz-mrossi-2026-qq', ' MRossi ')).toBe('contains-username');
  });

  it('refuses common passwords, also with digits and symbols added around them', () => {
    expect(passwordProblem('1qaz2wsx3edc', 'mrossi')).toBe('common');
    expect(passwordProblem('123456789012', 'mrossi')).toBe('common');
    expect(passwordProblem('Password2024!', 'mrossi')).toBe('common');
    expect(passwordProblem('!!Juventus1897', 'mrossi')).toBe('common');
  });

  it('accepts a long unusual passphrase', () => {
    expect(passwordProblem('cavallo-nuvola-matita-17', 'mrossi')).toBeNull();
  });

  it('generates passwords that pass the policy and do not repeat', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const p = generatePassword();
      expect(p).toMatch(/^[a-zA-Z2-9]{5}(-[a-zA-Z2-9]{5}){3}$/);
      expect(p.length).toBeGreaterThanOrEqual(PASSWORD_MIN_LENGTH);
      expect(passwordProblem(p, 'admin')).toBeNull();
      seen.add(p);
    }
    expect(seen.size).toBe(200);
  });
});
