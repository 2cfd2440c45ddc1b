import { useQuery } from '@tanstack/react-query';
import { ErrorAlert } from '../components/feedback.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { apiRequest } from '../lib/api.ts';
import { formatPercent } from '../lib/format.ts';
import type { Ok } from '../lib/openapi.ts';
import { slaServiceName, slaThreshold } from '../reporting/sla-labels.ts';

type SlaToday = Ok<'/api/v1/reporting/sla/today', 'get'>;
type Rule = SlaToday['services'][number]['rules'][number];

/** Today's contract levels are computed from the calls ended; once a minute is as fresh as they get. */
const REFETCH_MS = 60_000;

/** Today's contract levels (one query, shared by the section and the page that waits for it). */
export function useContractToday() {
  return useQuery({
    queryKey: ['reporting', 'sla', 'today'],
    queryFn: () => apiRequest<SlaToday>('GET', '/api/v1/reporting/sla/today'),
    refetchInterval: REFETCH_MS,
  });
}

/**
 * MR-4 read against MR-5 (issue 12 §1): today's contract levels so far, per service, by the month's own
 * definitions (the wait from the start of the call), so the room sees where the month's penalties are made.
 */
export function ContractToday() {
  const { t, lang } = useI18n();
  const today = useContractToday();
  const threshold = (r: Rule) => slaThreshold(t, lang, r);
  const serviceName = (service: string) => slaServiceName(t, service);
  if (today.isError) return <ErrorAlert error={today.error} />;
  const data = today.data;
  if (!data) return null;
  return (
    <section className="mb-4" aria-labelledby="wb-contract-title" data-testid="wb-contract">
      <h2 id="wb-contract-title" className="h5">
        {t('wallboard.contract.title')}
      </h2>
      <p className="small mb-2">{t('wallboard.contract.definition')}</p>
      {data.services.length === 0 ? (
        <p>{t('wallboard.contract.none')}</p>
      ) : (
        <div className="row g-3">
          {data.services.map((s) => (
            <div className="col-lg-6" key={s.service}>
              <table className="table table-sm wb-table align-middle">
                <caption>
                  {t('wallboard.contract.service', { service: serviceName(s.service), calls: s.calls })}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t('sla.col.level')}</th>
                    <th scope="col">{t('sla.col.threshold')}</th>
                    <th scope="col" className="text-end">
                      {t('wallboard.contract.soFar')}
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
                      <td className="text-end text-nowrap">
                        {r.measured === null ? (
                          '—'
                        ) : (
                          <>
                            {formatPercent(r.measured, lang, 1)}{' '}
                            <span className={`badge ${r.met ? 'text-bg-success' : 'text-bg-danger'}`}>
                              {t(r.met ? 'wallboard.contract.met' : 'wallboard.contract.missed')}
                            </span>
                          </>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ))}
        </div>
      )}
    </section>
  );
}
