import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { ErrorAlert } from '../components/feedback.tsx';
import { Page } from '../components/Page.tsx';
import { ScrollRegion } from '../components/ScrollRegion.tsx';
import { type MessageKey, useI18n } from '../i18n/i18n.tsx';
import { apiRequest } from '../lib/api.ts';
import { formatCalendarDate, formatDateTime, formatEuro, formatPercent, romeToday } from '../lib/format.ts';
import type { Ok } from '../lib/openapi.ts';
import { useMe } from '../lib/queries.ts';
import { AvailabilitySection } from './AvailabilitySection.tsx';
import { HelpdeskLevelsSection } from './HelpdeskLevelsSection.tsx';
import { NationalFeedSection } from './NationalFeedSection.tsx';
import { OutboundSection } from './OutboundSection.tsx';
import { ReportsSection } from './ReportsSection.tsx';
import { slaServiceName, slaThreshold } from './sla-labels.ts';
import { TurnoverSection } from './TurnoverSection.tsx';

type SlaMonth = Ok<'/api/v1/reporting/sla', 'get'>;
type Rule = SlaMonth['services'][number]['rules'][number];

/** The reasons and service names the app knows in its languages; others are shown as the server says. */
const WHY = new Set(['risposta-contatti-scritti', 'risolte-secondo-livello', 'outbound', 'continuita-ivr']);

const lastMonth = () => {
  const [y, m] = romeToday().split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
};

/**
 * MR-5, the region's view (issue 12): a month's service levels as the contract defines them, measured on
 * the stored contact events, met or not, with the whole points and the penalty they make.
 */
