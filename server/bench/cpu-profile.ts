import { Session } from 'node:inspector/promises';

/**
 * Where a piece of code spends its CPU time, by part of the code base: a sampling CPU profile (the same
 * as `node --cpu-prof`) taken in-process around `fn`, its self time summed by folder. Shares of the
 * profiled time, idle excluded, and the profiler's own start and stop too.
 */
export async function cpuShares<T>(
  fn: () => Promise<T>,
  parts: [name: string, test: (url: string, fn: string) => boolean][],
): Promise<{ result: T; shares: Record<string, number> }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  // Only fn's samples count: V8's first sample carries the profiler's own start (its time since the
  // profile began: 0.1–0.2 s, a fifth of a short run) and Profiler.stop is sampled too. Samples are stamped
  // on the monotonic clock hrtime reads, in µs.
  const fnStart = Number(process.hrtime.bigint() / 1000n);
  const result = await fn();
  const fnEnd = Number(process.hrtime.bigint() / 1000n);
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  const selfTime = new Map<number, number>();
  const samples = profile.samples ?? [];
  let at = profile.startTime;
  for (let i = 0; i < samples.length; i++) {
    const id = samples[i]!;
    const delta = profile.timeDeltas?.[i] ?? 0;
    at += delta;
    if (at > fnEnd) break;
    if (at - delta < fnStart) continue;
    selfTime.set(id, (selfTime.get(id) ?? 0) + delta);
  }
  const totals = new Map<string, number>();
  let all = 0;
  for (const node of profile.nodes) {
    const t = selfTime.get(node.id) ?? 0;
    const { url, functionName } = node.callFrame;
    if (t === 0 || functionName === '(idle)') continue;
    const part = parts.find(([, test]) => test(url, functionName))?.[0] ?? 'other';
    totals.set(part, (totals.get(part) ?? 0) + t);
    all += t;
  }
  const shares: Record<string, number> = {};
  for (const [name] of [...parts, ['other']])
    shares[name] = Math.round((1000 * (totals.get(name) ?? 0)) / all) / 1000;
  return { result, shares };
}
