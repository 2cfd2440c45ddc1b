import { useEffect } from 'react';
import { formatElapsed } from '../contact-centre/labels.ts';
import { type MessageKey, useI18n } from '../i18n/i18n.tsx';
import { formatPercent, formatTime } from '../lib/format.ts';
import { TvLines } from './LinesNow.tsx';
import { RiskAlert } from './RiskAlert.tsx';
import {
  ABANDONED_TARGET,
  abandonedShare,
  SERVICE_LEVEL_TARGET,
  type Target,
  type TargetStatus,
  targetStatus,
  thresholds,
} from './targets.ts';
import { useWallboard } from './useWallboard.ts';

const STATUS_LABEL: Record<TargetStatus, MessageKey> = {
  ok: 'wallboard.status.ok',
  warning: 'wallboard.status.warning',
  critical: 'wallboard.status.critical',
  none: 'wallboard.status.none',
};

/**
 * The wallboard for a screen on the wall (issue 14 §12): read from three metres at 1920×1080 — full width,
 * large numerals, no navigation, the few figures that matter, each against its target with the status in
 * words beside the colour. The detailed tables stay on /wallboard.
 */
export function WallboardTv() {
  const { t, lang } = useI18n();
  const { data, live, snapshot, waitingNow, longest, now } = useWallboard();
  useEffect(() => {
    document.title = `${t('wallboard.tv.title')} — Sportello`;
  }, [t]);
  const pct = (x: number | null | undefined) =>
    x === null || x === undefined ? '—' : formatPercent(x, lang);
  const today = data?.today ?? null;
  const abandoned = today ? abandonedShare(today) : null;
  return (
    <main className="wb-tv" id="main">
      <header className="wb-tv-head">
        <h1>{t('wallboard.tv.title')}</h1>
        <p>
          {data?.label === 'simulazione' && (
            <>
              <span className="badge cc-sim-badge">{t('cc.simulation')}</span>{' '}
            </>
          )}
          <span role="status">
            {live.status === 'open' ? t('wallboard.live') : t('wallboard.reconnecting')}
          </span>
          {data && <> · {t('wallboard.updated', { time: formatTime(data.at, lang) })}</>}
        </p>
      </header>
      {snapshot && <TvLines lines={snapshot.lines} at={snapshot.at} />}
      {data && <RiskAlert recent={data.recent} />}
      <div className="wb-tv-grid">
        <TvFigure
          testId="tv-waiting"
          label={t('wallboard.waitingNow')}
          value={waitingNow === null || waitingNow === undefined ? '—' : String(waitingNow)}
          detail={t('wallboard.longestWait', { wait: formatElapsed(longest) })}
        />
        <TvFigure
          testId="tv-service-level"
          label={t('wallboard.tv.serviceLevel')}
          value={pct(today?.serviceLevel)}
          target={SERVICE_LEVEL_TARGET}
          measured={today?.serviceLevel ?? null}
          legend={t('wallboard.tv.serviceLevelTarget', {
            target: pct(thresholds(SERVICE_LEVEL_TARGET).amber),
            red: pct(thresholds(SERVICE_LEVEL_TARGET).red),
          })}
          statusLabel={(s) => t(STATUS_LABEL[s])}
        />
        <TvFigure
          testId="tv-abandoned"
          label={t('wallboard.tv.abandoned')}
          value={pct(abandoned)}
          target={ABANDONED_TARGET}
          measured={abandoned}
          legend={t('wallboard.tv.abandonedTarget', {
            target: pct(thresholds(ABANDONED_TARGET).amber),
            red: pct(thresholds(ABANDONED_TARGET).red),
          })}
          statusLabel={(s) => t(STATUS_LABEL[s])}
        />
        <TvFigure
          testId="tv-ready"
          label={t('wallboard.agents.ready')}
          value={now ? String(now.ready) : '—'}
          detail={
            now
              ? t('wallboard.tv.agents', { onCall: now.onCall, wrapUp: now.wrapUp, paused: now.paused })
              : ''
          }
        />
        <TvFigure
          testId="tv-callbacks"
          label={t('wallboard.callbacks')}
          value={data ? String(data.callbacks.pending) : '—'}
        />
        <TvFigure
          testId="tv-answered"
          label={t('wallboard.answeredToday')}
          value={today ? String(today.answered) : '—'}
          detail={today ? t('wallboard.offeredToday', { offered: today.offered }) : ''}
        />
      </div>
    </main>
  );
}

function TvFigure({
  testId,
  label,
  value,
  detail,
  target,
  measured,
  legend,
  statusLabel,
}: {
  testId: string;
  label: string;
  value: string;
  detail?: string;
  target?: Target;
  measured?: number | null;
  legend?: string;
  statusLabel?: (s: TargetStatus) => string;
}) {
  const status = target ? targetStatus(measured, target) : 'none';
  return (
    <section className={`wb-tv-figure wb-status-${status}`} aria-label={label} data-testid={testId}>
      <h2 className="wb-tv-label">{label}</h2>
      <p className="wb-tv-value">{value}</p>
      {target && statusLabel && (
        <p className="wb-tv-status" data-status={status}>
          {statusLabel(status)}
        </p>
      )}
      {legend && <p className="wb-tv-detail">{legend}</p>}
      {detail && <p className="wb-tv-detail">{detail}</p>}
    </section>
  );
}
