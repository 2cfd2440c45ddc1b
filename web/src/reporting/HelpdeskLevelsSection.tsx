import { useId } from 'react';
import type { MessageKey } from '../i18n/i18n.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { formatEuro, formatPercent } from '../lib/format.ts';
import type { Ok } from '../lib/openapi.ts';

type Levels = Ok<'/api/v1/reporting/sla', 'get'>['helpdesk'];

const LABEL: Record<Levels[number]['id'], MessageKey> = {
  'risposta-contatti-scritti': 'sla.helpdesk.written',
  'risolte-secondo-livello': 'sla.helpdesk.secondResolved',
  'tempo-soluzione-secondo-livello': 'sla.helpdesk.secondTime',
};

/**
 * MR-5 on the Report page: the help desk's levels from the month's tickets — written contacts closed
 * within 24 counted hours, second-level cases resolved, and resolved within 4 hours — each with its
 * definition, figure, threshold and penalty.
 */
export function HelpdeskLevelsSection({ levels }: { levels: Levels }) {
  const { t, lang } = useI18n();
  const id = useId();
  return (
    <section className="mb-4" aria-labelledby={id} data-testid="helpdesk-levels">
      <h2 id={id} className="h4">
        {t('sla.helpdesk.title')}
      </h2>
      <p className="small">{t('sla.helpdesk.definition')}</p>
      <table className="table table-sm">
        <caption className="visually-hidden">{t('sla.helpdesk.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('sla.helpdesk.level')}</th>
            <th scope="col">{t('sla.helpdesk.figure')}</th>
            <th scope="col">{t('sla.helpdesk.threshold')}</th>
            <th scope="col">{t('sla.helpdesk.penalty')}</th>
          </tr>
        </thead>
        <tbody>
          {levels.map((l) => (
            <tr key={l.id}>
              <th scope="row" className="fw-normal">
                {t(LABEL[l.id])}
              </th>
              <td>
                {l.share === null
                  ? t('sla.helpdesk.none')
                  : t('sla.helpdesk.share', {
                      share: formatPercent(l.share, lang, 1),
                      met: l.met,
                      measured: l.measured,
                    })}
                {l.excluded > 0 && (
                  <span className="d-block small text-muted">
                    {t(
                      l.id === 'risposta-contatti-scritti' ? 'sla.helpdesk.pending' : 'sla.helpdesk.outside',
                      { n: l.excluded },
                    )}
                  </span>
                )}
              </td>
              <td>{formatPercent(l.threshold, lang)}</td>
              <td>
                {l.points === 0
                  ? t('sla.helpdesk.met')
                  : t('sla.helpdesk.penaltyOf', {
                      points: l.points,
                      share: formatPercent(l.penaltyShare, lang, 1),
                      euro: l.penaltyEuro === null ? '' : ` (${formatEuro(Math.round(l.penaltyEuro * 100))})`,
                    })}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
