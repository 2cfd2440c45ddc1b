/**
 * WF-1: queueing formulas for sizing agents and telephone lines from traffic curves.
 *
 * Pure and exact (no asymptotic approximations). Factorials and powers are never formed: Erlang B uses
 * its ratio recursion, Erlang C is derived from Erlang B, and Erlang A (M/M/n+M) sums its birth–death
 * chain relative to the modal state, so results stay finite and accurate well beyond 2,000 agents.
 */

/** Input of the Erlang C (M/M/n) model. Times in seconds; calls are those offered in one period. */
export interface ErlangCInput {
  callsPerPeriod: number;
  periodSeconds: number;
  ahtSeconds: number;
  agents: number;
  targetSeconds: number;
}

export interface ErlangCMetrics {
  /** Offered load A = λ·AHT. */
  trafficErlangs: number;
  probabilityOfWaiting: number;
  /** P(wait ≤ targetSeconds). */
  serviceLevel: number;
  averageSpeedOfAnswerSeconds: number;
  occupancy: number;
}

export interface ServiceLevelTargetInput {
  callsPerPeriod: number;
  periodSeconds: number;
  ahtSeconds: number;
  targetSeconds: number;
  /** Required fraction of calls answered within targetSeconds, in [0, 1]. */
  serviceLevel: number;
  /** Optional cap on agent occupancy, in (0, 1]. */
  maxOccupancy?: number;
}

/** Input of the Erlang A (Palm, M/M/n+M) model: callers abandon after an exponential patience. */
export interface ErlangAInput {
  callsPerPeriod: number;
  periodSeconds: number;
  ahtSeconds: number;
  agents: number;
  /** Mean patience; Infinity means nobody abandons (Erlang C). */
  patienceSeconds: number;
  targetSeconds: number;
}

export interface ErlangAMetrics {
  probabilityOfWaiting: number;
  probabilityOfAbandoning: number;
  /** P(answered and wait ≤ targetSeconds), over all offered calls (abandons count as misses). */
  answeredWithinTargetOverOffered: number;
  /** Mean wait of the calls that are answered (those answered at once count as 0). */
  averageSpeedOfAnswerSeconds: number;
  occupancy: number;
}

export interface ErlangATargetsInput {
  callsPerPeriod: number;
  periodSeconds: number;
  ahtSeconds: number;
  patienceSeconds: number;
  targetSeconds: number;
  /** Required answeredWithinTargetOverOffered, in [0, 1]. */
  serviceLevel: number;
  /** Highest acceptable probabilityOfAbandoning, in [0, 1]. */
  maxAbandonment: number;
  /** Optional cap on agent occupancy, in (0, 1]. */
  maxOccupancy?: number;
}

/** Truncation threshold of every infinite sum, relative to its largest term. */
const TAIL_EPSILON = 1e-17;
/** Bound on states visited by one evaluation, so absurd inputs fail fast instead of hanging. */
const MAX_STATES = 10_000_000;
/** Bound on the servers any sizing search will consider. */
const MAX_SERVERS = 10_000_000;

// ---------------------------------------------------------------------------------------------
// Validation

function shown(value: unknown): string {
  return typeof value === 'number' ? String(value) : typeof value;
}

function requireNonNegative(name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`${name} must be a finite number >= 0, got ${shown(value)}`);
  }
}

function requirePositive(name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${name} must be a finite number > 0, got ${shown(value)}`);
  }
}

function requireCount(name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be an integer >= 0, got ${shown(value)}`);
  }
}

function requireFraction(name: string, value: number, lowerOpen: boolean): void {
  const ok = typeof value === 'number' && value <= 1 && (lowerOpen ? value > 0 : value >= 0);
  if (!ok) throw new RangeError(`${name} must be in ${lowerOpen ? '(0, 1]' : '[0, 1]'}, got ${shown(value)}`);
}

function requirePatience(value: number): void {
  if (typeof value !== 'number' || Number.isNaN(value) || value <= 0) {
    throw new RangeError(`patienceSeconds must be > 0 (Infinity for no abandonment), got ${shown(value)}`);
  }
}

function validateTraffic(input: { callsPerPeriod: number; periodSeconds: number; ahtSeconds: number }): void {
  requireNonNegative('callsPerPeriod', input.callsPerPeriod);
  requirePositive('periodSeconds', input.periodSeconds);
  requirePositive('ahtSeconds', input.ahtSeconds);
}

