import { describe, expect, it } from 'vitest';
import type { LiveAgent } from '../contact-centre/types.ts';
import { agentRows } from './agents.ts';

const NOW = Date.parse('2026-12-04T10:00:00Z');
const agent = (over: Partial<LiveAgent>): LiveAgent => ({
  id: 'a',
  code: '101',
  username: 'anna',
  state: 'ready',
  since: NOW - 10_000,
  reason: null,
  callId: null,
  lastCallId: null,
  simulated: false,
  skills: {},
  ...over,
});

describe('the live list of agents (issue 14 §13)', () => {
  it('lists the agents on the line with their time in state, those to look at first', () => {
    const rows = agentRows(
      [
        agent({ id: 'ready', username: 'anna', state: 'ready', since: NOW - 600_000 }),
        agent({ id: 'gone', username: null, code: '207', state: 'logged-out' }),
        // Rung for 45 s without answering: the ghost agent the review found.
        agent({ id: 'ghost', username: 'bruno', state: 'offered', since: NOW - 45_000, callId: 'c9' }),
        agent({ id: 'call', username: 'carla', state: 'on-call', since: NOW - 90_000, callId: 'c1' }),
        agent({ id: 'pause', username: 'dario', state: 'paused', since: NOW - 16 * 60_000, reason: 'break' }),
        agent({ id: 'short', username: 'elena', state: 'paused', since: NOW - 60_000, reason: 'training' }),
      ],
      NOW,
    );
    expect(rows.map((r) => [r.id, r.secondsInState, r.look])).toEqual([
      ['pause', 960, true],
      ['ghost', 45, true],
      ['ready', 600, false],
      ['call', 90, false],
      ['short', 60, false],
    ]);
    expect(rows.find((r) => r.id === 'call')).toMatchObject({ callId: 'c1', reason: null });
    expect(rows.find((r) => r.id === 'pause')?.reason).toBe('break');
  });

  it('names an agent without a user by the operator code, and never counts negative time', () => {
    const [row] = agentRows([agent({ username: null, code: '301', since: NOW + 5000 })], NOW);
    expect(row).toMatchObject({ name: '301', secondsInState: 0 });
  });
});
