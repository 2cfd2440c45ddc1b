import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { ErrorAlert, useAnnounce } from '../components/feedback.tsx';
import { Page } from '../components/Page.tsx';
import { type MessageKey, useI18n } from '../i18n/i18n.tsx';
import { apiRequest } from '../lib/api.ts';
import { formatEuro, formatTime, romeToday } from '../lib/format.ts';
import type { Ok } from '../lib/openapi.ts';

type Arrivals = Ok<'/api/v1/facilities/{facilityId}/arrivals', 'get'>;
type Facilities = Ok<'/api/v1/kiosk/facilities', 'get'>;

const STATUS: Record<string, MessageKey> = {
  booked: 'arrivals.status.booked',
  checked_in: 'arrivals.status.checked_in',
  completed: 'arrivals.status.completed',
  no_show: 'arrivals.status.no_show',
};

/**
 * The facility desk's day (issue 13 §4, BK-9): every appointment, who checked in at the kiosk with which
 * queue ticket, who has not come; an appointment already started and never checked in can be marked
 * no-show (the server refuses it before the start).
 */
export function ArrivalsPage() {
  const { t, lang } = useI18n();
  const id = useId();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const [facility, setFacility] = useState('');
  const [date, setDate] = useState(romeToday());
  const facilities = useQuery({
    queryKey: ['kiosk', 'facilities'],
    queryFn: () => apiRequest<Facilities>('GET', '/api/v1/kiosk/facilities'),
  });
  const key = ['arrivals', facility, date];
  const arrivals = useQuery({
    queryKey: key,
    queryFn: () =>
      apiRequest<Arrivals>('GET', `/api/v1/facilities/${encodeURIComponent(facility)}/arrivals?date=${date}`),
    enabled: facility !== '',
    refetchInterval: 15_000,
  });
  const noShow = useMutation({
    mutationFn: (appointmentId: string) =>
      apiRequest('POST', `/api/v1/appointments/${appointmentId}/no-show`, {}),
    onSuccess: () => {
      announce(t('arrivals.markedNoShow'));
      void qc.invalidateQueries({ queryKey: key });
    },
  });
  const now = Date.now();
  const items = arrivals.data?.items ?? [];
  const came = items.filter((i) => i.ticket !== null || i.status === 'checked_in').length;

  return (
    <Page title={t('arrivals.title')}>
      <div className="row g-3 mb-3">
        <div className="col-md-7">
          <div className="select-wrapper">
            <label htmlFor={`${id}-f`}>{t('arrivals.facility')}</label>
            <select id={`${id}-f`} value={facility} onChange={(e) => setFacility(e.target.value)}>
              <option value="">{t('arrivals.pick')}</option>
              {facilities.data?.items.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.name}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="col-md-5">
          <div className="form-group mb-0">
            <label htmlFor={`${id}-d`} className="active">
              {t('arrivals.date')}
            </label>
            <input
              id={`${id}-d`}
              type="date"
              className="form-control"
              value={date}
              onChange={(e) => setDate(e.target.value)}
            />
          </div>
        </div>
      </div>
      {facility && (
        <p>
          <a href={`/portale/totem/${encodeURIComponent(facility)}`} target="_blank" rel="noreferrer">
            {t('arrivals.openKiosk')}
          </a>
        </p>
      )}
      <ErrorAlert error={arrivals.error ?? noShow.error} />
      {arrivals.data && (
        <>
          <p role="status">{t('arrivals.summary', { came, total: items.length })}</p>
          <div className="table-responsive">
            <table className="table table-sm align-middle">
              <caption className="visually-hidden">{t('arrivals.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('arrivals.time')}</th>
                  <th scope="col">{t('arrivals.ticket')}</th>
                  <th scope="col">{t('arrivals.patient')}</th>
                  <th scope="col">{t('arrivals.service')}</th>
                  <th scope="col">{t('arrivals.ticketPaid')}</th>
                  <th scope="col">{t('arrivals.state')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('arrivals.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((a) => (
                  <tr key={a.appointmentId}>
                    <td>{formatTime(a.start, lang)}</td>
                    <td className="fw-bold">{a.ticket ?? '—'}</td>
                    <td>{a.patient}</td>
                    <td>
                      {a.service}
                      <br />
                      <small>{a.unitName}</small>
                    </td>
                    <td>
                      {a.copayCents === 0
                        ? t('arrivals.exempt')
                        : `${formatEuro(a.copayCents)} · ${a.paid ? t('arrivals.paid') : t('arrivals.unpaid')}`}
                    </td>
                    <td>{t(STATUS[a.status] ?? 'arrivals.status.booked')}</td>
                    <td>
                      {a.status === 'booked' && Date.parse(a.start) <= now && (
                        <button
                          type="button"
                          className="btn btn-sm btn-outline-danger"
                          disabled={noShow.isPending}
                          onClick={() => noShow.mutate(a.appointmentId)}
                          aria-label={t('arrivals.noShowLabel', {
                            patient: a.patient,
                            time: formatTime(a.start, lang),
                          })}
                        >
                          {t('arrivals.noShow')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Page>
  );
}
