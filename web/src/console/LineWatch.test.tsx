import { fireEvent, screen } from '@testing-library/react';
import { Route, Routes } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AgentConsole } from '../contact-centre/types.ts';
import { fakeApi, on, renderApp } from '../test/render.tsx';
import { FakeWebSocket } from '../test/websocket.ts';
import { LineWatch } from './LineWatch.tsx';

afterEach(() => vi.unstubAllGlobals());

const agent = (over: Partial<AgentConsole>): AgentConsole => ({
  label: 'simulazione',
  agentId: 'u-1',
  code: '101',
  state: 'ready',
  reason: null,
  since: 0,
  secondsInState: 5,
  wrapUpSecondsLeft: null,
  skills: { 'cup-prenotazioni': 2 },
  pauseReasons: ['pausa'],
  transferQueues: [],
  call: null,
  logoffPending: null,
  ...over,
});

// CC-9, CC-10: a blended operator on the chat desk stays on the line (the stream is kept open), sees its
// state, and answers a ringing call, which takes them to the console.
describe('the phone line away from the console', () => {
  it("keeps the line's stream open, says its state, and answers a ringing call from the console", async () => {
    let current = agent({});
    const { calls } = fakeApi(
      on('GET', '/api/v1/contact-centre/agent', () => ({ body: current })),
      on('POST', '/api/v1/contact-centre/agent/answer', () => {
        current = agent({ state: 'on-call' });
        return { body: current };
      }),
    );
    renderApp(
      <Routes>
        <Route path="/chat" element={<LineWatch />} />
        <Route path="/console" element={<h1>Console</h1>} />
      </Routes>,
      { route: '/chat' },
    );
    expect((await screen.findByTestId('line-watch')).textContent).toContain('Telefono: pronto');
    expect(screen.getByRole('link', { name: 'Torna alla console' }).getAttribute('href')).toBe('/console');
    // The console's stream, here: the server does not take the operator for gone.
    expect(FakeWebSocket.instances.filter((s) => !s.closed)).toHaveLength(1);

    current = agent({ state: 'offered' });
    FakeWebSocket.instances[0]!.receive({
      type: 'update',
      snapshot: {},
      events: [{ type: 'call.offered', agentId: 'u-1', callId: 'c1' }],
    });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Ti sta arrivando una chiamata.');
    fireEvent.click(screen.getByRole('button', { name: 'Rispondi (nella console)' }));
    expect(await screen.findByRole('heading', { name: 'Console' })).toBeTruthy();
    expect(calls.some((c) => c.method === 'POST' && c.path === '/api/v1/contact-centre/agent/answer')).toBe(
      true,
    );
  });

  it('shows nothing to an operator not on the line', async () => {
    fakeApi(on('GET', '/api/v1/contact-centre/agent', { body: agent({ state: 'logged-out' }) }));
    renderApp(<LineWatch />, { route: '/chat' });
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByTestId('line-watch')).toBeNull();
  });
});