function tooLarge(what: string): RangeError {
  return new RangeError(
    `${what} needs more than ${MAX_STATES} states: inputs too extreme for exact evaluation`,
  );
}

// ---------------------------------------------------------------------------------------------
// Erlang B and C

/** One step of the Erlang B recursion B(n) = A·B(n−1) / (n + A·B(n−1)); always in [0, 1]. */
function erlangBStep(traffic: number, previous: number, lines: number): number {
  const x = traffic * previous;
  return x / (lines + x);
}

/** Blocking probability of an M/M/n/n loss system (Erlang B). */
export function erlangB(trafficErlangs: number, lines: number): number {
  requireNonNegative('trafficErlangs', trafficErlangs);
  requireCount('lines', lines);
  let b = 1;
  for (let n = 1; n <= lines; n++) b = erlangBStep(trafficErlangs, b, n);
  return b;
}

/** Fewest lines whose Erlang B blocking is ≤ targetBlocking; no traffic needs no lines. */
export function linesForBlocking(trafficErlangs: number, targetBlocking: number): number {
  requireNonNegative('trafficErlangs', trafficErlangs);
  requireFraction('targetBlocking', targetBlocking, true);
  if (trafficErlangs === 0) return 0;
  let b = 1;
  let n = 0;
  while (b > targetBlocking) {
    n++;
    if (n > MAX_SERVERS) throw new RangeError(`linesForBlocking: more than ${MAX_SERVERS} lines needed`);
    b = erlangBStep(trafficErlangs, b, n);
  }
  return n;
}

/** C = n·B / (n − A·(1 − B)), stable for n > A because every term is positive. */
function erlangCFromB(traffic: number, agents: number, blocking: number): number {
  return (agents * blocking) / (agents - traffic * (1 - blocking));
}

/** Probability that a call waits in an M/M/n queue (Erlang C); 1 when agents ≤ traffic (unstable). */
export function erlangC(trafficErlangs: number, agents: number): number {
  requireNonNegative('trafficErlangs', trafficErlangs);
  requireCount('agents', agents);
  if (agents <= trafficErlangs) return 1;
  return erlangCFromB(trafficErlangs, agents, erlangB(trafficErlangs, agents));
}

type ErlangCInputLike = { ahtSeconds: number; targetSeconds: number };

/** Shared by the metrics and the sizing search so both see bit-identical figures. */
function erlangCMetricsFromB(
  traffic: number,
  agents: number,
  blocking: number,
  input: ErlangCInputLike,
): ErlangCMetrics {
  const probabilityOfWaiting = erlangCFromB(traffic, agents, blocking);
  const excess = agents - traffic;
  return {
    trafficErlangs: traffic,
    probabilityOfWaiting,
    serviceLevel: 1 - probabilityOfWaiting * Math.exp((-excess * input.targetSeconds) / input.ahtSeconds),
    averageSpeedOfAnswerSeconds: (probabilityOfWaiting * input.ahtSeconds) / excess,
    occupancy: traffic / agents,
  };
}

function offeredTraffic(input: {
  callsPerPeriod: number;
  periodSeconds: number;
  ahtSeconds: number;
}): number {
  return (input.callsPerPeriod / input.periodSeconds) * input.ahtSeconds;
}

/**
 * Erlang C performance for a staffing level. Without calls nobody waits; with agents ≤ traffic the queue
 * grows without bound, reported as P(wait) 1, service level 0, ASA Infinity, occupancy 1.
 */
export function erlangCMetrics(input: ErlangCInput): ErlangCMetrics {
  validateTraffic(input);
  requireCount('agents', input.agents);
  requireNonNegative('targetSeconds', input.targetSeconds);
  const traffic = offeredTraffic(input);
  if (input.callsPerPeriod === 0) {
    return {
      trafficErlangs: 0,
      probabilityOfWaiting: 0,
      serviceLevel: 1,
      averageSpeedOfAnswerSeconds: 0,
      occupancy: 0,
    };
  }
  if (input.agents <= traffic) {
    return {
      trafficErlangs: traffic,
      probabilityOfWaiting: 1,
      serviceLevel: 0,
      averageSpeedOfAnswerSeconds: Number.POSITIVE_INFINITY,
      occupancy: 1,
    };
  }
  return erlangCMetricsFromB(traffic, input.agents, erlangB(traffic, input.agents), input);
}

/**
 * Fewest agents whose Erlang C service level reaches the target (and whose occupancy respects the cap).
 * The answer is always a stable staffing (agents > traffic), even for a service level of 0.
 */
