// The plan (and its what-if) for one day → rows for the data table and series for the charts. Pure: the
// charts draw these options, the table shows the same rows, the tests check both.
import type { EChartsCoreOption } from 'echarts/core';
import type { Lang } from '../lib/format.ts';
import { formatNumber, formatShare } from './numbers.ts';
import type { Plan, PlannedDay, WhatIfReport } from './types.ts';

export interface DayRow {
  /** Local 'HH:mm'. */
  time: string;
  calls: number;
  /** Offered load in Erlangs: the agents the work alone keeps busy, before any service level. */
  workload: number;
  /** Agents the targets require (Erlang C or A). */
  requiredAgents: number;
  /** Agents the staffing puts on the phones: the required ones without a staffing rule. */
  plannedAgents: number;
  /** The model's service level for the planned agents. */
  modelServiceLevel: number;
  /** The planned agents miss the targets. */
  belowTarget: boolean;
  /** Simulated mean, when a what-if has run for this plan; null where nothing was simulated. */
  simulatedServiceLevel: number | null;
  channelsNeeded: number;
}

/** The days the line is open, in calendar order. */
export function openDays(plan: Plan): PlannedDay[] {
  return plan.byDay.filter((d) => d.open);
}

/**
 * The open day whose traffic needs the most agents at its peak (the first such): where the plan is
 * tightest. The requirement, not the planned agents: a cap would make every day's planned peak the same.
 */
export function peakDay(plan: Plan): string | null {
  let best: PlannedDay | null = null;
  for (const d of openDays(plan)) if (!best || d.requiredPeakAgents > best.requiredPeakAgents) best = d;
  return best?.date ?? null;
}

export function dayRows(plan: Plan, date: string, whatIf?: WhatIfReport | null): DayRow[] {
  const simulated = new Map(
    (whatIf?.intervals ?? []).filter((iv) => iv.date === date).map((iv) => [iv.time, iv.serviceLevel.mean]),
  );
  return plan.intervals
    .filter((iv) => iv.date === date)
    .map((iv) => ({
      time: iv.time,
      calls: iv.calls,
      workload: iv.trafficErlangs,
      requiredAgents: iv.requiredAgents,
      plannedAgents: iv.plannedAgents,
      modelServiceLevel: iv.serviceLevel,
      belowTarget: iv.belowTarget,
      simulatedServiceLevel: simulated.get(iv.time) ?? null,
      channelsNeeded: iv.channelsNeeded,
    }));
}

export interface DayStats {
  /** Planned agents at the peak. */
  peakAgents: { value: number; time: string } | null;
  peakRequired: { value: number; time: string } | null;
  lowestServiceLevel: { value: number; time: string } | null;
  peakChannels: { value: number; time: string } | null;
  /** Intervals whose planned agents miss the targets. */
  belowTarget: number;
}

/** The figures a chart's text summary reads out: the peak, the worst interval. */
export function dayStats(rows: DayRow[]): DayStats {
  const pick = (better: (a: DayRow, b: DayRow) => boolean, value: (r: DayRow) => number) => {
    let best: DayRow | null = null;
    for (const r of rows) if (!best || better(r, best)) best = r;
    return best ? { value: value(best), time: best.time } : null;
  };
  return {
    peakAgents: pick(
      (a, b) => a.plannedAgents > b.plannedAgents,
      (r) => r.plannedAgents,
    ),
    peakRequired: pick(
      (a, b) => a.requiredAgents > b.requiredAgents,
      (r) => r.requiredAgents,
    ),
    lowestServiceLevel: pick(
      (a, b) => a.modelServiceLevel < b.modelServiceLevel,
      (r) => r.modelServiceLevel,
    ),
    peakChannels: pick(
      (a, b) => a.channelsNeeded > b.channelsNeeded,
      (r) => r.channelsNeeded,
    ),
    belowTarget: rows.filter((r) => r.belowTarget).length,
  };
}

const round = (x: number, digits: number) => Number(x.toFixed(digits));

// Colours with at least 3:1 against white (WCAG 1.4.11); each series also differs by line or mark shape.
export const COLOURS = {
  blue: '#0066cc',
  brown: '#8a5300',
  green: '#00734d',
  red: '#b71f38',
  ink: '#17324d',
} as const;

const base = (times: string[]): EChartsCoreOption => ({
  animation: false,
  textStyle: { fontFamily: 'Titillium Web, Geneva, Tahoma, sans-serif', color: COLOURS.ink },
  legend: { top: 0, textStyle: { fontSize: 13 } },
  grid: { left: 56, right: 24, top: 48, bottom: 40 },
  tooltip: { trigger: 'axis' },
  xAxis: { type: 'category', data: times, axisLabel: { color: COLOURS.ink } },
});

