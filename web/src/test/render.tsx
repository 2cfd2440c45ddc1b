import { QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter } from 'react-router';
import { vi } from 'vitest';
import { Announcer } from '../components/feedback.tsx';
import { I18nProvider } from '../i18n/i18n.tsx';
import type { Lang } from '../lib/format.ts';
import { createQueryClient } from '../lib/queries.ts';

/** Renders inside the app's providers, on a router at `route`. */
export function renderApp(ui: ReactElement, { route = '/', lang = 'it' as Lang } = {}) {
  const client = createQueryClient();
  return {
    client,
    ...render(
      <QueryClientProvider client={client}>
        <I18nProvider lang={lang}>
          <Announcer>
            <MemoryRouter initialEntries={[route]}>{ui}</MemoryRouter>
          </Announcer>
        </I18nProvider>
      </QueryClientProvider>,
    ),
  };
}

export interface Call {
  method: string;
  path: string;
  body: unknown;
  headers: Record<string, string>;
}
type Reply = { status?: number; body?: unknown; headers?: Record<string, string> };
type Route = (call: Call) => Reply | undefined;

/**
 * A fake of the server's API behind `fetch`: routes are tried in order, the first that answers wins;
 * every call is recorded. Unknown calls fail the test loudly with a 599.
 */
export function fakeApi(...routes: Route[]) {
  const calls: Call[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), 'http://localhost');
    const headers = Object.fromEntries(Object.entries((init.headers ?? {}) as Record<string, string>));
    const call: Call = {
      method: (init.method ?? 'GET').toUpperCase(),
      path: url.pathname + url.search,
      body: init.body ? JSON.parse(String(init.body)) : undefined,
      headers,
    };
    calls.push(call);
    for (const route of routes) {
      const reply = route(call);
      if (reply) {
        const status = reply.status ?? 200;
        return new Response(reply.body === undefined ? null : JSON.stringify(reply.body), {
          status,
          headers: { 'content-type': 'application/json', ...reply.headers },
        });
      }
    }
    return new Response(
      JSON.stringify({ error: { code: 'UNROUTED', message: `${call.method} ${call.path}` } }),
      {
        status: 599,
      },
    );
  });
  vi.stubGlobal('fetch', fetchMock);
  return { calls, fetchMock };
}

/** A route for one method and a path (exact, or a RegExp on path + query). */
export function on(method: string, path: string | RegExp, reply: Reply | ((c: Call) => Reply)): Route {
  return (c) => {
    if (c.method !== method) return undefined;
    const match =
      typeof path === 'string' ? c.path === path || c.path.split('?')[0] === path : path.test(c.path);
    if (!match) return undefined;
    return typeof reply === 'function' ? reply(c) : reply;
  };
}