export function agentsForServiceLevel(input: ServiceLevelTargetInput): number {
  validateTraffic(input);
  requireNonNegative('targetSeconds', input.targetSeconds);
  requireFraction('serviceLevel', input.serviceLevel, false);
  if (input.maxOccupancy !== undefined) requireFraction('maxOccupancy', input.maxOccupancy, true);
  if (input.callsPerPeriod === 0) return 0;
  const traffic = offeredTraffic(input);
  // One pass of the B recursion serves every candidate: O(answer) overall.
  let b = 1;
  for (let n = 1; n <= MAX_SERVERS; n++) {
    b = erlangBStep(traffic, b, n);
    if (n <= traffic) continue;
    const m = erlangCMetricsFromB(traffic, n, b, input);
    if (m.serviceLevel < input.serviceLevel) continue;
    if (input.maxOccupancy !== undefined && m.occupancy > input.maxOccupancy) continue;
    return n;
  }
  throw new RangeError(`agentsForServiceLevel: more than ${MAX_SERVERS} agents needed`);
}

// ---------------------------------------------------------------------------------------------
// Erlang A (M/M/n+M)

/**
 * Walks a unimodal (log-concave) sequence given by its successive ratios r(k) = x_k / x_{k−1}, from a
 * start near the mode, and returns the first index whose leftward remainder is negligible together
 * with its value relative to the start (which is 1). Ratios grow leftwards, so the remainder left of k
 * is at most x_k·q/(1−q) with q = 1/r(k): a rigorous stopping rule.
 */
function walkLeft(
  ratio: (k: number) => number,
  start: number,
  what: string,
): { first: number; value: number } {
  let k = start;
  let value = 1;
  for (let steps = 0; k > 0; steps++) {
    if (steps > MAX_STATES) throw tooLarge(what);
    const q = 1 / ratio(k);
    if (q < 1 && (value * q) / (1 - q) < TAIL_EPSILON) break;
    value *= q;
    k--;
  }
  return { first: k, value };
}

/** Whether the rightward remainder after x_k (with next ratio r ≤ every later ratio) is negligible. */
function rightTailNegligible(value: number, r: number): boolean {
  return r < 1 && (value * r) / (1 - r) < TAIL_EPSILON;
}

/** Σ_{i=1}^{count} 1/(base + i·step) for base ≥ 0 and step > 0. */
function reciprocalSum(base: number, step: number, count: number): number {
  if (count <= 1_000_000) {
    let sum = 0;
    // Smallest terms first, for accuracy.
    for (let i = count; i >= 1; i--) sum += 1 / (base + i * step);
    return sum;
  }
  const u = base / step + 1;
  return digammaDifference(u, count) / step;
}

/** ψ(z) − ln z for z ≥ 10, by the asymptotic series (error below 1e-16). */
function digammaMinusLog(z: number): number {
  const w = 1 / (z * z);
  const series =
    w * (1 / 12 - w * (1 / 120 - w * (1 / 252 - w * (1 / 240 - w * (1 / 132 - w * (691 / 32760 - w / 12))))));
  return -0.5 / z - series;
}

/** ψ(u + m) − ψ(u) for u ≥ 1 and a large integer m, without cancelling the two logarithms. */
function digammaDifference(u: number, m: number): number {
  let shifted = u;
  let head = 0;
  while (shifted < 10) {
    head += 1 / shifted;
    shifted += 1;
  }
  const end = u + m;
  return head + Math.log1p((end - shifted) / shifted) + digammaMinusLog(end) - digammaMinusLog(shifted);
}

/**
 * Erlang A (Palm's M/M/n+M) performance, exact. The stationary distribution of the birth–death chain
 * (birth λ; death kμ below n agents, nμ + jθ with j callers queued) is summed relative to its mode,
 * truncating both tails once the remainder is below 1e-17. A caller arriving with j callers ahead is
 * served after j+1 phases of rates nμ + iθ (i = 1..j+1, own patience included), so P(served) =
 * nμ/(nμ + (j+1)θ) and, since θ·(offered wait) is −ln of a Beta(nμ/θ, j+1) variable, P(served, wait ≤ t)
 * = nμ/(nμ + (j+1)θ) · P(K > j) with K negative binomial (a = nμ/θ + 1, success probability e^{−θt}).
 */
