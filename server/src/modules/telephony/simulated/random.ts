import { invalidField } from '../../../platform/errors.ts';

/** A source of uniform numbers in [0, 1). Engine and simulator take one injected, never Math.random. */
export interface Random {
  next(): number;
}

/** splitmix32: spreads a 32-bit seed (and a stream number) over the generator's state. */
function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * xoshiro128**: small, fast, 2^128 − 1 period, good statistical quality. The same seed and stream give the
 * same numbers on every machine; separate streams keep arrivals, callers and agents independent, so that
 * changing one part of a scenario does not reshuffle every other random draw.
 */
export class SeededRandom implements Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, stream = 0) {
    const mix = splitmix32((seed >>> 0) ^ Math.imul(stream + 1, 0x27d4eb2d));
    this.a = mix();
    this.b = mix();
    this.c = mix();
    this.d = mix();
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }

  next(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result / 4294967296;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** A non-negative duration or delay in seconds. */
export type Distribution =
  | { type: 'constant'; value: number }
  | { type: 'exponential'; mean: number }
  /** Parameterised by its own mean and standard deviation, as call-centre reports give them. */
  | { type: 'lognormal'; mean: number; sd: number }
  | { type: 'uniform'; min: number; max: number };

export function sample(d: Distribution, random: Random): number {
  switch (d.type) {
    case 'constant':
      return d.value;
    case 'exponential':
      return -d.mean * Math.log(1 - random.next());
    case 'uniform':
      return d.min + (d.max - d.min) * random.next();
    case 'lognormal': {
      const sigma2 = Math.log(1 + (d.sd * d.sd) / (d.mean * d.mean));
      const mu = Math.log(d.mean) - sigma2 / 2;
      return Math.exp(mu + Math.sqrt(sigma2) * standardNormal(random));
    }
  }
}

export function meanOf(d: Distribution): number {
  switch (d.type) {
    case 'constant':
      return d.value;
    case 'exponential':
    case 'lognormal':
      return d.mean;
    case 'uniform':
      return (d.min + d.max) / 2;
  }
}

/** Box–Muller; one of the pair is dropped so that every draw costs the same two uniforms. */
function standardNormal(random: Random): number {
  const u = 1 - random.next();
  const v = random.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Picks a key of `weights` with probability proportional to its weight; null when all are zero. */
export function pickWeighted(weights: Readonly<Record<string, number>>, random: Random): string | null {
  const { keys, values, total } = weightTable(weights);
  if (!(total > 0)) return null;
  let u = random.next() * total;
  let last: string | null = null;
  for (let i = 0; i < keys.length; i++) {
    const w = values[i]!;
    if (w <= 0) continue;
    last = keys[i]!;
    u -= w;
    if (u < 0) return last;
  }
  return last;
}

interface WeightTable {
  keys: string[];
  values: number[];
  total: number;
}

/**
 * The weights as arrays with their sum, built once per weights object: simulated callers pick from the
 * same few tables millions of times. Same keys, order and sum as a for…in over the object, so the same
 * pick for the same draw. The tables are read-only (scenarios are validated, then never changed).
 */
const weightTables = new WeakMap<object, WeightTable>();

function weightTable(weights: Readonly<Record<string, number>>): WeightTable {
  let t = weightTables.get(weights);
  if (!t) {
    const keys: string[] = [];
    const values: number[] = [];
    let total = 0;
    for (const k in weights) {
      keys.push(k);
      values.push(weights[k]!);
      total += weights[k]!;
    }
    t = { keys, values, total };
    weightTables.set(weights, t);
  }
  return t;
}

const isNonNegative = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x >= 0;

/** Throws an INVALID_FIELD error naming `path` when `d` is not a usable distribution. */
export function validateDistribution(d: unknown, path: string): asserts d is Distribution {
  const o = d as Record<string, unknown> | null;
  if (typeof o !== 'object' || o === null) throw invalidField(path, `${path} must be a distribution object`);
  switch (o.type) {
    case 'constant':
      if (!isNonNegative(o.value)) throw invalidField(`${path}.value`, `${path}.value must be a number >= 0`);
      return;
    case 'exponential':
      if (!isNonNegative(o.mean) || o.mean === 0) {
        throw invalidField(`${path}.mean`, `${path}.mean must be a number > 0`);
      }
      return;
    case 'lognormal':
      if (!isNonNegative(o.mean) || o.mean === 0) {
        throw invalidField(`${path}.mean`, `${path}.mean must be a number > 0`);
      }
      if (!isNonNegative(o.sd)) throw invalidField(`${path}.sd`, `${path}.sd must be a number >= 0`);
      return;
    case 'uniform':
      if (!isNonNegative(o.min) || !isNonNegative(o.max) || o.max < o.min) {
        throw invalidField(path, `${path} must have 0 <= min <= max`);
      }
      return;
    default:
      throw invalidField(
        `${path}.type`,
        `${path}.type must be one of constant, exponential, lognormal, uniform (got ${JSON.stringify(o.type)})`,
      );
  }
}
