import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useParams } from 'react-router';
import { ErrorAlert, type ErrorMessages, useAnnounce } from '../components/feedback.tsx';
import { Page } from '../components/Page.tsx';
import type { MessageKey } from '../i18n/i18n.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { formatDateTime, formatLongDate, formatTime } from '../lib/format.ts';
import { acceptOffer, type DeclineReason, declineOffer, type ReofferOffer, useOffer } from './api.ts';

const OFFER_ERRORS: ErrorMessages = {
  NOT_FOUND: 'link.error.invalid',
  INVALID_STATE: 'offer.error.closed',
  CONFLICT: 'offer.error.gone',
};

const REASONS: Record<DeclineReason, MessageKey> = {
  'keep-current': 'offer.reason.keepCurrent',
  time: 'offer.reason.time',
  place: 'offer.reason.place',
  other: 'offer.reason.other',
};

const STATUS: Record<Exclude<ReofferOffer['status'], 'offered'>, MessageKey> = {
  accepted: 'offer.isAccepted',
  declined: 'offer.isDeclined',
  expired: 'offer.isExpired',
  gone: 'offer.isGone',
};

/**
 * OB-2, the patient's side of a re-offer: the link in the SMS opens this page (no login: the signed
 * link names one offer to one patient). It shows the earlier place and the appointment it would
 * replace; the patient takes it, or says no with a reason; silence keeps the appointment as it is.
 */
export function OfferPage() {
  const { token = '' } = useParams();
  const { t, lang } = useI18n();
  const id = useId();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const offer = useOffer(token);
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState<DeclineReason>('keep-current');
  const outcome = useRef<HTMLDivElement>(null);
  const question = useRef<HTMLLegendElement>(null);
  const act = useMutation({
    mutationFn: (what: 'accept' | 'decline') =>
      what === 'accept' ? acceptOffer(token) : declineOffer(token, reason),
    onSuccess: (o) => {
      qc.setQueryData(['reoffer', 'offer', token], o);
      setDeclining(false);
      announce(t(o.status === 'accepted' ? 'offer.accepted' : 'offer.declined'));
    },
  });
  useEffect(() => {
    if (act.isSuccess) outcome.current?.focus();
  }, [act.isSuccess]);
  useEffect(() => {
    if (declining) question.current?.focus();
  }, [declining]);
  const o = offer.data;
  const when = (iso: string) =>
    t('link.whenValue', { day: formatLongDate(iso, lang), time: formatTime(iso, lang) });

  return (
    <Page title={t('offer.title')}>
      {offer.isPending && <p role="status">{t('common.loading')}</p>}
      <ErrorAlert error={offer.error} messages={OFFER_ERRORS} />
      {o && (
        <>
          {o.status !== 'offered' && (
            <div
              ref={outcome}
              tabIndex={-1}
              className={`alert ${o.status === 'accepted' ? 'alert-success' : 'alert-info'}`}
              data-testid="offer-outcome"
            >
              {t(STATUS[o.status])}
            </div>
          )}
          <dl className="row mb-4">
            <dt className="col-sm-4">{t('link.service')}</dt>
            <dd className="col-sm-8">{o.service}</dd>
            <dt className="col-sm-4">{t('offer.place')}</dt>
            <dd className="col-sm-8">
              <strong>{when(o.start)}</strong>
            </dd>
            <dt className="col-sm-4">{t('link.where')}</dt>
            <dd className="col-sm-8">
              {o.facility}, {o.address}
            </dd>
            <dt className="col-sm-4">{t('offer.current')}</dt>
            <dd className="col-sm-8">{when(o.currentStart)}</dd>
            <dt className="col-sm-4">{t('link.code')}</dt>
            <dd className="col-sm-8">
              <span className="font-monospace">{o.code}</span>
            </dd>
            {o.status === 'offered' && (
              <>
                <dt className="col-sm-4">{t('offer.until')}</dt>
                <dd className="col-sm-8">{formatDateTime(o.expiresAt, lang)}</dd>
              </>
            )}
          </dl>
          <ErrorAlert error={act.error} messages={OFFER_ERRORS} />
          {o.status === 'offered' && !act.isError && (
            <>
              <p>{t('offer.silence')}</p>
              {!declining ? (
                <div className="d-flex flex-wrap gap-3">
                  <button
                    type="button"
                    className="btn btn-primary"
                    disabled={act.isPending}
                    onClick={() => act.mutate('accept')}
                  >
                    {t('offer.accept')}
                  </button>
                  <button
                    type="button"
                    className="btn btn-outline-primary"
                    onClick={() => setDeclining(true)}
                  >
                    {t('offer.decline')}
                  </button>
                </div>
              ) : (
                <form
                  className="border rounded p-3"
                  onSubmit={(e) => {
                    e.preventDefault();
                    act.mutate('decline');
                  }}
                >
                  <fieldset>
                    <legend ref={question} tabIndex={-1} className="h5">
                      {t('offer.why')}
                    </legend>
                    {o.declineReasons.map((r) => (
                      <div className="form-check" key={r}>
                        <input
                          className="form-check-input"
                          type="radio"
                          name={`${id}-reason`}
                          id={`${id}-${r}`}
                          checked={reason === r}
                          onChange={() => setReason(r)}
                        />
                        <label className="form-check-label" htmlFor={`${id}-${r}`}>
                          {t(REASONS[r])}
                        </label>
                      </div>
                    ))}
                  </fieldset>
                  <div className="d-flex flex-wrap gap-3 mt-3">
                    <button type="submit" className="btn btn-primary" disabled={act.isPending}>
                      {t('offer.declineYes')}
                    </button>
                    <button
                      type="button"
                      className="btn btn-outline-primary"
                      onClick={() => setDeclining(false)}
                    >
                      {t('link.cancelNo')}
                    </button>
                  </div>
                </form>
              )}
            </>
          )}
        </>
      )}
    </Page>
  );
}