export function erlangAMetrics(input: ErlangAInput): ErlangAMetrics {
  validateTraffic(input);
  requireCount('agents', input.agents);
  requirePatience(input.patienceSeconds);
  requireNonNegative('targetSeconds', input.targetSeconds);
  if (input.callsPerPeriod === 0) {
    return {
      probabilityOfWaiting: 0,
      probabilityOfAbandoning: 0,
      answeredWithinTargetOverOffered: 1,
      averageSpeedOfAnswerSeconds: 0,
      occupancy: 0,
    };
  }
  const theta = 1 / input.patienceSeconds;
  if (theta === 0) {
    const c = erlangCMetrics(input);
    return {
      probabilityOfWaiting: c.probabilityOfWaiting,
      probabilityOfAbandoning: 0,
      answeredWithinTargetOverOffered: c.serviceLevel,
      averageSpeedOfAnswerSeconds: c.averageSpeedOfAnswerSeconds,
      occupancy: c.occupancy,
    };
  }

  const n = input.agents;
  const lambda = input.callsPerPeriod / input.periodSeconds;
  const mu = 1 / input.ahtSeconds;
  const traffic = offeredTraffic(input);
  const nMu = n * mu;
  const ratio = (k: number): number => (k <= n ? traffic / k : lambda / (nMu + (k - n) * theta));

  // The mode is where the ratio crosses 1; the walks below are correct from any start, this one is cheap.
  const mode = traffic < n ? Math.floor(traffic) : n + Math.floor(Math.max(0, lambda - nMu) / theta);
  if (!Number.isSafeInteger(mode)) throw tooLarge('Erlang A queue');
  const { first, value } = walkLeft(ratio, mode, 'Erlang A queue');

  const tailStart = Math.max(0, first - n);
  // Wait of a served caller arriving with j ahead: Σ_{i=1}^{j+1} 1/(nμ + iθ), extended one term per state.
  let meanWait = first >= n ? reciprocalSum(nMu, theta, tailStart) : 0;
  const servedWeights: number[] = [];
  let total = 0;
  let immediate = 0;
  let waiting = 0;
  let queued = 0;
  let servedAfterWait = 0;
  let servedWaitSum = 0;
  let term = value;
  for (let k = first, steps = 0; ; k++, steps++) {
    if (steps > MAX_STATES) throw tooLarge('Erlang A queue');
    total += term;
    if (k < n) {
      immediate += term;
    } else {
      const j = k - n;
      const rate = nMu + (j + 1) * theta;
      const served = (term * nMu) / rate;
      meanWait += 1 / rate;
      waiting += term;
      queued += j * term;
      servedAfterWait += served;
      servedWaitSum += served * meanWait;
      servedWeights.push(served);
    }
    const r = ratio(k + 1);
    if (k >= mode && rightTailNegligible(term, r)) break;
    term *= r;
  }

  const withinTarget = servedWithinTarget(servedWeights, tailStart, nMu, theta, input.targetSeconds);
  const probabilityOfAbandoning = Math.min(1, (theta * (queued / total)) / lambda);
  const answered = immediate + servedAfterWait;
  return {
    probabilityOfWaiting: waiting / total,
    probabilityOfAbandoning,
    answeredWithinTargetOverOffered: Math.min(1, (immediate + withinTarget) / total),
    averageSpeedOfAnswerSeconds: answered > 0 ? servedWaitSum / answered : Number.POSITIVE_INFINITY,
    occupancy: n > 0 ? Math.min(1, (traffic * (1 - probabilityOfAbandoning)) / n) : 1,
  };
}

/**
 * Σ_j w_j · P(K > j) over the queued states j = tailStart…, where w_j is the (unnormalised) mass of
 * callers arriving with j ahead and then served, and K ~ NegBin(nμ/θ + 1, e^{−θt}) has ratios
 * P(K=k)/P(K=k−1) = (nμ + kθ)·φ/k with φ = (1 − e^{−θt})/θ. Two exact routes; the cheaper one is used:
 * the CDF summed in log space from k = 0 (cost ~ last j), or K's own window around its mode, normalised
 * numerically (cost ~ its spread, which explodes only when t is many patience times).
 */
