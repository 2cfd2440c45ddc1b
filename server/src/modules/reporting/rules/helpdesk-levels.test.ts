import { describe, expect, it } from 'vitest';
import { type HelpdeskCase, helpdeskLevels } from './helpdesk-levels.ts';

let n = 0;
const c = (o: Partial<HelpdeskCase>): HelpdeskCase => ({
  id: String(++n),
  queue: 'tributi',
  written: true,
  highestLevel: 1,
  resolved: true,
  countedMinutes: 60,
  ...o,
});

describe('the help desk’s contract levels (MR-5)', () => {
  it('measures written contacts within 24 counted hours, leaving out those still open in time', () => {
    const cases = [
      ...Array.from({ length: 96 }, () => c({})),
      c({ countedMinutes: 1441 }), // resolved late
      c({ resolved: false, countedMinutes: 1500 }), // open and already late
      c({ resolved: false, countedMinutes: 100 }), // open in time: pending
      c({ written: false, countedMinutes: 5000 }), // a phone request: not a written contact
    ];
    const [written] = helpdeskLevels(cases);
    // 96 of 98 measured: 97.96% → 2 whole points below 100% → 1% of the service's value.
    expect(written).toMatchObject({ measured: 98, met: 96, excluded: 1, points: 2, penaltyShare: 0.01 });
    expect(written!.share).toBeCloseTo(96 / 98, 10);
  });

  it('measures the second level: resolved among those in scope, and resolved within 4 h', () => {
    const cases = [
      ...Array.from({ length: 8 }, () => c({ highestLevel: 2, countedMinutes: 200 })),
      c({ highestLevel: 2, countedMinutes: 241, queue: 'fse' }),
      c({ highestLevel: 2, resolved: false, countedMinutes: 999 }),
      c({ highestLevel: 3, resolved: false }), // passed outside the centre: out of competence
      c({ highestLevel: 1 }),
    ];
    const [, resolved, time] = helpdeskLevels(cases);
    // 9 of 10 in scope resolved: 90% meets 90%.
    expect(resolved).toMatchObject({
      measured: 10,
      met: 9,
      excluded: 1,
      share: 0.9,
      points: 0,
      penaltyShare: 0,
    });
    // 8 of 9 resolved within 240 min: 88.9% ≥ 80%.
    expect(time).toMatchObject({ measured: 9, met: 8, points: 0 });
    expect(time!.byQueue).toEqual([
      { queue: 'fse', measured: 1, met: 0 },
      { queue: 'tributi', measured: 8, met: 8 },
    ]);
    // With 3 of 9 late: 66.7% → 13 whole points below 80% → 13%.
    const late = helpdeskLevels([
      ...Array.from({ length: 6 }, () => c({ highestLevel: 2, countedMinutes: 100 })),
      ...Array.from({ length: 3 }, () => c({ highestLevel: 2, countedMinutes: 300 })),
    ])[2]!;
    expect(late).toMatchObject({ points: 13, penaltyShare: 0.13 });
  });

  it('says nothing measured when there is nothing to measure', () => {
    expect(helpdeskLevels([]).map((l) => [l.measured, l.share, l.points])).toEqual([
      [0, null, 0],
      [0, null, 0],
      [0, null, 0],
    ]);
  });
});
