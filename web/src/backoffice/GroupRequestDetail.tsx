import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { ErrorAlert, errorTitleKey, useAnnounce } from '../components/feedback.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { formatCalendarDate, formatLongDate, formatTime } from '../lib/format.ts';
import { GroupCancelForm } from './GroupCancelForm.tsx';
import { GROUP_LISTS, type GroupBookingResult, type GroupPlan, groupsApi } from './groups-api.ts';

/** Outcomes that are not failures: the others are error codes, named to the operator in words. */
const DONE = new Set(['booked', 'already_booked', 'cancelled']);

/** A Rome calendar date spelt out ("mercoledì 25 novembre 2026"); noon UTC is the same day in Rome. */
const longDay = (day: string, lang: 'it' | 'en') => formatLongDate(`${day}T12:00:00Z`, lang);

/**
 * BK-10: one club's request — its athletes and their bookings; a proposal of days (as many as possible on
 * the same day at one facility); the proposal booked, each athlete on their own, the outcomes told.
 */
export function GroupRequestDetail({ id: requestId, onBack }: { id: string; onBack: () => void }) {
  const { t, lang } = useI18n();
  const announce = useAnnounce();
  const qc = useQueryClient();
  const id = useId();
  const request = useQuery({
    queryKey: ['group-bookings', requestId],
    queryFn: () => groupsApi.one(requestId),
  });
  const [plan, setPlan] = useState<GroupPlan | null>(null);
  const [result, setResult] = useState<{ kind: 'book' | 'cancel'; r: GroupBookingResult } | null>(null);

  const propose = useMutation({
    mutationFn: () => groupsApi.plan(requestId),
    onSuccess: (p) => {
      setPlan(p);
      setResult(null);
      const n = p.days.reduce((sum, d) => sum + d.places.length, 0);
      announce(p.days.length ? t('groups.plan.ready', { n, days: p.days.length }) : t('groups.plan.nothing'));
    },
  });
  const places = (plan?.days ?? []).flatMap((d) =>
    d.places.map((p) => ({ position: p.position, slotId: p.slotId })),
  );
  const book = useMutation({
    mutationFn: () => groupsApi.book(requestId, places),
    onSuccess: (r) => done('book', r),
  });
  /** The outcome of booking or cancelling, kept for the page and said to screen readers. */
  const done = (kind: 'book' | 'cancel', r: GroupBookingResult) => {
    setResult({ kind, r });
    setPlan(null);
    qc.setQueryData(['group-bookings', requestId], r.request);
    void qc.invalidateQueries({ queryKey: GROUP_LISTS });
    announce(summary(kind, r));
  };
  const summary = (kind: 'book' | 'cancel', r: GroupBookingResult) => {
    const ok = r.outcomes.filter((o) => o.outcome === (kind === 'book' ? 'booked' : 'cancelled')).length;
    return kind === 'book'
      ? t('groups.booked', { booked: ok, total: r.outcomes.length })
      : t('groups.cancelled', { n: ok });
  };

  const g = request.data;
  if (!g)
    return request.error ? <ErrorAlert error={request.error} /> : <p role="status">{t('common.loading')}</p>;
  const nameOf = new Map(g.members.map((m) => [m.position, `${m.familyName} ${m.givenName}`]));
  const failed = (result?.r.outcomes ?? []).filter((o) => !DONE.has(o.outcome));

  return (
    <section aria-labelledby={`${id}-title`} data-testid="group-request">
      <button type="button" className="btn btn-link px-0 d-print-none" onClick={onBack}>
        {t('groups.back')}
      </button>
      <h2 id={`${id}-title`} className="h4">
        {g.club} — {g.service.description}
      </h2>
      <p className="mb-1">
        {t('groups.period', { from: formatCalendarDate(g.from, lang), to: formatCalendarDate(g.to, lang) })}
        {g.facility && <> · {g.facility.name}</>}
        {g.maxPerDay !== null && (
          <>
            {' '}
            · {t('groups.form.maxPerDay')}: {g.maxPerDay}
          </>
        )}
      </p>
      <p className="small">
        {g.contact}
        {g.note && <> · {g.note}</>}
      </p>

      {result && (
        <div
          className={`alert ${failed.length ? 'alert-warning' : 'alert-success'} d-print-none`}
          data-testid="group-result"
        >
          <p className="mb-0">{summary(result.kind, result.r)}</p>
          {failed.length > 0 && (
            <p className="mb-0 mt-1">
              {t(result.kind === 'book' ? 'groups.failed' : 'groups.notCancelled', {
                names: failed
                  .map((o) => `${nameOf.get(o.position)} (${t(errorTitleKey(o.outcome))})`)
                  .join('; '),
              })}
            </p>
          )}
        </div>
      )}

      <div className="d-flex gap-2 mb-3 d-print-none">
        <button
          type="button"
          className="btn btn-primary"
          onClick={() => propose.mutate()}
          disabled={propose.isPending}
        >
          {t('groups.plan')}
        </button>
        {g.booked > 0 && (
          <button type="button" className="btn btn-outline-primary" onClick={() => window.print()}>
            {t('groups.print')}
          </button>
        )}
        {g.booked > 0 && (
          <GroupCancelForm requestId={requestId} booked={g.booked} onDone={(r) => done('cancel', r)} />
        )}
      </div>
      <ErrorAlert error={propose.error ?? book.error} />

      {plan && (
        <section
          aria-labelledby={`${id}-plan`}
          className="console-section mb-4 d-print-none"
          data-testid="group-plan"
        >
          <h3 id={`${id}-plan`} className="h5">
            {t('groups.plan.title')}
          </h3>
          <p className="small">{t('groups.plan.intro')}</p>
          {plan.days.length === 0 && (
            <p className="alert alert-info">
              {plan.unplaced.length === 0 && plan.alreadyBooked > 0
                ? t('groups.plan.allBooked')
                : t('groups.plan.nothing')}
            </p>
          )}
          {plan.days.map((d) => (
            <div key={`${d.day}-${d.facility.id}`} className="mb-3">
              <h4 className="h6">
                {t('groups.plan.day', {
                  day: longDay(d.day, lang),
                  facility: d.facility.name,
                  n: d.places.length,
                })}
              </h4>
              <table className="table table-sm w-auto">
                <caption className="visually-hidden">
                  {t('groups.plan.caption', { day: longDay(d.day, lang), facility: d.facility.name })}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t('groups.col.time')}</th>
                    <th scope="col">{t('groups.col.position')}</th>
                    <th scope="col">{t('groups.col.athlete')}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.places.map((p) => (
                    <tr key={p.position}>
                      <td>{formatTime(p.start, lang)}</td>
                      <td>{p.position}</td>
                      <td>{p.name}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ))}
          {plan.unplaced.length > 0 && (
            <p className="alert alert-warning" data-testid="group-unplaced">
              {t('groups.plan.unplaced', {
                n: plan.unplaced.length,
                names: plan.unplaced.map((u) => u.name).join(', '),
              })}
            </p>
          )}
          {places.length > 0 && (
            <button
              type="button"
              className="btn btn-success"
              onClick={() => book.mutate()}
              disabled={book.isPending}
            >
              {t('groups.book', { n: places.length })}
            </button>
          )}
        </section>
      )}

      <h3 className="h5">{t('groups.detail.athletes')}</h3>
      <div className="table-responsive">
        <table className="table table-sm align-middle" data-testid="group-athletes">
          <caption className="visually-hidden">{t('groups.detail.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('groups.col.position')}</th>
              <th scope="col">{t('groups.col.athlete')}</th>
              <th scope="col">{t('groups.col.birthDate')}</th>
              <th scope="col">{t('groups.col.booking')}</th>
            </tr>
          </thead>
          <tbody>
            {g.members.map((m) => (
              <tr key={m.position}>
                <td>{m.position}</td>
                <td>
                  <span className="fw-semibold">
                    {m.familyName} {m.givenName}
                  </span>
                  <div className="small font-monospace">{m.fiscalCode}</div>
                </td>
                <td>{formatCalendarDate(m.birthDate, lang)}</td>
                <td>
                  {m.appointment ? (
                    <>
                      <span className="font-monospace">{m.appointment.code}</span> ·{' '}
                      {formatLongDate(m.appointment.start, lang)} {formatTime(m.appointment.start, lang)} ·{' '}
                      {m.appointment.facility}
                    </>
                  ) : (
                    <span className="text-body-secondary">{t('groups.toBook')}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
