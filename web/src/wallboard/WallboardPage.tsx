import { useEffect, useMemo, useState } from 'react';
import { EChart } from '../components/EChart.tsx';
import { ErrorAlert } from '../components/feedback.tsx';
import { Page } from '../components/Page.tsx';
import { formatElapsed } from '../contact-centre/labels.ts';
import type { AgentCounts, Wallboard, WallboardWindow } from '../contact-centre/types.ts';
import { type MessageKey, type Translate, useI18n } from '../i18n/i18n.tsx';
import { formatPercent, formatTime, LOCALES } from '../lib/format.ts';
import { AgentsLive } from './AgentsLive.tsx';
import { arrivalsOption, arrivalTable, hourLabel } from './arrivals.ts';
import { ChatNow } from './ChatNow.tsx';
import { ContractToday, useContractToday } from './ContractToday.tsx';
import { ForecastToday } from './ForecastToday.tsx';
import { LinesNow } from './LinesNow.tsx';
import { RiskAlert } from './RiskAlert.tsx';
import {
  ABANDONED_TARGET,
  abandonedShare,
  SERVICE_LEVEL_TARGET,
  type TargetStatus,
  targetStatus,
  thresholds,
} from './targets.ts';
import { useWallboard } from './useWallboard.ts';

const SERVICE_LABELS: Record<string, MessageKey> = {
  cup: 'wallboard.service.cup',
  regionale: 'wallboard.service.regionale',
  strutture: 'wallboard.service.strutture',
};
const serviceLabel = (t: Translate, s: string) => (SERVICE_LABELS[s] ? t(SERVICE_LABELS[s]) : s);

/** The live picture is waited for this long at most before the board is drawn without it. */
const LIVE_WAIT_MS = 2000;

/** True once `ms` have passed since the component mounted. */
function useWaited(ms: number): boolean {
  const [waited, setWaited] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setWaited(true), ms);
    return () => clearTimeout(timer);
  }, [ms]);
  return waited;
}

const AGENT_ROWS: [keyof AgentCounts, MessageKey][] = [
  ['loggedIn', 'wallboard.agents.loggedIn'],
  ['ready', 'wallboard.agents.ready'],
  ['onCall', 'wallboard.agents.onCall'],
  ['wrapUp', 'wallboard.agents.wrapUp'],
  ['paused', 'wallboard.agents.paused'],
];

const STATUS_BADGE: Record<TargetStatus, { label: MessageKey; badge: string }> = {
  ok: { label: 'wallboard.status.ok', badge: 'text-bg-success' },
  warning: { label: 'wallboard.status.warning', badge: 'text-bg-warning' },
  critical: { label: 'wallboard.status.critical', badge: 'text-bg-danger' },
  none: { label: 'wallboard.status.none', badge: 'text-bg-light' },
};

function Tile({
  label,
  value,
  detail,
  testId,
  status,
}: {
  label: string;
  value: string;
  detail?: string;
  testId: string;
  /** Against the contract's target (issue 14 §10): the status in words and the thresholds. */
  status?: { kind: TargetStatus; legend: string };
}) {
  const { t } = useI18n();
  return (
    <div className="col-6 col-md-4 col-xl">
      <div className="wb-tile h-100">
        <div className="wb-tile-label">{label}</div>
        <div className="wb-tile-value" data-testid={testId}>
          {value}
        </div>
        {status && (
          <div className="small" data-testid={`${testId}-status`}>
            <span className={`badge ${STATUS_BADGE[status.kind].badge}`}>
              {t(STATUS_BADGE[status.kind].label)}
            </span>{' '}
            {status.legend}
          </div>
        )}
        {detail && <div className="wb-tile-detail">{detail}</div>}
      </div>
    </div>
  );
}

/**
 * MR-4, the supervisor's real-time wallboard: calls waiting now and the longest wait, today's service
 * level and abandonment, refused and accepted calls with the average wait over the last hour, week and
 * month, agents by state now and on average, arrivals per service by hour. The "now" figures come from the
 * live stream; the rest are queries over the contact events, refetched when the stream says calls moved.
 */
