import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, requestHash } from './idempotency.ts';

/** Rebuilds a JSON value with every object's keys in a random order (a permutation per object). */
function shuffleKeys(value: unknown, rnd: () => number): unknown {
  if (Array.isArray(value)) return value.map((v) => shuffleKeys(v, rnd));
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  for (let i = keys.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [keys[i], keys[j]] = [keys[j]!, keys[i]!];
  }
  const out: Record<string, unknown> = {};
  // defineProperty, not assignment: a JSON body's own "__proto__" key must stay a key (fast-check found
  // that `out.__proto__ = …` sets the prototype instead, and the key vanished from the shuffled copy).
  for (const k of keys)
    Object.defineProperty(out, k, {
      value: shuffleKeys((value as Record<string, unknown>)[k], rnd),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return out;
}

describe('requestHash', () => {
  it('hashes a body the same whatever the order of its keys', () => {
    const a = {
      nre: '170A00000000001',
      fiscalCode: 'RSSMRA80A01H501U',
      itemIndex: 1,
      slotId: 42,
      channel: 'phone',
    };
    const b = {
      channel: 'phone',
      slotId: 42,
      itemIndex: 1,
      fiscalCode: 'RSSMRA80A01H501U',
      nre: '170A00000000001',
    };
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(b));
    expect(requestHash(a)).toBe(requestHash(b));
  });

  it('is order-independent for any JSON value and any key permutation, at every depth', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer(), (value, seed) => {
        let x = seed;
        const rnd = () => {
          x = (x * 1103515245 + 12345) % 2147483648;
          return Math.abs(x) / 2147483648;
        };
        expect(requestHash(shuffleKeys(value, rnd))).toBe(requestHash(value));
      }),
    );
  });

  it('keeps a JSON body\'s own "__proto__" key, as JSON.parse makes it', () => {
    expect(requestHash(JSON.parse('{"__proto__":null,"a":1}'))).not.toBe(requestHash({ a: 1 }));
    expect(requestHash(JSON.parse('{"a":1,"__proto__":null}'))).toBe(
      requestHash(JSON.parse('{"__proto__":null,"a":1}')),
    );
  });

  it('tells different bodies apart: another value, array order, a missing key', () => {
    expect(requestHash({ slotId: 1 })).not.toBe(requestHash({ slotId: 2 }));
    expect(requestHash({ a: [1, 2] })).not.toBe(requestHash({ a: [2, 1] }));
    expect(requestHash({ a: 1, b: null })).not.toBe(requestHash({ a: 1 }));
    expect(requestHash({ a: 1, b: undefined })).toBe(requestHash({ a: 1 }));
  });

  it('parses back to the same value (the canonical form is JSON)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });
});
