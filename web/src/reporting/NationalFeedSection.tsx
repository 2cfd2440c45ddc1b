import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import { ErrorAlert, useAnnounce } from '../components/feedback.tsx';
import { ScrollRegion } from '../components/ScrollRegion.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { apiRequest } from '../lib/api.ts';
import { formatCalendarDate, formatDateTime } from '../lib/format.ts';
import type { Ok, Schema } from '../lib/openapi.ts';

type Batch = Schema<'NationalFeedBatch'>;
const KEY = ['national-feed'];
const BASE = '/api/v1/national-feed/batches';

/**
 * MR-8 on the Report page, for the CUP manager: the daily batches of the national waiting-list feed
 * (PNLA, AGENAS) — how many bookings each day carried, whether the platform took it, the batch as sent,
 * and sending a day again.
 */
export function NationalFeedSection() {
  const { t, lang } = useI18n();
  const id = useId();
  const announce = useAnnounce();
  const qc = useQueryClient();
  const list = useQuery({ queryKey: KEY, queryFn: () => apiRequest<Ok<typeof BASE, 'get'>>('GET', BASE) });
  const resend = useMutation({
    mutationFn: (day: string) => apiRequest<Batch>('POST', `${BASE}/${day}/send`, {}),
    onSuccess: (b) => {
      qc.setQueryData<{ items: Batch[] }>(KEY, (old) =>
        old ? { items: old.items.map((x) => (x.day === b.day ? b : x)) } : old,
      );
      announce(t(b.last_error ? 'feed.refused' : 'feed.resent', { day: formatCalendarDate(b.day, lang) }));
    },
  });
  const items = list.data?.items ?? [];
  const status = (b: Batch) =>
    b.status === 'sent'
      ? t(b.simulated ? 'feed.status.sentSimulated' : 'feed.status.sent')
      : t(b.status === 'failed' ? 'feed.status.failed' : 'feed.status.pending');
  return (
    <section className="mt-5" aria-labelledby={id} data-testid="national-feed">
      <h2 id={id} className="h4">
        {t('feed.title')}
      </h2>
      <p className="small">{t('feed.intro')}</p>
      <ErrorAlert error={list.error ?? resend.error} />
      {list.data && items.length === 0 && <p>{t('feed.none')}</p>}
      {items.length > 0 && (
        <ScrollRegion label={t('feed.caption')}>
          <table className="table table-sm align-middle">
            <caption className="visually-hidden">{t('feed.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('feed.col.day')}</th>
                <th scope="col" className="text-end">
                  {t('feed.col.appointments')}
                </th>
                <th scope="col">{t('feed.col.status')}</th>
                <th scope="col">{t('feed.col.lastAttempt')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((b) => {
                const day = formatCalendarDate(b.day, lang);
                return (
                  <tr key={b.day} data-day={b.day}>
                    <td>{day}</td>
                    <td className="text-end">{b.appointments}</td>
                    <td>
                      {status(b)}
                      {b.last_error && (
                        <div className="small text-danger">
                          {t('feed.lastError')} <span className="font-monospace">{b.last_error}</span>
                        </div>
                      )}
                    </td>
                    <td className="small">
                      {b.last_attempt_at ? formatDateTime(b.last_attempt_at, lang) : '—'}
                      {b.attempts > 1 && <> · {t('feed.attempts', { n: b.attempts })}</>}
                    </td>
                    <td className="text-nowrap">
                      <a
                        className="btn btn-sm btn-outline-primary me-2"
                        href={`${BASE}/${b.day}`}
                        download
                        aria-label={t('feed.downloadDay', { day })}
                      >
                        {t('feed.download')}
                      </a>
                      <button
                        type="button"
                        className="btn btn-sm btn-outline-secondary"
                        disabled={resend.isPending}
                        aria-label={t('feed.resendDay', { day })}
                        onClick={() => resend.mutate(b.day)}
                      >
                        {t('feed.resend')}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </section>
  );
}
