import { useId } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { formatCalendarDate, formatEuro, formatPercent } from '../lib/format.ts';
import type { Ok } from '../lib/openapi.ts';

type Turnover = Ok<'/api/v1/reporting/sla', 'get'>['turnover'];

/**
 * Seed 003 §6 on the Report page: the operators' turnover this year so far (leavings ÷ average headcount,
 * from the staff register) against 15%, and the penalty once the year is over.
 */
export function TurnoverSection({ turnover: tu }: { turnover: Turnover }) {
  const { t, lang } = useI18n();
  const id = useId();
  const number = (n: number) =>
    n.toLocaleString(lang === 'it' ? 'it-IT' : 'en-GB', { maximumFractionDigits: 1 });
  return (
    <section className="mb-4" aria-labelledby={id} data-testid="turnover">
      <h2 id={id} className="h4">
        {t('turnover.title')}
      </h2>
      <p className="small">
        {t('turnover.definition', {
          from: formatCalendarDate(tu.from, lang),
          to: formatCalendarDate(tu.to, lang),
        })}
      </p>
      {tu.rate === null ? (
        <p>{t('turnover.none')}</p>
      ) : (
        <p>
          {t('turnover.figure', {
            rate: formatPercent(tu.rate, lang, 1),
            leavers: tu.leavers,
            headcount: number(tu.averageHeadcount),
            hires: tu.hires,
          })}{' '}
          <span className={`badge ${tu.met ? 'text-bg-success' : 'text-bg-danger'}`}>
            {t(tu.met ? 'turnover.within' : 'turnover.above')}
          </span>
        </p>
      )}
      <p>
        {tu.final
          ? t(tu.penaltyShare > 0 ? 'turnover.penalty' : 'turnover.noPenalty', {
              share: formatPercent(tu.penaltyShare, lang, 1),
              euro: tu.penaltyEuro === null ? '' : ` (${formatEuro(Math.round(tu.penaltyEuro * 100))})`,
            })
          : t('turnover.running')}
      </p>
    </section>
  );
}
