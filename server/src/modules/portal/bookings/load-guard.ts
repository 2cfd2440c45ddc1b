import { RateLimitedError } from '../../../platform/errors.ts';

/**
 * Issue 13 §5, peak load: when a booking opening brings thousands of citizens at once, the portal must
 * not let them all reach the database. Two fences, in this process:
 * - a short cache of each search's first availability (per service, class, district, facility, day),
 *   so that a crowd asking the same thing costs one query every few seconds; a place shown from the
 *   cache that was taken meanwhile is refused at the hold (409), which asks the citizen to choose again;
 * - a gate: at most `running` searches at the database at once, `waiting` more queued in order; beyond
 *   that, 429 with Retry-After rather than a database that falls over.
 */
export class SearchFence<T> {
  private readonly cache = new Map<string, { at: number; value: Promise<T> }>();
  private running = 0;
  private readonly queue: (() => void)[] = [];

  constructor(
    private readonly o: { cacheMs: number; running: number; waiting: number; now?: () => number },
  ) {}

  private now(): number {
    return this.o.now ? this.o.now() : performance.now();
  }

  /** The cached answer for `key` if fresh, else `work` run through the gate (and cached when it succeeds). */
  async get(key: string, work: () => Promise<T>): Promise<T> {
    const now = this.now();
    const hit = this.cache.get(key);
    if (hit && now - hit.at < this.o.cacheMs) return hit.value;
    const value = this.gated(work);
    if (this.o.cacheMs > 0) {
      // Concurrent askers of the same key share the one query in flight.
      this.cache.set(key, { at: now, value });
      value.catch(() => this.cache.delete(key));
      if (this.cache.size > 5000) this.prune(now);
    }
    return value;
  }

  private prune(now: number) {
    for (const [k, v] of this.cache) if (now - v.at >= this.o.cacheMs) this.cache.delete(k);
  }

  private async gated(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.o.running) {
      if (this.queue.length >= this.o.waiting)
        throw new RateLimitedError('the portal is very busy: try again in a few seconds', 3);
      await new Promise<void>((resolve) => this.queue.push(resolve));
    } else this.running++;
    try {
      return await work();
    } finally {
      const next = this.queue.shift();
      // The place passes to the next in line; the count stays.
      if (next) next();
      else this.running--;
    }
  }
}
