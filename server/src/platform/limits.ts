import { RateLimitedError } from './errors.ts';

/**
 * Per-user limits on expensive work (SEC-3), in this process: how many of a kind may run at once, and
 * how many may start in a sliding window. A refusal is 429 RATE_LIMITED with Retry-After.
 */
export class UserLimits {
  private readonly running = new Map<string, number>();
  private readonly started = new Map<string, number[]>();

  /** Runs `work` unless `max` of `kind` already run for this user; the place is freed when it ends. */
  async concurrent<T>(kind: string, userId: string, max: number, work: () => Promise<T>): Promise<T> {
    const key = `${kind}:${userId}`;
    const now = this.running.get(key) ?? 0;
    if (now >= max) {
      throw new RateLimitedError(
        `at most ${max} ${kind} at a time for each user; wait for the running one to finish`,
        5,
      );
    }
    this.running.set(key, now + 1);
    try {
      return await work();
    } finally {
      const left = (this.running.get(key) ?? 1) - 1;
      if (left <= 0) this.running.delete(key);
      else this.running.set(key, left);
    }
  }

  /** Counts one start of `kind`, refused beyond `max` in the last `windowMs`. */
  rate(kind: string, userId: string, max: number, windowMs: number, nowMs: number): void {
    const key = `${kind}:${userId}`;
    const recent = (this.started.get(key) ?? []).filter((t) => t > nowMs - windowMs);
    if (recent.length >= max) {
      const oldest = recent[0] ?? nowMs;
      this.started.set(key, recent);
      throw new RateLimitedError(
        `at most ${max} ${kind} every ${Math.round(windowMs / 60_000)} minutes for each user`,
        (oldest + windowMs - nowMs) / 1000,
      );
    }
    recent.push(nowMs);
    this.started.set(key, recent);
    if (this.started.size > 10_000) this.started.clear();
  }
}
