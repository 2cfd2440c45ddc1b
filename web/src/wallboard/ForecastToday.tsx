import type { Wallboard } from '../contact-centre/types.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { LOCALES } from '../lib/format.ts';
import { hourLabel } from './arrivals.ts';
import { forecastRows } from './forecast.ts';

/** Issue 14 §13: today's forecast arrivals per hour (from the planning curves) against the actual. */
export function ForecastToday({ forecast, at }: { forecast: Wallboard['forecastToday']; at: string }) {
  const { t, lang } = useI18n();
  if (!forecast) return <p className="small text-muted">{t('wallboard.forecast.none')}</p>;
  const currentHour = Number(
    new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hourCycle: 'h23', timeZone: 'Europe/Rome' }).format(
      new Date(at),
    ),
  );
  const { rows, forecastSoFar, arrivedSoFar } = forecastRows(forecast, currentHour);
  const n = (x: number, digits = 0) => x.toLocaleString(LOCALES[lang], { maximumFractionDigits: digits });
  return (
    <div data-testid="wb-forecast">
      <table className="table table-sm wb-table">
        <caption>{t('wallboard.forecast.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('wallboard.forecast.hour')}</th>
            <th scope="col">{t('wallboard.forecast.forecast')}</th>
            <th scope="col">{t('wallboard.forecast.arrived')}</th>
            <th scope="col">{t('wallboard.forecast.gap')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.hour} data-hour={r.hour}>
              <th scope="row">{hourLabel(r.hour)}</th>
              <td>{n(r.forecast, 1)}</td>
              <td>{n(r.arrived)}</td>
              <td>
                {r.gap === null
                  ? t('wallboard.forecast.inProgress')
                  : `${r.gap > 0 ? '+' : ''}${n(r.gap, 1)}`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="small mb-1">
        {t('wallboard.forecast.soFar', { arrived: n(arrivedSoFar), forecast: n(forecastSoFar, 1) })}
      </p>
      <p className="small text-muted">{t('wallboard.forecast.source')}</p>
    </div>
  );
}
