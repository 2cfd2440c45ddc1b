import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIOS, runSimulation, type Scenario } from '../../contact-centre/index.ts';
import { simulationStatistics } from '../../reporting/index.ts';
import { erlangStaffing, simulateScenario } from './scenario-run.ts';

const rome = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Rome' }).toMillis();

/** Erlang C service level from its textbook definition (B recursion, then C), independent of erlang.ts. */
function serviceLevel(erlangs: number, agents: number, ahtSeconds: number, targetSeconds: number): number {
  let b = 1;
  for (let n = 1; n <= agents; n++) b = (erlangs * b) / (n + erlangs * b);
  const c = (agents * b) / (agents - erlangs * (1 - b));
  return 1 - c * Math.exp((-(agents - erlangs) * targetSeconds) / ahtSeconds);
}

describe("a scenario's Erlang staffing, sized by planning for the simulator", () => {
  it('gives each hour the fewest agents that meet the target, and none when no call is expected', () => {
    // 200 calls an hour of 180 s: 10 erlangs. The scenario's text: M/M/14 gives an 80/20 level of 0.8884.
    const scenario: Scenario = {
      ...BUILTIN_SCENARIOS['erlang-c-example']!,
      staffing: { kind: 'erlang', serviceLevel: 0.88, targetSeconds: 20 },
    };
    const start = rome('2025-01-06T00:00');
    const hourly = erlangStaffing(
      scenario,
      { kind: 'erlang', serviceLevel: 0.88, targetSeconds: 20 },
      start,
      start + 3 * 3_600_000,
    );
    expect(hourly).toEqual({ kind: 'hourly', from: start, agents: [14, 14, 14] });
    expect(serviceLevel(10, 14, 180, 20)).toBeCloseTo(0.8884, 4);
    expect(serviceLevel(10, 13, 180, 20)).toBeLessThan(0.88);

    // The CUP line is closed at night: no agents are sized for it; at 10 on a Monday they are.
    const cup = BUILTIN_SCENARIOS['cup-2013']!;
    const night = erlangStaffing(
      cup,
      { kind: 'erlang', serviceLevel: 0.9, targetSeconds: 20, minAgents: 0 },
      rome('2013-10-07T02:00'),
      rome('2013-10-07T03:00'),
    );
    expect(night.agents).toEqual([0]);
    const morning = erlangStaffing(
      cup,
      { kind: 'erlang', serviceLevel: 0.9, targetSeconds: 20 },
      rome('2013-10-07T10:00'),
      rome('2013-10-07T11:00'),
    );
    expect(morning.agents[0]).toBeGreaterThan(10);
  });

  it('simulates with the sized agents and reports the staffing as asked', async () => {
    const options = {
      scenario: 'cup-2013',
      days: 1,
      seed: 9,
      startDate: '2013-10-08',
      statistics: simulationStatistics,
    };
    const report = await simulateScenario(options);
    expect(report.staffing).toEqual(BUILTIN_SCENARIOS['cup-2013']!.staffing);
    const cup = BUILTIN_SCENARIOS['cup-2013']!;
    const hourly = erlangStaffing(
      cup,
      cup.staffing as Extract<Scenario['staffing'], { kind: 'erlang' }>,
      rome('2013-10-08T00:00'),
      rome('2013-10-09T00:00'),
    );
    const direct = await runSimulation({
      ...options,
      staffing: hourly,
    });
    expect(report.stats.total).toEqual(direct.stats.total);
    expect(report.stats.total.answered).toBeGreaterThan(0);
  });
});