export function SlaPage() {
  const { t, lang } = useI18n();
  const id = useId();
  const roles = useMe().data?.roles ?? [];
  const feedVisible = roles.includes('cup-manager') || roles.includes('admin');
  const [month, setMonth] = useState(lastMonth);
  const [value, setValue] = useState('');
  const euro = value && Number(value) >= 0 ? Number(value) : null;
  const [outValue, setOutValue] = useState('');
  const outEuro = outValue && Number(outValue) >= 0 ? Number(outValue) : null;
  const [supply, setSupply] = useState('');
  const supplyEuro = supply && Number(supply) >= 0 ? Number(supply) : null;
  const sla = useQuery({
    queryKey: ['reporting', 'sla', month, euro, outEuro, supplyEuro],
    queryFn: () =>
      apiRequest<SlaMonth>(
        'GET',
        `/api/v1/reporting/sla?month=${month}${euro !== null ? `&serviceValue=${euro}` : ''}${outEuro !== null ? `&outboundValue=${outEuro}` : ''}${supplyEuro !== null ? `&contractValue=${supplyEuro}` : ''}`,
      ),
    enabled: /^\d{4}-\d{2}$/.test(month),
    retry: false,
  });
  const threshold = (r: Rule) => slaThreshold(t, lang, r);
  const data = sla.data;
  const serviceName = (service: string) => slaServiceName(t, service);
  return (
    <Page title={t('sla.title')}>
      <div className="row g-3 align-items-end mb-3">
        <div className="col-6 col-md-3">
          <label htmlFor={`${id}-month`} className="form-label fw-semibold">
            {t('sla.month')}
          </label>
          <input
            id={`${id}-month`}
            type="month"
            className="form-control"
            value={month}
            max={romeToday().slice(0, 7)}
            onChange={(e) => e.target.value && setMonth(e.target.value)}
          />
        </div>
        <div className="col-6 col-md-4">
          <label htmlFor={`${id}-value`} className="form-label fw-semibold">
            {t('sla.value')}
          </label>
          <input
            id={`${id}-value`}
            type="number"
            min={0}
            step={1000}
            className="form-control"
            value={value}
            onChange={(e) => setValue(e.target.value)}
          />
        </div>
        <div className="col-6 col-md-4">
          <label htmlFor={`${id}-out`} className="form-label fw-semibold">
            {t('sla.outboundValue')}
          </label>
          <input
            id={`${id}-out`}
            type="number"
            min={0}
            step={1000}
            className="form-control"
            value={outValue}
            onChange={(e) => setOutValue(e.target.value)}
          />
        </div>
        <div className="col-6 col-md-4">
          <label htmlFor={`${id}-supply`} className="form-label fw-semibold">
            {t('sla.contractValue')}
          </label>
          <input
            id={`${id}-supply`}
            type="number"
            min={0}
            step={10000}
            className="form-control"
            value={supply}
            onChange={(e) => setSupply(e.target.value)}
          />
        </div>
      </div>
      <p className="small">{t('sla.definitions')}</p>
      <ErrorAlert error={sla.error} />
      {sla.isPending && sla.fetchStatus !== 'idle' && <p role="status">{t('common.loading')}</p>}
      {data && data.services.length === 0 && <p>{t('sla.noCalls')}</p>}
      {data?.services.map((s) => (
        <section
          key={s.service}
          className="mb-4"
          aria-labelledby={`${id}-${s.service}`}
          data-testid="sla-service"
        >
          <h2 id={`${id}-${s.service}`} className="h4">
            {t('sla.service', { service: serviceName(s.service), calls: s.calls, lines: s.lines.join(', ') })}
          </h2>
          <ScrollRegion
            label={t('sla.service', {
              service: serviceName(s.service),
              calls: s.calls,
              lines: s.lines.join(', '),
            })}
          >
            <table className="table table-sm align-middle">
              <caption className="visually-hidden">
                {t('sla.service', {
                  service: serviceName(s.service),
                  calls: s.calls,
                  lines: s.lines.join(', '),
                })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('sla.col.level')}</th>
                  <th scope="col">{t('sla.col.threshold')}</th>
                  <th scope="col" className="text-end">
                    {t('sla.col.measured')}
                  </th>
                  <th scope="col">{t('sla.col.met')}</th>
                  <th scope="col" className="text-end">
                    {t('sla.col.points')}
                  </th>
                  <th scope="col" className="text-end">
                    {t('sla.col.penalty')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {s.rules.map((r) => (
                  <tr key={r.id}>
                    <th scope="row" className="fw-normal">
                      {r.description}
                    </th>
                    <td className="text-nowrap">{threshold(r)}</td>
                    <td className="text-end">
                      {r.measured === null ? '—' : formatPercent(r.measured, lang, 1)}
                    </td>
                    <td>
                      {r.met === null ? (
                        t('sla.none')
                      ) : (
                        <span className={`badge ${r.met ? 'text-bg-success' : 'text-bg-danger'}`}>
                          {t(r.met ? 'sla.yes' : 'sla.no')}
                        </span>
                      )}
                    </td>
                    <td className="text-end">{r.points}</td>
                    <td className="text-end text-nowrap">
                      {formatPercent(r.penaltyShare, lang)}
                      {r.penaltyEuro !== null && ` (${formatEuro(Math.round(r.penaltyEuro * 100))})`}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
          <p className="fw-semibold">
            {t('sla.total', {
              share: formatPercent(s.penaltyShare, lang),
              euro: s.penaltyEuro === null ? '' : ` (${formatEuro(Math.round(s.penaltyEuro * 100))})`,
            })}
          </p>
        </section>
      ))}
      {data && <AvailabilitySection availability={data.availability} />}
      {data && <OutboundSection outbound={data.outbound} />}
      {data && <TurnoverSection turnover={data.turnover} />}
      {data && <HelpdeskLevelsSection levels={data.helpdesk} />}
      {data && (
        <p data-testid="report-delivery">
          {data.reportDelivery.deliveredAt
            ? t('sla.reportDelivered', {
                at: formatDateTime(data.reportDelivery.deliveredAt, lang),
                deadline: formatCalendarDate(data.reportDelivery.deadline, lang),
              })
            : t('sla.reportPending', {
                deadline: formatCalendarDate(data.reportDelivery.deadline, lang),
              })}{' '}
          {data.reportDelivery.lateWorkingDays > 0 &&
            t('sla.reportLate', {
              days: data.reportDelivery.lateWorkingDays,
              euro: formatEuro(data.reportDelivery.penaltyEuro * 100),
            })}
        </p>
      )}
      {data && data.notMeasured.length > 0 && (
        <section aria-labelledby={`${id}-nm`}>
          <h2 id={`${id}-nm`} className="h5">
            {t('sla.notMeasured')}
          </h2>
          <table className="table table-sm">
            <caption className="visually-hidden">{t('sla.notMeasuredCaption')}</caption>
            <tbody>
              {data.notMeasured.map((n) => (
                <tr key={n.id}>
                  <th scope="row" className="fw-normal">
                    {n.description}
                  </th>
                  <td className="small">{WHY.has(n.id) ? t(`sla.why.${n.id}` as MessageKey) : n.why}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {/* After the month's figures, once they are there: drawn before, it would move down under the pointer. */}
      {!(sla.isPending && sla.fetchStatus !== 'idle') && <ReportsSection />}
      {/* MR-8: the CUP manager's (the API refuses the supervisor). */}
      {!(sla.isPending && sla.fetchStatus !== 'idle') && feedVisible && <NationalFeedSection />}
    </Page>
  );
}
