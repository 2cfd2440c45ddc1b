import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useDeferredValue, useId, useState } from 'react';
import { ErrorAlert, useAnnounce } from '../components/feedback.tsx';
import { Page } from '../components/Page.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { formatCalendarDate } from '../lib/format.ts';
import { GroupRequestDetail } from './GroupRequestDetail.tsx';
import { GroupRequestForm } from './GroupRequestForm.tsx';
import { GROUP_LISTS, groupsApi } from './groups-api.ts';

/**
 * BK-10, the back office's group bookings: the clubs' lists (sports medicine) as requests, each opened to
 * propose days and book them. One thing at a time on the page: the list, the new request, or one request.
 */
export function GroupBookingsPage() {
  const { t, lang } = useI18n();
  const announce = useAnnounce();
  const qc = useQueryClient();
  const searchId = useId();
  const [mode, setMode] = useState<{ kind: 'list' } | { kind: 'new' } | { kind: 'one'; id: string }>({
    kind: 'list',
  });
  const [period, setPeriod] = useState<'current' | 'past'>('current');
  const [club, setClub] = useState('');
  const search = useDeferredValue(club.trim());
  const list = useQuery({
    queryKey: [...GROUP_LISTS, period, search],
    queryFn: () => groupsApi.list(period, search),
    staleTime: 0,
  });
  const items = list.data?.items ?? [];

  return (
    <Page
      title={t('groups.title')}
      actions={
        mode.kind === 'list' && (
          <button type="button" className="btn btn-primary" onClick={() => setMode({ kind: 'new' })}>
            {t('groups.new')}
          </button>
        )
      }
    >
      <p className="d-print-none">{t('groups.intro')}</p>
      {mode.kind === 'new' ? (
        <GroupRequestForm
          onCancel={() => setMode({ kind: 'list' })}
          onCreated={(g) => {
            qc.setQueryData(['group-bookings', g.id], g);
            void qc.invalidateQueries({ queryKey: GROUP_LISTS });
            announce(t('groups.created', { club: g.club, n: g.members.length }));
            setMode({ kind: 'one', id: g.id });
          }}
        />
      ) : mode.kind === 'one' ? (
        <GroupRequestDetail id={mode.id} onBack={() => setMode({ kind: 'list' })} />
      ) : (
        <section aria-labelledby="groups-list">
          <h2 id="groups-list" className="h4">
            {t('groups.list')}
          </h2>
          <div className="d-flex flex-wrap align-items-end gap-3 mb-3">
            <fieldset>
              <legend className="visually-hidden">{t('groups.period.legend')}</legend>
              <div className="btn-group">
                {(['current', 'past'] as const).map((p) => (
                  <button
                    key={p}
                    type="button"
                    className={`btn btn-sm ${period === p ? 'btn-primary' : 'btn-outline-primary'}`}
                    aria-pressed={period === p}
                    onClick={() => setPeriod(p)}
                  >
                    {t(`groups.period.${p}`)}
                  </button>
                ))}
              </div>
            </fieldset>
            <div className="form-group mb-0">
              <label htmlFor={`${searchId}-club`} className="active">
                {t('groups.search')}
              </label>
              <input
                id={`${searchId}-club`}
                type="search"
                className="form-control form-control-sm"
                maxLength={120}
                value={club}
                onChange={(e) => setClub(e.target.value)}
              />
            </div>
          </div>
          <ErrorAlert error={list.error} />
          {list.isPending ? (
            <p role="status">{t('common.loading')}</p>
          ) : items.length === 0 ? (
            <p className="alert alert-info">{t(period === 'past' ? 'groups.nonePast' : 'groups.none')}</p>
          ) : (
            <div className="table-responsive">
              <table className="table table-sm align-middle" data-testid="group-requests">
                <caption className="visually-hidden">
                  {t(period === 'past' ? 'groups.captionPast' : 'groups.caption')}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t('groups.col.club')}</th>
                    <th scope="col">{t('groups.col.service')}</th>
                    <th scope="col">{t('groups.col.period')}</th>
                    <th scope="col">{t('groups.col.booked')}</th>
                    <th scope="col">
                      <span className="visually-hidden">{t('common.actions')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((g) => (
                    <tr key={g.id}>
                      <td className="fw-semibold">{g.club}</td>
                      <td>{g.service.description}</td>
                      <td>
                        {t('groups.period', {
                          from: formatCalendarDate(g.from, lang),
                          to: formatCalendarDate(g.to, lang),
                        })}
                        {g.facility && <div className="small">{g.facility.name}</div>}
                      </td>
                      <td>{t('groups.bookedOf', { booked: g.booked, total: g.athletes })}</td>
                      <td>
                        <button
                          type="button"
                          className="btn btn-sm btn-outline-primary"
                          aria-label={t('groups.openNamed', { club: g.club })}
                          onClick={() => setMode({ kind: 'one', id: g.id })}
                        >
                          {t('groups.open')}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
    </Page>
  );
}
