import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import { ErrorAlert } from '../components/feedback.tsx';
import { Page } from '../components/Page.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { formatEuro } from '../lib/format.ts';
import { portal } from './api.ts';

const CHECKOUT_ERRORS = {
  INVALID_STATE: 'portal.checkout.notPayable',
  NOT_FOUND: 'portal.checkout.notFound',
} as const;

/**
 * The simulated PSP's checkout (simulazione, the embedded default): the citizen pays, or tries a failure.
 * With pagoPA's checkout configured this page is not used: "Paga ora" goes to the PSP.
 */
export function CheckoutPage() {
  const { checkoutId = '' } = useParams();
  // Started from "Paga un avviso" (the notice's number), or from a booking (its code in the reason).
  const [params] = useSearchParams();
  const fromNotice = params.get('avviso');
  const { t } = useI18n();
  const qc = useQueryClient();
  const c = useQuery({
    queryKey: ['portal', 'checkout', checkoutId],
    queryFn: () => portal.checkout(checkoutId),
    retry: false,
  });
  const done = useMutation({
    mutationFn: (outcome: 'pay' | 'fail') => portal.completeCheckout(checkoutId, outcome),
    onSuccess: (next) => qc.setQueryData(['portal', 'checkout', checkoutId], next),
  });
  const v = c.data;
  const code = v?.description.match(/prenotazione (\S+)$/)?.[1] ?? '';
  return (
    <Page title={t('portal.checkout.title')}>
      <div className="alert alert-danger portal-simulation" role="note">
        {t('portal.checkout.simulation')}
      </div>
      {c.isPending && <p role="status">{t('common.loading')}</p>}
      <ErrorAlert error={c.error} messages={CHECKOUT_ERRORS} />
      {v && (
        <>
          <dl className="row">
            <dt className="col-sm-4">{t('portal.checkout.what')}</dt>
            <dd className="col-sm-8">{v.description}</dd>
            <dt className="col-sm-4">{t('portal.notice.number')}</dt>
            <dd className="col-sm-8 font-monospace">{v.groupedNumber}</dd>
            <dt className="col-sm-4">{t('portal.notice.amount')}</dt>
            <dd className="col-sm-8 fs-4 fw-semibold">{formatEuro(v.amountCents)}</dd>
          </dl>
          {v.outcome === null && v.noticeStatus === 'issued' ? (
            <div className="d-flex flex-wrap gap-2">
              <button
                type="button"
                className="btn btn-primary"
                onClick={() => done.mutate('pay')}
                disabled={done.isPending}
              >
                {t('portal.checkout.pay', { amount: formatEuro(v.amountCents) })}
              </button>
              <button
                type="button"
                className="btn btn-outline-danger"
                onClick={() => done.mutate('fail')}
                disabled={done.isPending}
              >
                {t('portal.checkout.fail')}
              </button>
            </div>
          ) : (
            <div
              className={`alert ${v.outcome === 'failed' ? 'alert-warning' : 'alert-success'}`}
              role="status"
            >
              {v.outcome === 'failed' ? t('portal.checkout.failed') : t('portal.checkout.paid')}
            </div>
          )}
          <ErrorAlert error={done.error} messages={CHECKOUT_ERRORS} className="mt-3" />
          <p className="mt-4">
            <Link
              to={
                fromNotice
                  ? `/portale/paga?avviso=${encodeURIComponent(fromNotice)}`
                  : code
                    ? `/portale/gestisci?codice=${encodeURIComponent(code)}`
                    : '/portale/gestisci'
              }
            >
              {t(fromNotice ? 'portal.checkout.backToNotice' : 'portal.checkout.back')}
            </Link>
          </p>
        </>
      )}
    </Page>
  );
}
