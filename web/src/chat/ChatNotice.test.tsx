import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Call, fakeApi, on, renderApp } from '../test/render.tsx';
import { ChatNotice } from './ChatNotice.tsx';

// CC-10 in the console: the citizens' chats beside the phone, for the front end's operators.

afterEach(() => vi.unstubAllGlobals());

const operator = { id: 'u-op', username: 'op', roles: ['operator'], operatorCode: 'OP101' };
const queue = (over: object) => ({
  desk: { open: true, nextOpening: null },
  maxPerAgent: 3,
  onCall: false,
  activeTotal: 1,
  waiting: [
    { id: 'a', language: 'it', topic: 'pay', queuedAt: '2026-12-07T09:00:00.000Z', waitedSeconds: 40 },
    { id: 'b', language: 'it', topic: null, queuedAt: '2026-12-07T09:00:30.000Z', waitedSeconds: 75 },
  ],
  mine: [
    {
      id: 'c',
      language: 'it',
      topic: 'book',
      acceptedAt: '2026-12-07T08:55:00.000Z',
      lastSeq: 4,
      lastAuthor: 'citizen',
    },
  ],
  ...over,
});

describe('the chat notice in the console (CC-10)', () => {
  it('says how many wait and for how long, the chats held with a new message, and links to the desk', async () => {
    fakeApi(
      on('GET', '/api/v1/auth/me', { body: operator }),
      on('GET', '/api/v1/chat/queue', { body: queue({}) }),
    );
    renderApp(<ChatNotice />, { route: '/console' });
    const notice = await screen.findByTestId('chat-notice');
    expect(notice.textContent).toContain('2 in attesa, la più lunga da 1:15');
    expect(notice.textContent).toContain('ne segui 1 (1 con un nuovo messaggio)');
    expect(screen.getByRole('link', { name: 'Apri le chat' }).getAttribute('href')).toBe('/chat');
  });

  it('on a call, says a chat can be taken when it ends', async () => {
    fakeApi(
      on('GET', '/api/v1/auth/me', { body: operator }),
      on('GET', '/api/v1/chat/queue', { body: queue({ onCall: true, mine: [] }) }),
    );
    renderApp(<ChatNotice />, { route: '/console' });
    const notice = await screen.findByTestId('chat-notice');
    expect(notice.textContent).toContain('a fine chiamata potrai prenderne una');
    expect(notice.textContent).not.toContain('ne segui');
  });

  it('shows nothing when no chat waits and none is held, and asks nothing for the back office', async () => {
    const empty = fakeApi(
      on('GET', '/api/v1/auth/me', { body: operator }),
      on('GET', '/api/v1/chat/queue', { body: queue({ waiting: [], mine: [] }) }),
    );
    renderApp(<ChatNotice />, { route: '/console' });
    await vi.waitFor(() => expect(empty.calls.some((c: Call) => c.path === '/api/v1/chat/queue')).toBe(true));
    expect(screen.queryByTestId('chat-notice')).toBeNull();
    cleanup();
    vi.unstubAllGlobals();
    const backoffice = fakeApi(
      on('GET', '/api/v1/auth/me', { body: { ...operator, roles: ['backoffice'] } }),
      on('GET', '/api/v1/chat/queue', { body: queue({}) }),
    );
    renderApp(<ChatNotice />, { route: '/console' });
    await vi.waitFor(() =>
      expect(backoffice.calls.some((c: Call) => c.path === '/api/v1/auth/me')).toBe(true),
    );
    expect(backoffice.calls.some((c: Call) => c.path === '/api/v1/chat/queue')).toBe(false);
  });
});
