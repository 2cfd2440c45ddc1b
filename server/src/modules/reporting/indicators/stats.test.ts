import { DateTime } from 'luxon';
import { describe, expect, it, vi } from 'vitest';
import type { AgentState, ContactEvent } from '../../contact-centre/index.ts';
import { simulateCommand } from '../simulate.cli.ts';
import { StatsCollector } from './stats.ts';

const at = (hhmmss: string) => DateTime.fromISO(`2025-03-04T${hhmmss}`, { zone: 'Europe/Rome' }).toMillis();
const L = '848821821';

const arrived = (callId: string, t: string): ContactEvent => ({
  type: 'call.arrived',
  at: at(t),
  callId,
  line: L,
  callerId: '333',
  channelsInUse: 1,
  channels: 60,
});
const queued = (callId: string, t: string): ContactEvent => ({
  type: 'call.queued',
  at: at(t),
  callId,
  line: L,
  queueId: 'q',
  service: 'cup',
  requestType: 'booking',
  priority: 2,
  position: 1,
  waiting: 1,
  estimatedWaitSeconds: 60,
  transferred: false,
});
const ended = (
  callId: string,
  t: string,
  outcome: 'answered' | 'abandoned' | 'busy',
  talkMs = 0,
): ContactEvent => ({
  type: 'call.ended',
  at: at(t),
  callId,
  line: L,
  outcome,
  queueId: 'q',
  requestType: 'booking',
  durationMs: 0,
  talkMs,
});
const agent = (t: string, from: AgentState, to: AgentState): ContactEvent => ({
  type: 'agent.state',
  at: at(t),
  agentId: 'a',
  from,
  to,
  reason: null,
  callId: null,
});
const abandoned = (callId: string, t: string, waitMs: number): ContactEvent => ({
  type: 'call.abandoned',
  at: at(t),
  callId,
  line: L,
  queueId: 'q',
  stage: 'queue',
  waitMs,
  position: 1,
  waiting: 0,
  transferred: false,
});