function servedWithinTarget(
  weights: number[],
  tailStart: number,
  nMu: number,
  theta: number,
  t: number,
): number {
  const count = weights.length;
  if (count === 0 || nMu === 0 || t === 0) return 0;
  const phi = -Math.expm1(-theta * t) / theta;
  const nbRatio = (k: number): number => ((nMu + k * theta) * phi) / k;
  const tailEnd = tailStart + count - 1;
  const absoluteCost = tailEnd + 1;
  const relativeCost = 30 * Math.sqrt((nMu + theta) * phi) * Math.exp(theta * t) + 100;

  if (absoluteCost <= relativeCost) {
    if (absoluteCost > MAX_STATES) throw tooLarge('Erlang A waiting time');
    let logTerm = -(nMu + theta) * t;
    let cdf = 0;
    let sum = 0;
    for (let k = 0; k <= tailEnd; k++) {
      if (k > 0) logTerm += Math.log(nbRatio(k));
      cdf += Math.exp(logTerm);
      if (k < tailStart) continue;
      const survival = 1 - cdf;
      if (survival <= 0) break;
      sum += weights[k - tailStart]! * survival;
    }
    return sum;
  }

  if (relativeCost > MAX_STATES) throw tooLarge('Erlang A waiting time');
  const prefix = new Float64Array(count + 1);
  for (let i = 0; i < count; i++) prefix[i + 1] = prefix[i]! + weights[i]!;
  // Σ_j w_j P(K > j) = Σ_k P(K = k) · Σ_{j<k} w_j.
  const servedBefore = (k: number): number => prefix[Math.min(count, Math.max(0, k - tailStart))]!;
  const mode = Math.floor((nMu * Math.expm1(theta * t)) / theta);
  if (!Number.isSafeInteger(mode)) throw tooLarge('Erlang A waiting time');
  const { first, value } = walkLeft(nbRatio, mode, 'Erlang A waiting time');
  let mass = 0;
  let sum = 0;
  let term = value;
  for (let k = first, steps = 0; ; k++, steps++) {
    if (steps > MAX_STATES) throw tooLarge('Erlang A waiting time');
    mass += term;
    sum += term * servedBefore(k);
    const r = nbRatio(k + 1);
    if (k >= mode && rightTailNegligible(term, r)) break;
    term *= r;
  }
  return sum / mass;
}

/**
 * Fewest agents meeting an Erlang A service level (answered within target over offered), an abandonment
 * ceiling and optionally an occupancy cap. With infinite patience this is the Erlang C sizing.
 */
export function agentsForTargets(input: ErlangATargetsInput): number {
  validateTraffic(input);
  requirePatience(input.patienceSeconds);
  requireNonNegative('targetSeconds', input.targetSeconds);
  requireFraction('serviceLevel', input.serviceLevel, false);
  requireFraction('maxAbandonment', input.maxAbandonment, false);
  if (input.maxOccupancy !== undefined) requireFraction('maxOccupancy', input.maxOccupancy, true);
  if (input.callsPerPeriod === 0) return 0;
  if (input.patienceSeconds === Number.POSITIVE_INFINITY) return agentsForServiceLevel(input);

  const metrics = (agents: number) => erlangAMetrics({ ...input, agents });
  const meetsQueueTargets = (m: ErlangAMetrics) =>
    m.answeredWithinTargetOverOffered >= input.serviceLevel &&
    m.probabilityOfAbandoning <= input.maxAbandonment;

  // Both targets improve with every added agent, so bisect. Answered calls never exceed n/A of those
  // offered, which gives a lower bound that is never feasible below itself.
  const traffic = offeredTraffic(input);
  const needed = Math.max(input.serviceLevel, 1 - input.maxAbandonment);
  let low = Math.max(0, Math.floor(needed * traffic) - 1);
  let step = Math.max(1, Math.ceil(Math.sqrt(traffic)));
  let high = Math.max(low, Math.ceil(traffic));
  while (!meetsQueueTargets(metrics(high))) {
    low = high + 1;
    high += step;
    step *= 2;
    if (high > MAX_SERVERS) throw new RangeError(`agentsForTargets: more than ${MAX_SERVERS} agents needed`);
  }
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    if (meetsQueueTargets(metrics(mid))) high = mid;
    else low = mid + 1;
  }

  const cap = input.maxOccupancy;
  if (cap === undefined) return high;
  // The carried load grows with n, so no n below carried(n)/cap can meet the cap: jump straight there.
  let n = high;
  for (;;) {
    const m = metrics(n);
    if (m.occupancy <= cap) return n;
    n = Math.max(n + 1, Math.ceil((m.occupancy * n) / cap));
    if (n > MAX_SERVERS) throw new RangeError(`agentsForTargets: more than ${MAX_SERVERS} agents needed`);
  }
}