export function WallboardPage() {
  const { t, lang } = useI18n();
  const { board, live, snapshot, data, storage, queues, waitingNow, longest, now } = useWallboard();
  const table = useMemo(() => arrivalTable(data?.arrivalsToday ?? []), [data?.arrivalsToday]);
  const option = useMemo(() => arrivalsOption(table, (s) => serviceLabel(t, s)), [table, t]);
  // The board is drawn once, whole: the figures, today's contract levels and the live agents arriving one
  // by one would each push the tables below them away from where the supervisor was about to look.
  const contract = useContractToday();
  const waited = useWaited(LIVE_WAIT_MS);
  const ready = data !== null && !contract.isPending && (live.status !== 'connecting' || waited);

  const pct = (x: number | null | undefined) =>
    x === null || x === undefined ? '—' : formatPercent(x, lang);
  const avg = (x: number) => x.toLocaleString(LOCALES[lang], { maximumFractionDigits: 1 });

  return (
    <Page title={t('wallboard.title')}>
      <p className="d-flex flex-wrap align-items-center gap-2">
        {data?.label === 'simulazione' && <span className="badge cc-sim-badge">{t('cc.simulation')}</span>}
        <span data-testid="stream-status" role="status">
          {live.status === 'open'
            ? t('wallboard.live')
            : live.status === 'off'
              ? t('cc.off')
              : t('wallboard.reconnecting')}
        </span>
        {data && <span className="small">{t('wallboard.updated', { time: formatTime(data.at, lang) })}</span>}
        <a className="ms-auto" href="/wallboard/tv">
          {t('wallboard.tv.open')}
        </a>
      </p>
      {board.isError && <ErrorAlert error={board.error} />}
      {storage && storage.state !== 'ok' && (
        // Issue 8 §16: the database is away; what happens now is kept (memory, then disk), none lost.
        <div className="alert alert-warning" role="status" data-testid="wb-storage">
          {t(storage.state === 'failing' ? 'wallboard.storageFailing' : 'wallboard.storageDegraded', {
            n: storage.buffered + storage.spilled,
          })}
        </div>
      )}
      {!ready && !board.isError && <p role="status">{t('common.loading')}</p>}
      {ready && (
        <>
          {snapshot && <LinesNow lines={snapshot.lines} at={snapshot.at} />}
          <div className="row g-3 mb-4">
            <Tile
              testId="wb-waiting-now"
              label={t('wallboard.waitingNow')}
              value={waitingNow === null || waitingNow === undefined ? '—' : String(waitingNow)}
              detail={t('wallboard.longestWait', { wait: formatElapsed(longest) })}
            />
            <Tile
              testId="wb-service-level"
              label={t('wallboard.serviceLevel', { seconds: data.today.targetSeconds })}
              value={pct(data.today.serviceLevel)}
              status={{
                kind: targetStatus(data.today.serviceLevel, SERVICE_LEVEL_TARGET),
                legend: t('wallboard.tv.serviceLevelTarget', {
                  target: pct(thresholds(SERVICE_LEVEL_TARGET).amber),
                  red: pct(thresholds(SERVICE_LEVEL_TARGET).red),
                }),
              }}
              detail={`${t('wallboard.answeredOf', {
                within: data.today.answeredWithinTarget,
                offered: data.today.offered - data.today.waitingUnderTarget,
              })}${data.today.waitingUnderTarget > 0 ? ` ${t('wallboard.notCountedYet', { n: data.today.waitingUnderTarget, seconds: data.today.targetSeconds })}` : ''}`}
            />
            <Tile
              testId="wb-answered-today"
              label={t('wallboard.answeredToday')}
              value={String(data.today.answered)}
              detail={t('wallboard.offeredToday', { offered: data.today.offered })}
            />
            <Tile
              testId="wb-abandoned"
              label={t('wallboard.abandoned')}
              value={`${pct(data.today.abandonedWithinTargetShare)} / ${pct(data.today.abandonedAfterTargetShare)}`}
              status={{
                kind: targetStatus(abandonedShare(data.today), ABANDONED_TARGET),
                legend: t('wallboard.tv.abandonedTarget', {
                  target: pct(thresholds(ABANDONED_TARGET).amber),
                  red: pct(thresholds(ABANDONED_TARGET).red),
                }),
              }}
              detail={t('wallboard.abandonedDetail', {
                within: data.today.abandonedWithinTarget,
                after: data.today.abandonedAfterTarget,
                seconds: data.today.targetSeconds,
              })}
            />
            <Tile
              testId="wb-callbacks"
              label={t('wallboard.callbacks')}
              value={String(data.callbacks.pending)}
              detail={
                data.callbacks.recovered > 0
                  ? t('wallboard.callbacksRecovered', { n: data.callbacks.recovered })
                  : undefined
              }
            />
          </div>

          <RiskAlert recent={data.recent} />

          <ContractToday />

          {snapshot && <AgentsLive agents={snapshot.agents} />}

          <ChatNow />

          <div className="row g-4">
            <div className="col-lg-6">
              <WindowsTable windows={data.windows} t={t} />
            </div>
            <div className="col-lg-6">
              <table className="table table-sm wb-table" data-testid="wb-agents">
                <caption>{t('wallboard.agents.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('wallboard.agents.state')}</th>
                    <th scope="col">{t('wallboard.agents.now')}</th>
                    <th scope="col">{t('wallboard.agents.lastHour')}</th>
                    <th scope="col">{t('wallboard.agents.today')}</th>
                  </tr>
                </thead>
                <tbody>
                  {AGENT_ROWS.map(([k, label]) => (
                    <tr key={k}>
                      <th scope="row">{t(label)}</th>
                      <td data-testid={`wb-agents-${k}`}>{now ? String(now[k]) : '—'}</td>
                      <td>{avg(data.agents.averageLastHour[k])}</td>
                      <td>{avg(data.agents.averageToday[k])}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div className="col-lg-6">
              <table className="table table-sm wb-table" data-testid="wb-queues">
                <caption>{t('wallboard.queues.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('wallboard.queues.queue')}</th>
                    <th scope="col">{t('wallboard.queues.waiting')}</th>
                    <th scope="col">{t('wallboard.queues.longest')}</th>
                    <th scope="col">{t('wallboard.queues.staffed')}</th>
                    <th scope="col">{t('wallboard.queues.serviceLevel')}</th>
                  </tr>
                </thead>
                <tbody>
                  {queues.map((q) => (
                    <tr key={q.id} className={q.waiting > 0 ? 'wb-row-busy' : undefined}>
                      <th scope="row">{q.name}</th>
                      <td>{q.waiting}</td>
                      <td>{formatElapsed(q.longestWaitSeconds)}</td>
                      <td>{q.staffed ?? '—'}</td>
                      <td data-testid={`wb-queue-sl-${q.id}`}>
                        {pct(data.queuesToday.find((d) => d.queueId === q.id)?.serviceLevel)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div className="col-lg-6">
              <table className="table table-sm wb-table" data-testid="wb-surveys">
                <caption>{t('wallboard.surveys.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('wallboard.surveys.question')}</th>
                    <th scope="col">{t('wallboard.surveys.answers')}</th>
                    <th scope="col">{t('wallboard.surveys.average')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.surveysToday.length === 0 ? (
                    <tr>
                      <td colSpan={3}>{t('wallboard.surveys.none')}</td>
                    </tr>
                  ) : (
                    data.surveysToday.map((q) => (
                      <tr key={q.question}>
                        <th scope="row">{q.text ?? q.question}</th>
                        <td>{q.answers}</td>
                        <td>{t('wallboard.surveys.score', { score: avg(q.averageScore) })}</td>
                      </tr>
                    ))
                  )}
                </tbody>
              </table>
            </div>
            <div className="col-lg-6">
              <h2 className="h5">{t('wallboard.arrivals.title')}</h2>
              <EChart
                option={option}
                label={t('wallboard.arrivals.chart', {
                  total: table.totals.reduce((a, b) => a + b, 0),
                })}
                testId="wb-arrivals-chart"
              />
              <details className="mt-2">
                <summary>{t('wallboard.arrivals.table')}</summary>
                <div className="table-responsive">
                  <table className="table table-sm wb-table">
                    <caption className="visually-hidden">{t('wallboard.arrivals.title')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('wallboard.arrivals.hour')}</th>
                        {table.services.map((s) => (
                          <th key={s} scope="col">
                            {serviceLabel(t, s)}
                          </th>
                        ))}
                        <th scope="col">{t('wallboard.arrivals.total')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {table.hours.map((h, i) => (
                        <tr key={h}>
                          <th scope="row">{hourLabel(h)}</th>
                          {table.calls.map((row, s) => (
                            <td key={table.services[s]}>{row[i]}</td>
                          ))}
                          <td>{table.totals[i]}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </details>
            </div>
            <div className="col-lg-6">
              <ForecastToday forecast={data.forecastToday} at={data.at} />
            </div>
          </div>
        </>
      )}
    </Page>
  );
}

function WindowsTable({ windows, t }: { windows: Wallboard['windows']; t: Translate }) {
  const rows: [keyof Wallboard['windows'], MessageKey][] = [
    ['hour', 'wallboard.window.hour'],
    ['week', 'wallboard.window.week'],
    ['month', 'wallboard.window.month'],
  ];
  const wait = (w: WallboardWindow) =>
    w.averageWaitSeconds === null ? '—' : formatElapsed(w.averageWaitSeconds);
  return (
    <table className="table table-sm wb-table" data-testid="wb-windows">
      <caption>{t('wallboard.window.title')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('wallboard.window.period')}</th>
          <th scope="col">{t('wallboard.window.refused')}</th>
          <th scope="col">{t('wallboard.window.accepted')}</th>
          <th scope="col">{t('wallboard.window.answered')}</th>
          <th scope="col">{t('wallboard.window.averageWait')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([k, label]) => (
          <tr key={k}>
            <th scope="row">{t(label)}</th>
            <td data-testid={`wb-refused-${k}`}>{windows[k].refused}</td>
            <td data-testid={`wb-accepted-${k}`}>{windows[k].accepted}</td>
            <td data-testid={`wb-answered-${k}`}>{windows[k].answered}</td>
            <td>{wait(windows[k])}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
