import { randomInt } from 'node:crypto';
import { dictionary } from '@zxcvbn-ts/language-common';

/** Staff passwords (SEC-2): long, not derived from the username, not a commonly used password. */
export const PASSWORD_MIN_LENGTH = 12;
/** The login route accepts at most this many characters. */
export const PASSWORD_MAX_LENGTH = 200;

// ~49,000 passwords most often found in breaches (zxcvbn-ts' common list), compared case-insensitively.
let common: Set<string> | null = null;
const commonPasswords = () => {
  common ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
  return common;
};

export type PasswordProblem = 'too-short' | 'too-long' | 'contains-username' | 'common';

/** What is wrong with a proposed password, or null if it is acceptable. Pure. */
export function passwordProblem(password: string, username: string): PasswordProblem | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return 'too-short';
  if (length > PASSWORD_MAX_LENGTH) return 'too-long';
  const lower = password.toLowerCase();
  const user = username.trim().toLowerCase();
  if (user.length >= 3 && lower.includes(user)) return 'contains-username';
  // "Password2024!" is still "password": strip the digits and symbols people add around a common word.
  const core = lower.replace(/^[^a-z]+|[^a-z]+$/g, '');
  if (commonPasswords().has(lower) || (core.length >= 4 && commonPasswords().has(core))) return 'common';
  return null;
}

export const PASSWORD_MESSAGES: Record<PasswordProblem, string> = {
  'too-short': `the password needs at least ${PASSWORD_MIN_LENGTH} characters`,
  'too-long': `the password can have at most ${PASSWORD_MAX_LENGTH} characters`,
  'contains-username': 'the password must not contain the username',
  common: 'this password is among the most commonly used ones; choose another',
};

// No look-alikes (0/O, 1/l/I) so that a password read out over the phone or copied by hand survives.
const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random password of 20 characters (about 116 bits), grouped by dashes to be read out: xxxxx-xxxxx-… */
export function generatePassword(): string {
  const groups: string[] = [];
  for (let g = 0; g < 4; g++) {
    let s = '';
    for (let i = 0; i < 5; i++) s += ALPHABET[randomInt(ALPHABET.length)];
    groups.push(s);
  }
  return groups.join('-');
}
