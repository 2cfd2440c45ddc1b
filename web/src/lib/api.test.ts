import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from './api.ts';

describe('api client', () => {
  afterEach(() => vi.unstubAllGlobals());

  function capture() {
    const calls: { url: string; init: RequestInit }[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init: RequestInit) => {
        calls.push({ url, init });
        return new Response(init.method === 'GET' ? '{}' : null, {
          status: init.method === 'GET' ? 200 : 204,
        });
      }),
    );
    return calls;
  }

  it('sends the JSON content type on every write, even without a body (the server refuses others)', async () => {
    const calls = capture();
    await api.logout();
    await api.releaseHold('00000000-0000-4000-8000-000000000000');
    await api.ccLogin().catch(() => undefined);
    await api.me().catch(() => undefined);
    const byMethod = calls.map((c) => [
      c.init.method,
      (c.init.headers as Record<string, string>)['content-type'],
    ]);
    expect(byMethod).toEqual([
      ['POST', 'application/json'],
      ['DELETE', 'application/json'],
      ['POST', 'application/json'],
      ['GET', undefined],
    ]);
  });
});
