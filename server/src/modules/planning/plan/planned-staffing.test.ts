import { describe, expect, it } from 'vitest';
import { AppError } from '../../../platform/errors.ts';
import { plannedAgentsRule, type StaffingInput, validateStaffing } from './planned-staffing.ts';

const fieldOf = (input: unknown): string | undefined => {
  try {
    validateStaffing(input as StaffingInput);
  } catch (error) {
    if (error instanceof AppError) return error.field;
    throw error;
  }
  return undefined;
};

describe('a staffing rule, checked', () => {
  it('is none when absent, and exactly one of scale, maxAgents or roster otherwise', () => {
    expect(validateStaffing(undefined)).toBeNull();
    expect(validateStaffing({ scale: 0.85 })).toEqual({ scale: 0.85 });
    expect(validateStaffing({ maxAgents: 20 })).toEqual({ maxAgents: 20 });
    expect(validateStaffing({ roster: [{ from: '08:00', to: '24:00', agents: 3 }] })).toEqual({
      roster: [{ from: '08:00', to: '24:00', agents: 3 }],
    });
    expect(fieldOf({})).toBe('staffing');
    expect(fieldOf({ scale: 0.9, maxAgents: 3 })).toBe('staffing.maxAgents');
    expect(fieldOf({ agents: 3 })).toBe('staffing.agents');
  });

  it('names the field that is wrong', () => {
    const band = { from: '08:00', to: '14:00', agents: 10 };
    const cases: [unknown, string][] = [
      [{ scale: 0 }, 'staffing.scale'],
      [{ scale: -0.5 }, 'staffing.scale'],
      [{ scale: 6 }, 'staffing.scale'],
      [{ scale: Number.NaN }, 'staffing.scale'],
      [{ maxAgents: 0 }, 'staffing.maxAgents'],
      [{ maxAgents: 2.5 }, 'staffing.maxAgents'],
      [{ roster: [] }, 'staffing.roster'],
      [{ roster: [{ ...band, from: '8:00' }] }, 'staffing.roster.0.from'],
      [{ roster: [band, { ...band, to: '25:00' }] }, 'staffing.roster.1.to'],
      [{ roster: [{ ...band, to: '08:00' }] }, 'staffing.roster.0.to'],
      [{ roster: [{ ...band, from: '24:00', to: '24:00' }] }, 'staffing.roster.0.from'],
      [{ roster: [{ ...band, agents: -1 }] }, 'staffing.roster.0.agents'],
      [{ roster: [{ ...band, agents: 1.5 }] }, 'staffing.roster.0.agents'],
      [{ roster: [{ ...band, weekdays: [] }] }, 'staffing.roster.0.weekdays'],
      [{ roster: [{ ...band, weekdays: ['mon', 'lun'] }] }, 'staffing.roster.0.weekdays.1'],
      [{ roster: [{ ...band, shift: 'a' }] }, 'staffing.roster.0.shift'],
    ];
    for (const [input, field] of cases) expect(fieldOf(input), JSON.stringify(input)).toBe(field);
  });
});

describe('planned agents from the required ones', () => {
  const at = (time: string, weekday: 'mon' | 'sat' = 'mon') => ({ time, weekday });

  it('keeps the requirement without a rule', () => {
    const same = plannedAgentsRule(null, 30);
    expect(same(14, at('09:00'))).toBe(14);
  });

  it('rounds a share of the requirement up, without binary noise', () => {
    const seventy = plannedAgentsRule({ scale: 0.7 }, 30);
    expect(seventy(10, at('09:00'))).toBe(7); // 10 × 0.7 = 7.000000000000001 in binary
    expect(seventy(14, at('09:00'))).toBe(10);
    expect(seventy(0, at('09:00'))).toBe(0);
    expect(plannedAgentsRule({ scale: 1 }, 30)(33, at('09:00'))).toBe(33);
    expect(plannedAgentsRule({ scale: 1.1 }, 30)(10, at('09:00'))).toBe(11);
  });

  it('caps the requirement', () => {
    const cap = plannedAgentsRule({ maxAgents: 20 }, 30);
    expect(cap(33, at('09:00'))).toBe(20);
    expect(cap(12, at('09:00'))).toBe(12);
  });

  it('sums the roster’s bands over each interval, by weekday, pro rata for a band covering part of it', () => {
    const roster = plannedAgentsRule(
      {
        roster: [
          { from: '08:00', to: '14:00', agents: 20 },
          { from: '12:00', to: '20:00', agents: 14, weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'] },
          { from: '08:15', to: '09:00', agents: 5 },
        ],
      },
      30,
    );
    expect(roster(99, at('08:00'))).toBe(22); // 20 + 5 × 15/30 = 22.5, rounded down
    expect(roster(99, at('08:30'))).toBe(25);
    expect(roster(99, at('12:00'))).toBe(34); // overlapping shifts add up
    expect(roster(99, at('12:00', 'sat'))).toBe(20); // the second band is for weekdays only
    expect(roster(99, at('14:00', 'sat'))).toBe(0); // no band: nobody
    expect(roster(0, at('19:30'))).toBe(14); // a roster ignores the requirement
    // With hourly intervals the same roster counts the bands by their minutes in the hour.
    const hourly = plannedAgentsRule({ roster: [{ from: '08:30', to: '10:00', agents: 10 }] }, 60);
    expect(hourly(1, at('08:00'))).toBe(5);
    expect(hourly(1, at('09:00'))).toBe(10);
  });
});
