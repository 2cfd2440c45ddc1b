import { describe, expect, it } from 'vitest';
import { whatIfFor } from '../planning.service.ts';

/**
 * Pins a what-if's replication means for one seed, recorded before the module was laid out in sub-folders
 * and before replications could run on worker threads (issue 10 §2, §5): moving code must not change a
 * single figure (the worker threads' equality is tested in whatif.test.ts).
 */
describe('a what-if, pinned by seed', () => {
  it('gives the same replication means for the same seed', async () => {
    const report = await whatIfFor({
      scenario: 'cup-2013',
      from: '2026-03-02',
      to: '2026-03-03',
      model: 'a',
      replications: 3,
      seed: 4,
      staffing: { scale: 0.7 },
      // Pinned before the queue was sized for what the IVR leaves of the target: the queue's 20 s then.
      preQueueSeconds: 0,
    });
    const total = report.whatIf.total;
    expect({
      offered: total.offered.mean,
      serviceLevel: total.serviceLevel.mean,
      abandonment: total.abandonment.mean,
      averageSpeedOfAnswerSeconds: total.averageSpeedOfAnswerSeconds.mean,
      penaltyShare: report.whatIf.penalties.share.mean,
      busy: report.whatIf.line.busy.mean,
    }).toEqual({
      offered: 6933.666666666667,
      serviceLevel: 0.36979808924897933,
      abandonment: 0.21821159103667895,
      averageSpeedOfAnswerSeconds: 32.2080798016379,
      penaltyShare: 0.44,
      busy: 0,
    });
  });
});
