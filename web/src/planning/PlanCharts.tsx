import { useId, useMemo } from 'react';
import { EChart } from '../components/EChart.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { formatDay, formatNumber, formatShare, formatTarget, NONE } from './numbers.ts';
import { agentsOption, channelsOption, dayRows, dayStats, serviceLevelOption } from './series.ts';
import type { Plan, WhatIfReport } from './types.ts';

/**
 * The plan for one day in three charts (required and planned agents, the planned agents' service level,
 * channels) and in one table with the same figures: the table is the charts' text alternative, and where
 * keyboard and screen-reader users read them.
 * Loaded on demand, so that ECharts is downloaded only by those who open a plan.
 */
export default function PlanCharts({
  plan,
  whatIf,
  date,
}: {
  plan: Plan;
  whatIf: WhatIfReport | null;
  date: string;
}) {
  const { t, lang } = useI18n();
  const id = useId();
  const rows = useMemo(() => dayRows(plan, date, whatIf), [plan, date, whatIf]);
  const stats = dayStats(rows);
  const day = formatDay(date, lang);
  const simulated = rows.some((r) => r.simulatedServiceLevel !== null);
  const target = plan.targets.serviceLevel;

  const options = useMemo(
    () => ({
      agents: agentsOption(
        rows,
        {
          planned: t('planning.chart.plannedAgents'),
          required: t('planning.chart.requiredAgents'),
          load: t('planning.chart.load'),
        },
        lang,
      ),
      serviceLevel: serviceLevelOption(
        rows,
        target,
        {
          model: t('planning.chart.modelServiceLevel'),
          simulated: t('planning.chart.simulatedServiceLevel'),
          target: t('planning.chart.target', { level: formatTarget(target, lang) }),
        },
        lang,
      ),
      channels: channelsOption(
        rows,
        plan.channels.provisioned,
        {
          needed: t('planning.chart.channelsNeeded'),
          provisioned: t('planning.chart.channelsProvisioned', { count: plan.channels.provisioned }),
        },
        lang,
      ),
    }),
    [rows, target, plan.channels.provisioned, t, lang],
  );

  if (rows.length === 0) return <p>{t('planning.chart.closed')}</p>;

  const seeTable = t('planning.chart.seeTable');
  const belowSummary =
    stats.belowTarget > 0
      ? t('planning.chart.belowSummary', { count: stats.belowTarget, total: rows.length })
      : t('planning.chart.noneBelow');
  return (
    <>
      <div className="row g-4">
        <figure className="col-xl-6 mb-0">
          <figcaption className="h6">{t('planning.chart.agentsTitle', { day })}</figcaption>
          <EChart
            testId="chart-agents"
            option={options.agents}
            label={`${t('planning.chart.agentsTitle', { day })}. ${t('planning.chart.agentsSummary', {
              peak: stats.peakAgents?.value ?? 0,
              time: stats.peakAgents?.time ?? '',
              required: stats.peakRequired?.value ?? 0,
              requiredTime: stats.peakRequired?.time ?? '',
            })} ${belowSummary} ${seeTable}`}
          />
        </figure>
        <figure className="col-xl-6 mb-0">
          <figcaption className="h6">{t('planning.chart.serviceLevelTitle', { day })}</figcaption>
          <EChart
            testId="chart-service-level"
            option={options.serviceLevel}
            label={`${t('planning.chart.serviceLevelTitle', { day })}. ${t(
              'planning.chart.serviceLevelSummary',
              {
                lowest: formatShare(stats.lowestServiceLevel?.value, lang),
                time: stats.lowestServiceLevel?.time ?? '',
                target: formatTarget(target, lang),
              },
            )} ${belowSummary} ${seeTable}`}
          />
        </figure>
        <figure className="col-xl-6 mb-0">
          <figcaption className="h6">{t('planning.chart.channelsTitle', { day })}</figcaption>
          <EChart
            testId="chart-channels"
            option={options.channels}
            label={`${t('planning.chart.channelsTitle', { day })}. ${t('planning.chart.channelsSummary', {
              peak: stats.peakChannels?.value ?? 0,
              time: stats.peakChannels?.time ?? '',
              provisioned: plan.channels.provisioned,
            })} ${seeTable}`}
          />
        </figure>
      </div>

      <details className="mt-3">
        <summary className="fw-semibold">{t('planning.table.show', { day })}</summary>
        <div className="table-responsive mt-2">
          <table className="table table-sm table-striped planning-table" aria-describedby={`${id}-note`}>
            <caption>{t('planning.table.caption', { day })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('planning.table.time')}</th>
                <th scope="col" className="text-end">
                  {t('planning.table.calls')}
                </th>
                <th scope="col" className="text-end">
                  {t('planning.chart.load')}
                </th>
                <th scope="col" className="text-end">
                  {t('planning.chart.requiredAgents')}
                </th>
                <th scope="col" className="text-end">
                  {t('planning.chart.plannedAgents')}
                </th>
                <th scope="col" className="text-end">
                  {t('planning.chart.modelServiceLevel')}
                </th>
                {simulated && (
                  <th scope="col" className="text-end">
                    {t('planning.chart.simulatedServiceLevel')}
                  </th>
                )}
                <th scope="col">{t('planning.table.belowTarget')}</th>
                <th scope="col" className="text-end">
                  {t('planning.chart.channelsNeeded')}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.time} className={r.belowTarget ? 'planning-below' : undefined}>
                  <th scope="row">{r.time}</th>
                  <td className="text-end">{formatNumber(r.calls, lang, 1)}</td>
                  <td className="text-end">{formatNumber(r.workload, lang, 2)}</td>
                  <td className="text-end">{formatNumber(r.requiredAgents, lang)}</td>
                  <td className="text-end">{formatNumber(r.plannedAgents, lang)}</td>
                  <td className="text-end">{formatShare(r.modelServiceLevel, lang)}</td>
                  {simulated && (
                    <td className="text-end">
                      {r.simulatedServiceLevel === null ? NONE : formatShare(r.simulatedServiceLevel, lang)}
                    </td>
                  )}
                  <td>{r.belowTarget ? t('planning.table.below') : t('planning.table.notBelow')}</td>
                  <td className="text-end">{formatNumber(r.channelsNeeded, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p id={`${id}-note`} className="small text-muted">
          {t('planning.table.note', { provisioned: plan.channels.provisioned })}
        </p>
      </details>
    </>
  );
}
