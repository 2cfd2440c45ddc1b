import { describe, expect, it } from 'vitest';
import {
  ABANDONED_TARGET,
  SERVICE_LEVEL_TARGET,
  targetStatus,
  targetsAtRisk,
  thresholds,
} from './targets.ts';

// Issue 14 §10: the contract's 90% in 20 s and at most 10% abandoned, green / amber / red.
describe('wallboard targets', () => {
  it('reads the service level against 90%: met at 90, amber down to 80, red below', () => {
    expect(targetStatus(0.93, SERVICE_LEVEL_TARGET)).toBe('ok');
    expect(targetStatus(0.9, SERVICE_LEVEL_TARGET)).toBe('ok');
    expect(targetStatus(0.85, SERVICE_LEVEL_TARGET)).toBe('warning');
    expect(targetStatus(0.8, SERVICE_LEVEL_TARGET)).toBe('warning');
    expect(targetStatus(0.67, SERVICE_LEVEL_TARGET)).toBe('critical');
    expect(targetStatus(null, SERVICE_LEVEL_TARGET)).toBe('none');
    expect(thresholds(SERVICE_LEVEL_TARGET)).toEqual({ amber: 0.9, red: 0.8 });
  });

  it('reads abandonment against at most 10%: amber up to 15, red above', () => {
    expect(targetStatus(0.04, ABANDONED_TARGET)).toBe('ok');
    expect(targetStatus(0.1, ABANDONED_TARGET)).toBe('ok');
    expect(targetStatus(0.12, ABANDONED_TARGET)).toBe('warning');
    expect(targetStatus(0.2, ABANDONED_TARGET)).toBe('critical');
    expect(thresholds(ABANDONED_TARGET).amber).toBe(0.1);
    expect(thresholds(ABANDONED_TARGET).red).toBeCloseTo(0.15, 12);
  });
});

describe('targets at risk over the last minutes (issue 14 §10)', () => {
  it('alerts on a service level under 90% or abandonment over 10%, only with enough calls', () => {
    expect(targetsAtRisk({ decided: 20, serviceLevel: 0.85, abandonedShare: 0.05 })).toEqual([
      { kind: 'serviceLevel', value: 0.85, target: 0.9 },
    ]);
    expect(targetsAtRisk({ decided: 20, serviceLevel: 0.95, abandonedShare: 0.15 })).toEqual([
      { kind: 'abandoned', value: 0.15, target: 0.1 },
    ]);
    expect(targetsAtRisk({ decided: 20, serviceLevel: 0.9, abandonedShare: 0.1 })).toEqual([]);
    // Four calls, all bad: too few to call it a trend.
    expect(targetsAtRisk({ decided: 4, serviceLevel: 0, abandonedShare: 1 })).toEqual([]);
    expect(targetsAtRisk({ decided: 5, serviceLevel: null, abandonedShare: null })).toEqual([]);
  });
});
