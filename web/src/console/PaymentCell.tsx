import { useMutation } from '@tanstack/react-query';
import { ErrorAlert, useAnnounce } from '../components/feedback.tsx';
import { type MessageKey, useI18n } from '../i18n/i18n.tsx';
import { api } from '../lib/api.ts';
import { formatDateTime, formatEuro } from '../lib/format.ts';
import type { Ok } from '../lib/openapi.ts';
import { useInvalidateBookings } from '../lib/queries.ts';
import type { Appointment } from '../lib/types.ts';

export type StaffNotice = Ok<'/api/v1/patients/{fiscalCode}/payment-notices', 'get'>['items'][number];

const STATE: Record<StaffNotice['status'], { label: MessageKey; badge: string }> = {
  issued: { label: 'payment.issued', badge: 'bg-warning text-dark' },
  paid: { label: 'payment.paid', badge: 'bg-success' },
  refund_due: { label: 'payment.refundDue', badge: 'bg-warning text-dark' },
  refunded: { label: 'payment.refunded', badge: 'bg-secondary' },
  invalidated: { label: 'payment.invalidated', badge: 'bg-secondary' },
};

/**
 * BK-8 in the console: what the caller owes for this appointment and whether it is paid, the notice's
 * number to read out, its PDF to print or send, and the notice issued on the spot for a booking without one.
 */
export function PaymentCell({
  appointment: a,
  notice,
  enabled,
}: {
  appointment: Appointment;
  /** The appointment's latest notice, if any. */
  notice: StaffNotice | undefined;
  /** False when payments are off: nothing can be issued here. */
  enabled: boolean;
}) {
  const { t, lang } = useI18n();
  const announce = useAnnounce();
  const invalidate = useInvalidateBookings();
  const issue = useMutation({
    mutationFn: () => api.issueNotice(a.id),
    onSuccess: async (n) => {
      await invalidate();
      announce(t('payment.issuedNow', { number: n.groupedNumber }));
    },
  });

  if (!notice) {
    if (a.copayCents === 0) return <span className="text-muted small">{t('payment.none')}</span>;
    return (
      <div className="small">
        <span className="text-nowrap">{t('payment.due', { amount: formatEuro(a.copayCents) })}</span>
        {enabled && a.status === 'booked' && (
          <div>
            <button
              type="button"
              className="btn btn-sm btn-outline-primary mt-1"
              disabled={issue.isPending}
              onClick={() => issue.mutate()}
            >
              {t('payment.issue')} <span className="visually-hidden">{a.code}</span>
            </button>
          </div>
        )}
        <ErrorAlert error={issue.error} className="mt-1 mb-0 p-1 small" />
      </div>
    );
  }
  const state = STATE[notice.status];
  return (
    <div className="small" data-notice={notice.noticeNumber}>
      <span className={`badge ${state.badge}`}>{t(state.label)}</span>{' '}
      <span className="text-nowrap">{formatEuro(notice.amountCents)}</span>
      {notice.simulated && (
        <span className="badge bg-light text-dark border ms-1">{t('common.simulation')}</span>
      )}
      {notice.status === 'paid' && notice.paidAt && (
        <div className="text-muted">{t('payment.paidAt', { when: formatDateTime(notice.paidAt, lang) })}</div>
      )}
      {notice.status === 'issued' && (
        <div>
          <span className="visually-hidden">{t('payment.noticeNumber')} </span>
          <span className="font-monospace text-nowrap">{notice.groupedNumber}</span>{' '}
          <a href={api.noticePdfUrl(a.id)} download>
            {t('payment.pdf')} <span className="visually-hidden">{a.code}</span>
          </a>
        </div>
      )}
    </div>
  );
}
