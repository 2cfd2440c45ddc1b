import { useMutation } from '@tanstack/react-query';
import { ErrorAlert } from '../components/feedback.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { api } from '../lib/api.ts';
import { formatDateTime } from '../lib/format.ts';
import { newIdempotencyKey } from '../lib/ids.ts';
import type { Appointment, Patient } from '../lib/types.ts';

/** An SMS or e-mail that leaves more than a minute from now waits for the sending window. */
const LATER_MS = 60_000;

/**
 * The promemoria, on the caller's request (issue 14 §8): printed at the desk (the PDF the portal gives
 * too), or sent by SMS or e-mail to the contacts on the patient's record through the outbox. Only the
 * contacts the record has are offered; the server says why when one cannot be used (no mobile, consent
 * refused, STOP).
 */
export function PromemoriaActions({
  appointment,
  patient,
}: {
  appointment: Appointment;
  patient: Patient | null;
}) {
  const { t, lang } = useI18n();
  const send = useMutation({
    mutationFn: (channel: 'sms' | 'email') =>
      api.sendPromemoria(appointment.id, channel, newIdempotencyKey()),
  });
  const sent = send.data;
  return (
    <div className="promemoria-actions" data-testid="promemoria-actions">
      <div className="d-flex flex-wrap gap-2 align-items-center">
        <a
          className="btn btn-sm btn-outline-primary"
          href={api.promemoriaPdfUrl(appointment.id)}
          target="_blank"
          rel="noopener"
        >
          {t('promemoria.print')} <span className="visually-hidden">{t('promemoria.newTab')}</span>
        </a>
        {patient?.phone && (
          <button
            type="button"
            className="btn btn-sm btn-outline-primary"
            disabled={send.isPending}
            onClick={() => send.mutate('sms')}
          >
            {t('promemoria.sms')}
          </button>
        )}
        {patient?.email && (
          <button
            type="button"
            className="btn btn-sm btn-outline-primary"
            disabled={send.isPending}
            onClick={() => send.mutate('email')}
          >
            {t('promemoria.email')}
          </button>
        )}
      </div>
      <div role="status" className="small mt-1">
        {sent &&
          (Date.parse(sent.sendAfter) - Date.now() > LATER_MS
            ? t('promemoria.queued', {
                recipient: sent.recipient,
                when: formatDateTime(sent.sendAfter, lang),
              })
            : t('promemoria.queuedNow', { recipient: sent.recipient }))}
        {sent?.label && (
          <>
            {' '}
            <span className="badge bg-light text-dark border">{t('common.simulation')}</span>
          </>
        )}
      </div>
      <ErrorAlert error={send.error} className="mt-1 mb-0" />
    </div>
  );
}
