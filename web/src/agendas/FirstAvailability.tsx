import { useQueries } from '@tanstack/react-query';
import { ErrorAlert } from '../components/feedback.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { api } from '../lib/api.ts';
import { formatDateTime } from '../lib/format.ts';
import { keys } from '../lib/queries.ts';
import type { Priority } from '../lib/types.ts';

const PRIORITIES: Priority[] = ['U', 'B', 'D', 'P'];

/**
 * BK-3/BK-4 for the CUP manager: the region's first availability of one service for each priority class
 * (slots reserved to a class are seen by that class only), and whether it falls inside the class's
 * guarantee — where the agendas must open places before patients end up on the protection path.
 */
export function FirstAvailability({ service, serviceName }: { service: string; serviceName: string }) {
  const { t, lang } = useI18n();
  const results = useQueries({
    queries: PRIORITIES.map((priority) => {
      const q = { service, priority, limit: 1 };
      return { queryKey: keys.availability(q), queryFn: () => api.availability(q), staleTime: 30_000 };
    }),
  });
  const error = results.find((r) => r.error)?.error;
  return (
    <section className="mb-4" aria-labelledby="first-availability-title" data-testid="first-availability">
      <h2 id="first-availability-title" className="h4">
        {t('agendas.firstAvailability', { service: serviceName })}
      </h2>
      <ErrorAlert error={error} />
      <table className="table table-sm agenda-first">
        <caption className="visually-hidden">
          {t('agendas.firstAvailability', { service: serviceName })}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('agendas.priority')}</th>
            <th scope="col">{t('agendas.firstSlot')}</th>
            <th scope="col">{t('agendas.where')}</th>
            <th scope="col">{t('agendas.guarantee')}</th>
          </tr>
        </thead>
        <tbody>
          {PRIORITIES.map((p, i) => {
            const r = results[i]!;
            const slot = r.data?.items[0];
            return (
              <tr key={p} data-priority={p}>
                <th scope="row">{t(`priority.${p}`)}</th>
                <td className="text-nowrap">
                  {r.isPending
                    ? t('common.loading')
                    : slot
                      ? formatDateTime(slot.start, lang)
                      : t('agendas.noneFree')}
                </td>
                <td>{slot ? `${slot.facility.name} · ${slot.facility.district}` : '—'}</td>
                <td>
                  {slot
                    ? slot.withinGuarantee
                      ? t('agendas.withinGuarantee')
                      : t('agendas.outsideGuarantee')
                    : r.data
                      ? t('agendas.outsideGuarantee')
                      : '—'}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
