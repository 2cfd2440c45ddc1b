import { useId } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { formatDateTime, formatEuro, formatPercent } from '../lib/format.ts';
import type { Ok } from '../lib/openapi.ts';

type Outbound = Ok<'/api/v1/reporting/sla', 'get'>['outbound'];

/**
 * MR-5's outbound levels on the Report page: the agents' campaigns' positive share against 50%, and the
 * batches of 100 that took more than 24 operating hours, with the penalty each makes.
 */
export function OutboundSection({ outbound: o }: { outbound: Outbound }) {
  const { t, lang } = useI18n();
  const id = useId();
  return (
    <section className="mb-4" aria-labelledby={id} data-testid="outbound">
      <h2 id={id} className="h4">
        {t('outbound.title')}
      </h2>
      {o.calls === 0 && o.batches.length === 0 ? (
        <p>{t('outbound.none')}</p>
      ) : (
        <ul>
          <li>
            {t('outbound.positive', {
              positive: o.positive,
              calls: o.calls,
              share: o.positiveShare === null ? '—' : formatPercent(o.positiveShare, lang, 1),
            })}{' '}
            {o.met !== null && (
              <span className={`badge ${o.met ? 'text-bg-success' : 'text-bg-danger'}`}>
                {t(o.met ? 'sla.yes' : 'sla.no')}
              </span>
            )}
            {o.points > 0 &&
              ` ${t('outbound.pointsPenalty', { points: o.points, share: formatPercent(o.positivePenaltyShare, lang) })}`}
          </li>
          <li>
            {t('outbound.late', { hours: o.lateHours, share: formatPercent(o.latePenaltyShare, lang) })}
          </li>
          {o.penaltyEuro !== null && (
            <li>{t('outbound.euro', { euro: formatEuro(Math.round(o.penaltyEuro * 100)) })}</li>
          )}
        </ul>
      )}
      {o.batches.some((b) => b.lateHours > 0) && (
        <ul className="small" data-testid="late-batches">
          {o.batches
            .filter((b) => b.lateHours > 0)
            .map((b) => (
              <li key={`${b.campaignId}-${b.batch}`}>
                {t('outbound.batch', {
                  campaign: b.campaign,
                  batch: b.batch,
                  start: formatDateTime(b.startedAt, lang),
                  hours: b.operatingHours.toLocaleString(lang === 'it' ? 'it-IT' : 'en-GB'),
                  late: b.lateHours,
                })}
              </li>
            ))}
        </ul>
      )}
    </section>
  );
}
