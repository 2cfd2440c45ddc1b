import { describe, expect, it } from 'vitest';
import { erlangCMetrics } from '../../planning/index.ts';
import { simulationStatistics } from '../../reporting/index.ts';
import { runSimulation } from './simulate.ts';
import { agrees, batch, DAYS, traffic } from './statistics-kit.ts';

describe('statistical agreement with Erlang C', () => {
  it('M/M/14 matches Erlang C: P(wait) 0.1741, service level 0.8884, ASA 7.84 s', async () => {
    const theory = erlangCMetrics({ ...traffic, agents: 14 });
    expect(theory.probabilityOfWaiting).toBeCloseTo(0.1741, 4);
    expect(theory.serviceLevel).toBeCloseTo(0.8884, 4);
    expect(theory.averageSpeedOfAnswerSeconds).toBeCloseTo(7.84, 2);

    const report = await runSimulation({
      statistics: simulationStatistics,
      scenario: 'erlang-c-example',
      days: DAYS,
      seed: 2013,
    });
    const t = report.stats.total;
    const days = report.stats.byDay;
    expect(t.offered).toBeGreaterThan(470_000);
    expect(t.abandoned).toBe(0);
    agrees(
      'P(wait)',
      t.probabilityOfWaiting!,
      theory.probabilityOfWaiting,
      0.008,
      batch(days, (r) => r.probabilityOfWaiting).se,
    );
    agrees(
      'service level',
      t.serviceLevel!,
      theory.serviceLevel,
      0.008,
      batch(days, (r) => r.serviceLevel).se,
    );
    agrees(
      'ASA',
      t.averageSpeedOfAnswerSeconds!,
      theory.averageSpeedOfAnswerSeconds,
      0.8,
      batch(days, (r) => r.averageSpeedOfAnswerSeconds).se,
    );
    agrees('occupancy', t.occupancy!, theory.occupancy, 0.006, batch(days, (r) => r.occupancy).se);
    expect(t.averageTalkSeconds!).toBeCloseTo(180, -0.5);
  });
});
