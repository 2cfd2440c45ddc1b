import { describe, it } from 'vitest';
import { erlangAMetrics } from '../../planning/index.ts';
import { simulationStatistics } from '../../reporting/index.ts';
import { runSimulation } from './simulate.ts';
import { agrees, batch, DAYS, traffic } from './statistics-kit.ts';

describe('statistical agreement with Erlang A', () => {
  it('M/M/11+M with exponential patience (120 s) matches Erlang A', async () => {
    const theory = erlangAMetrics({ ...traffic, agents: 11, patienceSeconds: 120 });
    const report = await runSimulation({
      statistics: simulationStatistics,
      scenario: 'erlang-a-example',
      days: DAYS,
      seed: 2014,
    });
    const t = report.stats.total;
    const days = report.stats.byDay;
    agrees(
      'P(abandon)',
      t.abandonRate!,
      theory.probabilityOfAbandoning,
      0.006,
      batch(days, (r) => r.abandonRate).se,
    );
    agrees(
      'P(wait)',
      t.probabilityOfWaiting!,
      theory.probabilityOfWaiting,
      0.01,
      batch(days, (r) => r.probabilityOfWaiting).se,
    );
    agrees(
      'answered within 20 s over offered',
      t.serviceLevel!,
      theory.answeredWithinTargetOverOffered,
      0.01,
      batch(days, (r) => r.serviceLevel).se,
    );
    agrees(
      'ASA',
      t.averageSpeedOfAnswerSeconds!,
      theory.averageSpeedOfAnswerSeconds,
      0.8,
      batch(days, (r) => r.averageSpeedOfAnswerSeconds).se,
    );
    agrees('occupancy', t.occupancy!, theory.occupancy, 0.008, batch(days, (r) => r.occupancy).se);
  });
});
