import { describe, expect, it } from 'vitest';
import { cappedPlan, plan, whatIf } from './fixtures.ts';
import {
  agentsOption,
  channelsOption,
  dayRows,
  dayStats,
  openDays,
  peakDay,
  serviceLevelOption,
} from './series.ts';

type Series = { name: string; type: string; data: (number | null)[] };
const seriesOf = (option: Record<string, unknown>) => option.series as Series[];
const timesOf = (option: Record<string, unknown>) => (option.xAxis as { data: string[] }).data;

describe('the plan of one day as table rows', () => {
  it('lists the open days and starts on the one with the highest peak', () => {
    expect(openDays(plan).map((d) => d.date)).toEqual(['2026-12-01', '2026-12-03']);
    expect(peakDay(plan)).toBe('2026-12-03');
    expect(peakDay({ ...plan, byDay: plan.byDay.map((d) => ({ ...d, open: false })) })).toBeNull();
  });

  it('keeps the chosen day’s intervals, with the simulated service level where there is one', () => {
    expect(dayRows(plan, '2026-12-03', whatIf.whatIf)).toEqual([
      {
        time: '08:00',
        calls: 80,
        workload: 10,
        requiredAgents: 20,
        plannedAgents: 20,
        modelServiceLevel: 0.905,
        belowTarget: false,
        simulatedServiceLevel: 0.95,
        channelsNeeded: 17,
      },
      {
        time: '08:30',
        calls: 142.25,
        workload: 17.8,
        requiredAgents: 25,
        plannedAgents: 25,
        modelServiceLevel: 0.9012,
        belowTarget: false,
        simulatedServiceLevel: null,
        channelsNeeded: 28,
      },
    ]);
    expect(dayRows(plan, '2026-12-01').every((r) => r.simulatedServiceLevel === null)).toBe(true);
    expect(dayRows(plan, '2026-12-02')).toEqual([]);
  });

  it('finds the peak and the worst interval for the charts’ text summaries', () => {
    expect(dayStats(dayRows(plan, '2026-12-01'))).toEqual({
      peakAgents: { value: 14, time: '08:00' },
      peakRequired: { value: 14, time: '08:00' },
      lowestServiceLevel: { value: 0.91, time: '08:30' },
      peakChannels: { value: 17, time: '08:00' },
      belowTarget: 0,
    });
    expect(dayStats([])).toEqual({
      peakAgents: null,
      peakRequired: null,
      lowestServiceLevel: null,
      peakChannels: null,
      belowTarget: 0,
    });
  });

  it('keeps the required and the planned agents apart when a staffing rule caps them', () => {
    const rows = dayRows(cappedPlan, '2026-12-03');
    expect(rows.map((r) => [r.time, r.requiredAgents, r.plannedAgents, r.belowTarget])).toEqual([
      ['08:00', 20, 20, false],
      ['08:30', 25, 20, true],
    ]);
    expect(dayStats(rows)).toMatchObject({
      peakAgents: { value: 20, time: '08:00' },
      peakRequired: { value: 25, time: '08:30' },
      lowestServiceLevel: { value: 0.4377, time: '08:30' },
      belowTarget: 1,
    });
    // The day to show first is the one whose traffic requires most, even if the cap flattens the plan.
    expect(peakDay(cappedPlan)).toBe('2026-12-03');
  });
});

describe('chart series', () => {
  const rows = dayRows(plan, '2026-12-01');

  const agentLabels = { planned: 'Pianificati', required: 'Richiesti', load: 'Carico (Erlang)' };

  it('draws planned agents as bars, the required ones and the load in Erlangs as lines, per interval', () => {
    const option = agentsOption(rows, agentLabels, 'it');
    expect(timesOf(option)).toEqual(['08:00', '08:30']);
    expect(seriesOf(option).map((s) => [s.name, s.type, s.data])).toEqual([
      ['Pianificati', 'bar', [14, 13]],
      ['Richiesti', 'line', [14, 13]],
      ['Carico (Erlang)', 'line', [10, 9.12]],
    ]);
    const capped = agentsOption(dayRows(cappedPlan, '2026-12-03'), agentLabels, 'it');
    expect(seriesOf(capped).map((s) => s.data)).toEqual([
      [20, 20],
      [20, 25],
      [10, 17.8],
    ]);
  });

  it('draws the service level of the planned agents', () => {
    const option = serviceLevelOption(
      dayRows(cappedPlan, '2026-12-03'),
      0.9,
      { model: 'Modello', simulated: 'Simulazione', target: 'Obiettivo' },
      'it',
    );
    expect(seriesOf(option)[0]!.data).toEqual([0.905, 0.4377]);
    expect((option.yAxis as { min: number }).min).toBeCloseTo(0.3);
  });

  it('draws the model service level and the target; the simulated one only after a what-if', () => {
    const labels = { model: 'Modello', simulated: 'Simulazione', target: 'Obiettivo' };
    const before = serviceLevelOption(rows, 0.9, labels, 'it');
    expect(seriesOf(before).map((s) => [s.name, s.data])).toEqual([
      ['Modello', [0.93, 0.91]],
      ['Obiettivo', [0.9, 0.9]],
    ]);
    const after = serviceLevelOption(dayRows(plan, '2026-12-03', whatIf.whatIf), 0.9, labels, 'it');
    expect(seriesOf(after).map((s) => [s.name, s.data])).toEqual([
      ['Modello', [0.905, 0.9012]],
      ['Simulazione', [0.95, null]],
      ['Obiettivo', [0.9, 0.9]],
    ]);
    // The axis starts a little below the lowest value, and its labels are Italian percentages.
    const axis = before.yAxis as {
      min: number;
      max: number;
      axisLabel: { formatter: (v: number) => string };
    };
    expect(axis.min).toBeCloseTo(0.8);
    expect(axis.max).toBe(1);
    expect(axis.axisLabel.formatter(0.85)).toBe('85%');
  });

  it('draws channels needed against the channels in service', () => {
    const option = channelsOption(rows, 60, { needed: 'Necessari', provisioned: 'In servizio' }, 'it');
    expect(seriesOf(option).map((s) => [s.name, s.type, s.data])).toEqual([
      ['Necessari', 'bar', [17, 16]],
      ['In servizio', 'line', [60, 60]],
    ]);
  });
});
