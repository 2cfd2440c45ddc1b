import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { it as italian } from './it.ts';

// Issue 14 §9: copy for people, not for developers. Requirement IDs (WF-1, CC-5…), seed numbers and issue
// numbers belong to the code and the docs, never to what staff or citizens read.
const DEVELOPER_WORDS = /\b(?:BK|CC|OB|HD|MR|WF|SEC)-\d+\b|\bseed \d{3}\b|\bissue \d+\b/i;

describe('the UI copy', () => {
  it.each([
    ['it', italian],
    ['en', en],
  ] as const)('in %s names no requirement, seed or issue', (_lang, messages) => {
    const offending = Object.entries(messages).filter(([, text]) => DEVELOPER_WORDS.test(text));
    expect(offending).toEqual([]);
  });
});
