import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type RefObject, useEffect, useId, useRef, useState } from 'react';
import { useParams } from 'react-router';
import { ErrorAlert, type ErrorMessages, useAnnounce } from '../components/feedback.tsx';
import { Page } from '../components/Page.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import {
  formatCalendarDate,
  formatDateTime,
  formatEuro,
  formatLongDate,
  formatTime,
  romeToday,
} from '../lib/format.ts';
import { cancelByLink, confirmByLink, type LinkedAppointment, useLinkedAppointment } from './api.ts';

const LINK_ERRORS: ErrorMessages = {
  NOT_FOUND: 'link.error.invalid',
  INVALID_STATE: 'link.error.stale',
};

/**
 * OB-1, the patient's side of a reminder: the one-click link from the SMS or e-mail opens this page
 * (no login: the signed link is the key, and it shows the appointment, never the patient's name). The
 * patient confirms, or cancels after being asked once more; a cancellation gives its number as proof.
 */
export function ReminderLinkPage() {
  const { token = '' } = useParams();
  const { t, lang } = useI18n();
  const id = useId();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const appointment = useLinkedAppointment(token);
  const [asking, setAsking] = useState(false);
  const question = useRef<HTMLHeadingElement>(null);
  const outcome = useRef<HTMLDivElement>(null);
  const act = useMutation({
    mutationFn: (what: 'confirm' | 'cancel') =>
      what === 'confirm' ? confirmByLink(token) : cancelByLink(token),
    onSuccess: (a, what) => {
      qc.setQueryData(['outreach', 'link', token], a);
      setAsking(false);
      announce(
        what === 'confirm'
          ? t('link.confirmed')
          : t('link.cancelled', { number: a.cancellationNumber ?? '' }),
      );
    },
  });
  useEffect(() => {
    if (asking) question.current?.focus();
  }, [asking]);
  const a = appointment.data;
  useEffect(() => {
    if (act.isSuccess) outcome.current?.focus();
  }, [act.isSuccess]);

  return (
    <Page title={t('link.title')}>
      {appointment.isPending && <p role="status">{t('common.loading')}</p>}
      <ErrorAlert error={appointment.error} messages={LINK_ERRORS} />
      {a && (
        <>
          <Status a={a} outcomeRef={outcome} />
          <dl className="row mb-4" aria-labelledby={`${id}-what`}>
            <dt className="col-sm-4" id={`${id}-what`}>
              {t('link.service')}
            </dt>
            <dd className="col-sm-8">{a.service}</dd>
            <dt className="col-sm-4">{t('link.when')}</dt>
            <dd className="col-sm-8">
              {t('link.whenValue', { day: formatLongDate(a.start, lang), time: formatTime(a.start, lang) })}
            </dd>
            <dt className="col-sm-4">{t('link.where')}</dt>
            <dd className="col-sm-8">
              {a.facility}, {a.address}{' '}
              <a
                href={`https://www.openstreetmap.org/search?query=${encodeURIComponent(a.address)}`}
                target="_blank"
                rel="noreferrer"
              >
                {t('link.map')}
              </a>
            </dd>
            <dt className="col-sm-4">{t('link.code')}</dt>
            <dd className="col-sm-8">
              <span className="font-monospace">{a.code}</span>
            </dd>
            {a.status === 'booked' && (
              <>
                <dt className="col-sm-4">{t('link.byPhone')}</dt>
                <dd className="col-sm-8">
                  {t('link.byPhoneValue')}{' '}
                  <span className="font-monospace fw-semibold">
                    {a.keypadCode.slice(0, 4)} {a.keypadCode.slice(4)}
                  </span>
                </dd>
              </>
            )}
            <dt className="col-sm-4">{t('link.bring')}</dt>
            <dd className="col-sm-8">
              {t('link.bringValue')}
              {a.copayCents > 0 && ` ${t('link.ticket', { amount: formatEuro(a.copayCents) })}`}
            </dd>
            {a.status === 'booked' && (
              <>
                <dt className="col-sm-4">{t('link.cancelBy')}</dt>
                <dd className="col-sm-8">
                  {a.cancelBy >= romeToday()
                    ? t('link.cancelByValue', { date: formatCalendarDate(a.cancelBy, lang) })
                    : t('link.cancelByPassed', { date: formatCalendarDate(a.cancelBy, lang) })}
                </dd>
              </>
            )}
          </dl>
          <ErrorAlert error={act.error} messages={LINK_ERRORS} />
          {a.status === 'booked' && !asking && (
            <div className="d-flex flex-wrap gap-3">
              {!a.confirmedAt && (
                <button
                  type="button"
                  className="btn btn-primary"
                  disabled={act.isPending}
                  onClick={() => act.mutate('confirm')}
                >
                  {t('link.confirm')}
                </button>
              )}
              <button type="button" className="btn btn-outline-danger" onClick={() => setAsking(true)}>
                {t('link.cancel')}
              </button>
            </div>
          )}
          {a.status === 'booked' && asking && (
            <section aria-labelledby={`${id}-ask`} className="border rounded p-3">
              <h2 id={`${id}-ask`} ref={question} tabIndex={-1} className="h5">
                {t('link.askCancel')}
              </h2>
              <p>{t('link.askCancelWhy')}</p>
              <div className="d-flex flex-wrap gap-3">
                <button
                  type="button"
                  className="btn btn-danger"
                  disabled={act.isPending}
                  onClick={() => act.mutate('cancel')}
                >
                  {t('link.cancelYes')}
                </button>
                <button type="button" className="btn btn-outline-primary" onClick={() => setAsking(false)}>
                  {t('link.cancelNo')}
                </button>
              </div>
            </section>
          )}
        </>
      )}
    </Page>
  );
}

function Status({ a, outcomeRef }: { a: LinkedAppointment; outcomeRef: RefObject<HTMLDivElement | null> }) {
  const { t, lang } = useI18n();
  if (a.status === 'cancelled')
    return (
      <div ref={outcomeRef} tabIndex={-1} className="alert alert-info" data-testid="link-outcome">
        {t('link.isCancelled')}{' '}
        <strong>{t('link.cancellationNumber', { number: a.cancellationNumber ?? '' })}</strong>
      </div>
    );
  if (a.status !== 'booked')
    return (
      <div ref={outcomeRef} tabIndex={-1} className="alert alert-info" data-testid="link-outcome">
        {t('link.isPast')}
      </div>
    );
  if (a.confirmedAt)
    return (
      <div ref={outcomeRef} tabIndex={-1} className="alert alert-success" data-testid="link-outcome">
        {t('link.isConfirmed', { date: formatDateTime(a.confirmedAt, lang) })}
      </div>
    );
  return null;
}