export interface AgentLabels {
  planned: string;
  required: string;
  load: string;
}

/**
 * Per interval: the planned agents as bars, the agents the targets require as a stepped line, and the
 * offered load in Erlangs as a thin dotted line (the work alone, before any service level), so that a
 * short-staffed interval shows as a bar below the required line.
 */
export function agentsOption(rows: DayRow[], labels: AgentLabels, lang: Lang): EChartsCoreOption {
  const whole = (v: number) => formatNumber(v, lang);
  return {
    ...base(rows.map((r) => r.time)),
    yAxis: { type: 'value', minInterval: 1, min: 0, axisLabel: { color: COLOURS.ink } },
    series: [
      {
        name: labels.planned,
        type: 'bar',
        data: rows.map((r) => r.plannedAgents),
        itemStyle: { color: COLOURS.blue },
        tooltip: { valueFormatter: whole },
      },
      {
        name: labels.required,
        type: 'line',
        step: 'middle',
        data: rows.map((r) => r.requiredAgents),
        symbol: 'diamond',
        symbolSize: 8,
        lineStyle: { width: 2, color: COLOURS.brown },
        itemStyle: { color: COLOURS.brown },
        tooltip: { valueFormatter: whole },
      },
      {
        name: labels.load,
        type: 'line',
        data: rows.map((r) => round(r.workload, 2)),
        symbol: 'none',
        lineStyle: { type: 'dotted', width: 2, color: COLOURS.ink },
        itemStyle: { color: COLOURS.ink },
        tooltip: { valueFormatter: (v: number) => formatNumber(v, lang, 2) },
      },
    ],
  };
}

export interface ServiceLevelLabels {
  model: string;
  simulated: string;
  target: string;
}

/**
 * Service level per interval: the model's for the planned agents, the simulated one when there is a
 * what-if, and the target.
 */
export function serviceLevelOption(
  rows: DayRow[],
  target: number,
  labels: ServiceLevelLabels,
  lang: Lang,
): EChartsCoreOption {
  const percent = (v: number) => formatShare(v, lang);
  const values = rows.flatMap((r) => [r.modelServiceLevel, r.simulatedServiceLevel ?? 1]);
  const lowest = Math.min(target, ...values);
  const series: Record<string, unknown>[] = [
    {
      name: labels.model,
      type: 'line',
      data: rows.map((r) => round(r.modelServiceLevel, 4)),
      symbol: 'circle',
      symbolSize: 7,
      lineStyle: { width: 2, color: COLOURS.blue },
      itemStyle: { color: COLOURS.blue },
    },
  ];
  if (rows.some((r) => r.simulatedServiceLevel !== null)) {
    series.push({
      name: labels.simulated,
      type: 'line',
      data: rows.map((r) => (r.simulatedServiceLevel === null ? null : round(r.simulatedServiceLevel, 4))),
      symbol: 'triangle',
      symbolSize: 9,
      connectNulls: false,
      lineStyle: { type: 'dashed', width: 2, color: COLOURS.green },
      itemStyle: { color: COLOURS.green },
    });
  }
  series.push({
    name: labels.target,
    type: 'line',
    data: rows.map(() => target),
    symbol: 'none',
    lineStyle: { type: 'dotted', width: 2, color: COLOURS.red },
    itemStyle: { color: COLOURS.red },
  });
  return {
    ...base(rows.map((r) => r.time)),
    tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => (v === null ? '—' : percent(v)) },
    yAxis: {
      type: 'value',
      min: Math.max(0, Math.floor(lowest * 10) / 10 - 0.1),
      max: 1,
      axisLabel: { color: COLOURS.ink, formatter: (v: number) => formatShare(v, lang, 0) },
    },
    series,
  };
}

export interface ChannelLabels {
  needed: string;
  provisioned: string;
}

/** Channels the traffic needs per interval (Erlang B) against the channels in service (CC-5). */
export function channelsOption(
  rows: DayRow[],
  provisioned: number,
  labels: ChannelLabels,
  lang: Lang,
): EChartsCoreOption {
  return {
    ...base(rows.map((r) => r.time)),
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => formatNumber(v, lang) },
    yAxis: { type: 'value', minInterval: 1, min: 0, axisLabel: { color: COLOURS.ink } },
    series: [
      {
        name: labels.needed,
        type: 'bar',
        data: rows.map((r) => r.channelsNeeded),
        itemStyle: { color: COLOURS.blue },
      },
      {
        name: labels.provisioned,
        type: 'line',
        data: rows.map(() => provisioned),
        symbol: 'none',
        lineStyle: { type: 'dashed', width: 2, color: COLOURS.red },
        itemStyle: { color: COLOURS.red },
      },
    ],
  };
}
