import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useNavigate } from 'react-router';
import { ErrorAlert, useAnnounce } from '../components/feedback.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { formatCalendarDate, formatEuro, formatLongDate, formatTime, romeToday } from '../lib/format.ts';
import { files, type PortalBooking, portal } from './api.ts';
import { SlotPicker } from './SlotPicker.tsx';

const PAYMENT_KEYS = {
  issued: 'portal.notice.issued',
  paid: 'portal.notice.paid',
  invalidated: 'portal.notice.invalidated',
  refund_due: 'portal.notice.refundDue',
  refunded: 'portal.notice.refunded',
} as const;

/**
 * One booking as the citizen sees it, after booking and when managing it: what, when, where (with a map
 * link), what to bring, the ticket and its pagoPA notice (QR, number in groups of four, "Paga ora"), the
 * promemoria and the calendar file; when managing, cancel (with the deadline) and move.
 */
export function BookingDetail({
  booking: b,
  manage,
  onChange,
}: {
  booking: PortalBooking;
  manage: boolean;
  onChange: (b: PortalBooking) => void;
}) {
  const { t, lang } = useI18n();
  const id = useId();
  const navigate = useNavigate();
  const announce = useAnnounce();
  const qc = useQueryClient();
  const [asking, setAsking] = useState<'cancel' | 'move' | null>(null);
  const [moveTo, setMoveTo] = useState<{ slotId: number; label: string } | null>(null);
  const pay = useMutation({
    mutationFn: () => portal.pay(b.code),
    // The simulated checkout is a page of ours; pagoPA Checkout is another site.
    onSuccess: (c) =>
      /^https?:/.test(c.checkoutUrl) ? window.location.assign(c.checkoutUrl) : navigate(c.checkoutUrl),
  });
  const cancel = useMutation({
    mutationFn: () => portal.cancel(b.code),
    onSuccess: (next) => {
      setAsking(null);
      onChange(next);
      announce(t('portal.manage.cancelled', { number: next.cancellationNumber ?? '' }));
    },
  });
  const move = useMutation({
    mutationFn: (slotId: number) => portal.move(b.code, slotId),
    onSuccess: (next) => {
      setAsking(null);
      setMoveTo(null);
      qc.removeQueries({ queryKey: ['portal', 'slots'] });
      onChange(next);
      announce(
        t('portal.manage.moved', {
          day: formatLongDate(next.start, lang),
          time: formatTime(next.start, lang),
        }),
      );
    },
  });
  const booked = b.status === 'booked';
  const late = romeToday() > b.cancelBy;
  const n = b.notice;

  return (
    <div>
      {b.status === 'cancelled' && (
        <div className="alert alert-info" role="status">
          {t('portal.manage.cancelledStatus', { number: b.cancellationNumber ?? '' })}
        </div>
      )}
      <p className="mb-1">{t('portal.detail.code')}</p>
      <p className="portal-code" data-testid="booking-code">
        {b.code}
      </p>
      <dl className="row">
        <dt className="col-sm-4">{t('portal.detail.service')}</dt>
        <dd className="col-sm-8">{b.service}</dd>
        <dt className="col-sm-4">{t('portal.detail.when')}</dt>
        <dd className="col-sm-8">
          {t('portal.slots.when', { day: formatLongDate(b.start, lang), time: formatTime(b.start, lang) })}
        </dd>
        <dt className="col-sm-4">{t('portal.detail.where')}</dt>
        <dd className="col-sm-8">
          {b.facility.name}, {b.unitName}
          <br />
          {b.facility.address}
          {b.facility.mapUrl && (
            <>
              {' '}
              <a href={b.facility.mapUrl} target="_blank" rel="noreferrer">
                {t('portal.detail.map')}
                <span className="visually-hidden"> {t('portal.newWindow')}</span>
              </a>
            </>
          )}
        </dd>
        <dt className="col-sm-4">{t('portal.detail.ticket')}</dt>
        <dd className="col-sm-8" data-testid="ticket">
          {b.exempt
            ? t('portal.detail.exempt')
            : `${formatEuro(b.copayCents)}${n ? ` · ${t(PAYMENT_KEYS[n.status])}` : ''}`}
        </dd>
      </dl>

      {n && (
        <section
          className={`card mb-4 ${n.simulated ? 'portal-simulation' : ''}`}
          aria-labelledby={`${id}-notice`}
        >
          <div className="card-body">
            <h2 id={`${id}-notice`} className="h5">
              {t('portal.notice.title')}
              {n.simulated && <span className="badge bg-danger ms-2">{t('portal.simulation')}</span>}
            </h2>
            <div className="d-flex flex-column flex-sm-row gap-3">
              {n.status === 'issued' && (
                <img className="portal-qr" src={files.noticeQr(b.code)} alt={t('portal.notice.qrAlt')} />
              )}
              <dl className="mb-0">
                <dt>{t('portal.notice.number')}</dt>
                <dd className="font-monospace fs-5" data-testid="notice-number">
                  {n.groupedNumber}
                </dd>
                <dt>{t('portal.notice.creditor')}</dt>
                <dd>
                  {n.creditorName} ({n.creditorFiscalCode})
                </dd>
                <dt>{t('portal.notice.amount')}</dt>
                <dd>{formatEuro(n.amountCents)}</dd>
                <dt>{t('portal.notice.status')}</dt>
                <dd data-testid="notice-status">{t(PAYMENT_KEYS[n.status])}</dd>
              </dl>
            </div>
            <div className="d-flex flex-wrap gap-2 mt-2">
              {n.status === 'issued' && booked && (
                <button
                  type="button"
                  className="btn btn-primary"
                  onClick={() => pay.mutate()}
                  disabled={pay.isPending}
                >
                  {t('portal.notice.payNow')}
                </button>
              )}
              <a className="btn btn-outline-primary" href={files.notice(b.code)} download>
                {t('portal.notice.download')}
              </a>
            </div>
            <ErrorAlert error={pay.error} className="mt-2" />
          </div>
        </section>
      )}

      <div className="d-flex flex-wrap gap-2 mb-4">
        <a className="btn btn-outline-primary" href={files.promemoria(b.code)} download>
          {t('portal.detail.promemoria')}
        </a>
        {booked && (
          <a className="btn btn-outline-primary" href={files.calendar(b.code)} download>
            {t('portal.detail.calendar')}
          </a>
        )}
      </div>

      {booked && (
        <section aria-labelledby={`${id}-bring`} className="mb-4">
          <h2 id={`${id}-bring`} className="h5">
            {t('portal.detail.bring')}
          </h2>
          <ul>
            <li>{t('portal.detail.bringPrescription')}</li>
            <li>{t('portal.detail.bringCard')}</li>
            <li>{b.exempt ? t('portal.detail.bringExemption') : t('portal.detail.bringReceipt')}</li>
          </ul>
          <p className="small">
            {t('portal.detail.cancelBy', {
              date: formatCalendarDate(b.cancelBy, lang),
              keypad: b.keypadCode,
            })}
          </p>
        </section>
      )}

      {manage && booked && (
        <section aria-labelledby={`${id}-manage`} className="mb-4">
          <h2 id={`${id}-manage`} className="h5">
            {t('portal.manage.actions')}
          </h2>
          {asking === null && (
            <div className="d-flex flex-wrap gap-2">
              <button type="button" className="btn btn-outline-primary" onClick={() => setAsking('move')}>
                {t('portal.manage.move')}
              </button>
              <button type="button" className="btn btn-outline-danger" onClick={() => setAsking('cancel')}>
                {t('portal.manage.cancel')}
              </button>
            </div>
          )}
          {asking === 'cancel' && (
            <div className="alert alert-warning" role="alertdialog" aria-labelledby={`${id}-q`}>
              <p id={`${id}-q`} className="fw-semibold">
                {t('portal.manage.cancelQuestion')}
              </p>
              <p>
                {late
                  ? t('portal.manage.late', { date: formatCalendarDate(b.cancelBy, lang) })
                  : t('portal.manage.inTime', { date: formatCalendarDate(b.cancelBy, lang) })}
              </p>
              {n?.status === 'paid' && <p>{t('portal.manage.refund')}</p>}
              <div className="d-flex flex-wrap gap-2">
                <button
                  type="button"
                  className="btn btn-danger"
                  onClick={() => cancel.mutate()}
                  disabled={cancel.isPending}
                >
                  {t('portal.manage.cancelConfirm')}
                </button>
                <button type="button" className="btn btn-outline-secondary" onClick={() => setAsking(null)}>
                  {t('portal.manage.keep')}
                </button>
              </div>
              <ErrorAlert error={cancel.error} className="mt-2" />
            </div>
          )}
          {asking === 'move' && !moveTo && (
            <>
              <SlotPicker
                scope={`move:${b.code}`}
                load={(ask) => portal.moveOptions(b.code, ask)}
                priority={b.priority}
                choosing={move.isPending}
                onChoose={(s) =>
                  setMoveTo({
                    slotId: s.slotId,
                    label: `${s.facility.name}, ${t('portal.slots.when', { day: formatLongDate(s.start, lang), time: formatTime(s.start, lang) })}`,
                  })
                }
              />
              <button type="button" className="btn btn-outline-secondary" onClick={() => setAsking(null)}>
                {t('portal.manage.keep')}
              </button>
            </>
          )}
          {asking === 'move' && moveTo && (
            <div className="alert alert-info" role="alertdialog" aria-labelledby={`${id}-mq`}>
              <p id={`${id}-mq`} className="fw-semibold">
                {t('portal.manage.moveQuestion', { to: moveTo.label })}
              </p>
              <div className="d-flex flex-wrap gap-2">
                <button
                  type="button"
                  className="btn btn-primary"
                  onClick={() => move.mutate(moveTo.slotId)}
                  disabled={move.isPending}
                >
                  {t('portal.manage.moveConfirm')}
                </button>
                <button type="button" className="btn btn-outline-secondary" onClick={() => setMoveTo(null)}>
                  {t('portal.back')}
                </button>
              </div>
              <ErrorAlert error={move.error} className="mt-2" />
            </div>
          )}
        </section>
      )}

      {b.others.length > 0 && (
        <section aria-labelledby={`${id}-others`} className="mb-4">
          <h2 id={`${id}-others`} className="h5">
            {t('portal.detail.others')}
          </h2>
          <ul>
            {b.others.map((o) => (
              <li key={o.code}>
                {o.service}: {formatLongDate(o.start, lang)} {formatTime(o.start, lang)}, {o.facility} (
                {o.code}, {t(`portal.channel.${o.channel}` as 'portal.channel.web')})
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
