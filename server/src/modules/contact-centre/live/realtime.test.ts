import { afterEach, describe, expect, it, vi } from 'vitest';
import { SeededRandom } from '../../telephony/index.ts';
import { basilicataCentre } from '../config/builtin-config.ts';
import type { ContactEvent } from '../engine/events.ts';
import { BUILTIN_SCENARIOS } from '../simulation/builtin-scenarios.ts';
import { scenarioCallers } from '../simulation/callers.ts';
import { TrafficModel } from '../simulation/traffic.ts';
import { RealtimeDriver } from './realtime.ts';

const CUP_SKILLS = {
  'cup-prenotazioni': 1,
  'cup-disdette': 1,
  'cup-disponibilita': 1,
  'cup-informazioni': 1,
};

function liveCentre() {
  vi.useFakeTimers({ now: new Date('2025-03-04T09:00:00+01:00') });
  const callers = scenarioCallers({ ...BUILTIN_SCENARIOS['cup-2013']!.callers, patience: null });
  const driver = new RealtimeDriver({ config: basilicataCentre(), behaviour: callers, seed: 1 });
  const events: ContactEvent[] = [];
  driver.subscribe((e) => events.push(e));
  return {
    driver,
    events,
    of: <T extends ContactEvent['type']>(type: T) => events.filter((e) => e.type === type),
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('RealtimeDriver: the same engine on the wall clock', () => {
  it('plays callers, engine timers and agent actions on setTimeout', () => {
    const { driver, of } = liveCentre();
    driver.act({ type: 'agent.login', agentId: 'op', code: '4521', skills: CUP_SKILLS, ready: true });
    const id = driver.injectCall({ dialledNumber: '848 821 821', callerId: '3331234567' });
    expect(of('call.arrived')).toHaveLength(1);
    vi.advanceTimersByTime(7000); // the caller thinks, then presses a key
    expect(of('call.presented').at(-1)).toMatchObject({ callId: id, agentId: 'op' });

    vi.advanceTimersByTime(15_000); // nobody answers: the engine's offer timer fires on its own
    expect(of('call.requeued').at(-1)).toMatchObject({ callId: id, reason: 'offer-timeout' });
    expect(driver.snapshot().agents[0]).toMatchObject({ state: 'paused', reason: 'mancata-risposta' });

    driver.act({ type: 'agent.ready', agentId: 'op' });
    driver.act({ type: 'agent.answer', agentId: 'op' });
    vi.advanceTimersByTime(90_000);
    driver.act({ type: 'agent.hang-up', agentId: 'op' });
    expect(of('call.ended').at(-1)).toMatchObject({ callId: id, outcome: 'answered', talkMs: 90_000 });
    expect(driver.snapshot().agents[0]?.state).toBe('wrap-up');
    vi.advanceTimersByTime(60_000);
    expect(driver.snapshot().agents[0]?.state).toBe('ready');
    expect(() => driver.act({ type: 'agent.hang-up', agentId: 'op' })).toThrow(/not talking/);
    driver.stop();
  });

  it('runs a traffic source in real time', () => {
    const { driver, of } = liveCentre();
    const start = Date.now();
    driver.startTraffic(
      new TrafficModel({ kind: 'stationary', line: '848821821', callsPerHour: 600 }, new SeededRandom(4)),
      start + 600_000,
    );
    vi.advanceTimersByTime(600_000);
    expect(of('call.arrived').length).toBeGreaterThan(70);
    expect(of('call.arrived').length).toBeLessThan(130);
    expect(of('call.arrived').every((e) => e.at >= start && e.at < start + 600_000)).toBe(true);
    driver.stop();
  });
});
