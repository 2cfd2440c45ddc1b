import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { ErrorAlert, FieldError, fieldError } from '../components/feedback.tsx';
import { Page } from '../components/Page.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { formatEuro } from '../lib/format.ts';
import { portal } from './api.ts';

const NOTICE_ERRORS = {
  INVALID_FIELD: 'portal.pay.invalidNumber',
  NOT_FOUND: 'portal.pay.notFound',
  INVALID_STATE: 'portal.checkout.notPayable',
} as const;

/**
 * "Paga un avviso" (BK-8): the number printed on a pagoPA notice (from the desk, the phone, the post),
 * typed with or without spaces; a mistyped number is named as such (its check digits), then the notice
 * shows its creditor and amount, as at any PSP, and "Paga ora". Back from the checkout: `?avviso=`.
 */
export function PayNoticePage() {
  const { t } = useI18n();
  const id = useId();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const asked = params.get('avviso') ?? '';
  const [typed, setTyped] = useState(asked);
  const notice = useQuery({
    queryKey: ['portal', 'notice', asked],
    queryFn: () => portal.notice(asked),
    enabled: asked !== '',
    // Back from the checkout the state has changed: always ask again.
    staleTime: 0,
    retry: false,
  });
  const pay = useMutation({
    mutationFn: (number: string) => portal.payNotice(number),
    onSuccess: (c) =>
      /^https?:/.test(c.checkoutUrl)
        ? window.location.assign(c.checkoutUrl)
        : navigate(`${c.checkoutUrl}?avviso=${encodeURIComponent(asked)}`),
  });
  const n = notice.data;
  const error = notice.error;
  const numberError = fieldError(error, 'noticeNumber');
  return (
    <Page title={t('portal.pay.title')}>
      <p>{t('portal.pay.lead')}</p>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const clean = typed.replace(/[\s.-]/g, '');
          if (clean) setParams({ avviso: clean });
        }}
      >
        <div className="form-group">
          <label htmlFor={`${id}-n`} className="active">
            {t('portal.pay.number')}
          </label>
          <input
            id={`${id}-n`}
            className="form-control font-monospace"
            inputMode="numeric"
            autoComplete="off"
            spellCheck={false}
            maxLength={30}
            required
            value={typed}
            aria-describedby={`${id}-n-hint ${id}-n-error`}
            aria-invalid={numberError ? true : undefined}
            onChange={(e) => setTyped(e.target.value)}
          />
          <small id={`${id}-n-hint`} className="form-text">
            {t('portal.pay.numberHint')}
          </small>
          <FieldError id={`${id}-n-error`} error={numberError} messages={NOTICE_ERRORS} />
        </div>
        <button type="submit" className="btn btn-primary" disabled={!typed.trim() || notice.isFetching}>
          {t('portal.pay.find')}
        </button>
      </form>
      {notice.isFetching && (
        <p role="status" className="mt-3">
          {t('common.loading')}
        </p>
      )}
      <ErrorAlert error={numberError ? null : error} messages={NOTICE_ERRORS} className="mt-3" />
      {n && (
        <section className="card card-bg shadow-sm mt-4" aria-labelledby={`${id}-found`}>
          <div className="card-body">
            <h2 id={`${id}-found`} className="h4 card-title">
              {t('portal.pay.found')}
            </h2>
            {n.simulated && (
              <p className="badge bg-light text-dark border portal-simulation">{t('portal.simulation')}</p>
            )}
            <dl className="row mb-3">
              <dt className="col-sm-4">{t('portal.pay.number')}</dt>
              <dd className="col-sm-8 font-monospace">{n.groupedNumber}</dd>
              <dt className="col-sm-4">{t('portal.pay.creditor')}</dt>
              <dd className="col-sm-8">
                {n.creditorName} ({n.creditorFiscalCode})
              </dd>
              <dt className="col-sm-4">{t('portal.pay.amount')}</dt>
              <dd className="col-sm-8 fw-bold">{formatEuro(n.amountCents)}</dd>
            </dl>
            {n.status === 'issued' ? (
              <button
                type="button"
                className="btn btn-primary"
                disabled={pay.isPending}
                onClick={() => pay.mutate(n.noticeNumber)}
              >
                {t('portal.pay.now')}
              </button>
            ) : (
              <p className="alert alert-info mb-0" role="status">
                {t(n.status === 'paid' ? 'portal.pay.alreadyPaid' : 'portal.pay.notPayable')}
              </p>
            )}
            <ErrorAlert error={pay.error} messages={NOTICE_ERRORS} className="mt-3" />
          </div>
        </section>
      )}
    </Page>
  );
}
