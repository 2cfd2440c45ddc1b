import { describe, expect, it } from 'vitest';
import { SearchFence } from './load-guard.ts';

const deferred = () => {
  let resolve!: (v: string) => void;
  const promise = new Promise<string>((r) => {
    resolve = r;
  });
  return { promise, resolve };
};

describe('SearchFence', () => {
  it('serves a fresh answer from the cache and shares a query in flight', async () => {
    let t = 0;
    let calls = 0;
    const fence = new SearchFence<string>({ cacheMs: 3000, running: 4, waiting: 10, now: () => t });
    const work = async () => `answer ${++calls}`;
    const [a, b] = await Promise.all([fence.get('k', work), fence.get('k', work)]);
    expect([a, b, calls]).toEqual(['answer 1', 'answer 1', 1]);
    t = 2999;
    expect(await fence.get('k', work)).toBe('answer 1');
    t = 3000;
    expect(await fence.get('k', work)).toBe('answer 2');
    expect(await fence.get('other', work)).toBe('answer 3');
  });

  it('does not keep a failure', async () => {
    const fence = new SearchFence<string>({ cacheMs: 3000, running: 1, waiting: 1, now: () => 0 });
    await expect(fence.get('k', async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await fence.get('k', async () => 'ok')).toBe('ok');
  });

  it('lets `running` searches run at once, queues `waiting` more in order, refuses the rest with 429', async () => {
    const fence = new SearchFence<string>({ cacheMs: 0, running: 2, waiting: 2 });
    const gates = [deferred(), deferred(), deferred(), deferred()];
    const started: number[] = [];
    const runs = gates.map((g, i) =>
      fence.get(`k${i}`, async () => {
        started.push(i);
        return g.promise;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    await expect(fence.get('k5', async () => 'x')).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterSeconds: 3,
    });
    gates[1]!.resolve('one');
    await runs[1];
    await new Promise((r) => setTimeout(r, 0));
    expect(started).toEqual([0, 1, 2]);
    for (const g of gates) g.resolve('done');
    expect(await Promise.all(runs)).toEqual(['done', 'one', 'done', 'done']);
    expect(started).toEqual([0, 1, 2, 3]);
  });
});