describe('StatsCollector: indicators from contact events only', () => {
  it('counts by hour of arrival, splits abandonment at the target and agent time at the hour', () => {
    const stats = new StatsCollector();
    const events: ContactEvent[] = [
      agent('09:30:00', 'logged-out', 'paused'),
      agent('09:30:00', 'paused', 'ready'),
      arrived('A', '09:59:50'),
      queued('A', '09:59:55'),
      agent('10:00:05', 'ready', 'offered'),
      {
        type: 'call.presented',
        at: at('10:00:05'),
        callId: 'A',
        kind: 'call',
        agentId: 'a',
        queueId: 'q',
        waitMs: 10_000,
        waiting: 0,
      },
      agent('10:00:05', 'offered', 'on-call'),
      {
        type: 'call.answered',
        at: at('10:00:05'),
        callId: 'A',
        line: L,
        agentId: 'a',
        operatorCode: '1',
        queueId: 'q',
        service: 'cup',
        requestType: 'booking',
        waitMs: 10_000,
        transferred: false,
      },
      ended('A', '10:03:05', 'answered', 180_000),
      agent('10:03:05', 'on-call', 'wrap-up'),
      agent('10:04:05', 'wrap-up', 'ready'),
      arrived('B', '10:10:00'),
      queued('B', '10:10:05'),
      abandoned('B', '10:10:20', 15_000),
      ended('B', '10:10:20', 'abandoned'),
      arrived('C', '10:20:00'),
      queued('C', '10:20:05'),
      abandoned('C', '10:20:45', 40_000),
      ended('C', '10:20:45', 'abandoned'),
      arrived('D', '10:30:00'),
      { type: 'call.busy', at: at('10:30:00'), callId: 'D', line: L, reason: 'channels', queueId: null },
      ended('D', '10:30:00', 'busy'),
      agent('11:00:00', 'ready', 'logged-out'),
    ];
    for (const e of events) stats.emit(e);
    const r = stats.report(at('12:00:00'));
    const hour = (h: number) => r.byHour.find((x) => x.hour === h)!;
    expect(hour(9)).toMatchObject({
      arrived: 1,
      offered: 1,
      answered: 1,
      answeredWithinTarget: 1,
      occupancy: 0,
    });
    expect(hour(10)).toMatchObject({ arrived: 3, offered: 2, abandonedShort: 1, abandonedLong: 1, busy: 1 });
    expect(hour(10).occupancy).toBeCloseTo(240 / 3600, 6);
    expect(r.total).toMatchObject({
      offered: 3,
      answered: 1,
      abandoned: 2,
      averageSpeedOfAnswerSeconds: 10,
      averageTalkSeconds: 180,
    });
    expect(r.total.serviceLevel).toBeCloseTo(1 / 3, 9);
    expect(r.total.probabilityOfWaiting).toBe(1);
    expect(r.agents.peakLoggedIn).toBe(1);

    // MR-2's time-weighted means over the period (09:30, the first event, to 12:00: 9,000 s), by hand:
    // in queue A 10 s + B 15 s + C 40 s; in the IVR 5 s each for A, B and C (D met busy at once);
    // the agent working from 09:30 to 11:00; talk 180 s and wrap-up 60 s for the one call talked.
    expect(r.total.averageWaitingInQueue).toBeCloseTo(65 / 9000, 12);
    expect(r.total.averageInIvr).toBeCloseTo(15 / 9000, 12);
    expect(r.total.averageActiveAgents).toBeCloseTo(5400 / 9000, 12);
    expect(r.total.averageHandlingSeconds).toBeCloseTo(240, 9);
    // Hour 9 lasts 30 minutes of this period; A's wait counts in the hour it arrived.
    expect(hour(9).averageWaitingInQueue).toBeCloseTo(10 / 1800, 12);
    expect(hour(9).averageActiveAgents).toBeCloseTo(1, 12);
    expect(hour(10).averageWaitingInQueue).toBeCloseTo(55 / 3600, 12);
    expect(hour(10).averageInIvr).toBeCloseTo(10 / 3600, 12);
    expect(r.byLine).toEqual([expect.objectContaining({ line: L, arrived: 4, offered: 3, busy: 1 })]);
    // Per queue: the wait and the calls, not the agents (who are not per queue).
    expect(r.byQueue[0]).toMatchObject({
      queueId: 'q',
      averageActiveAgents: null,
      averageHandlingSeconds: null,
    });
  });
});

describe('sportello simulate', () => {
  it('prints a table, or JSON, and refuses contradictory options', async () => {
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    try {
      await simulateCommand({ scenario: 'erlang-c-example', days: '1', seed: '2' });
      await simulateCommand({ scenario: 'erlang-c-example', days: 1, agents: '15', json: true });
    } finally {
      spy.mockRestore();
    }
    expect(out[0]).toContain('[simulazione] scenario erlang-c-example, seed 2');
    expect(out[0]).toMatch(/\ntotal\s+\d+/);
    // The line's channels by the CC-5 report's rule (30-minute bands), not a rule of its own.
    expect(out[0]).toMatch(
      /line \d+: \d+ calls, \d+ busy, peak \d+\/\d+ channels, \d+ saturated 30-minute bands/,
    );
    const json = JSON.parse(out[1]!);
    expect(json.occupancy[0]).toMatchObject({ saturatedBands: expect.any(Number), bands: expect.any(Array) });
    expect(json).toMatchObject({ label: 'simulazione', staffing: { kind: 'constant', agents: 15 } });
    await expect(
      simulateCommand({ scenario: 'erlang-c-example', agents: 3, staffing: 'x.json' }),
    ).rejects.toThrow(/either --agents or --staffing/);
    await expect(simulateCommand({ scenario: 'erlang-c-example', days: 'molti' })).rejects.toThrow(
      /--days must be an integer/,
    );
  });
});
