import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { ErrorAlert, FieldError, fieldError, useAnnounce } from '../components/feedback.tsx';
import { putLegalHold, readLegalHold } from '../helpdesk/api.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { formatDateTime } from '../lib/format.ts';

/**
 * HD-5: the privacy officer keeps a help-desk ticket whole past the contract's end for a proceeding
 * (legal hold), or lifts the hold. Only the hold is shown, nothing else of the ticket (least privilege).
 */
export function LegalHoldPanel() {
  const { t, lang } = useI18n();
  const id = useId();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const [number, setNumber] = useState('');
  const [ticket, setTicket] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [badNumber, setBadNumber] = useState(false);
  const hold = useQuery({
    queryKey: ['helpdesk', 'legal-hold', ticket],
    queryFn: () => readLegalHold(ticket!),
    enabled: ticket !== null,
    retry: false,
  });
  const change = useMutation({
    mutationFn: (on: boolean) => putLegalHold(ticket!, on ? { hold: true, reason } : { hold: false }),
    onSuccess: (h) => {
      qc.setQueryData(['helpdesk', 'legal-hold', ticket], h);
      setReason('');
      announce(t(h.legalHold ? 'legalHold.set' : 'legalHold.lifted', { number: h.number }));
    },
  });
  const find = (e: FormEvent) => {
    e.preventDefault();
    const n = /^#?\s*([1-9][0-9]{0,17})$/.exec(number.trim())?.[1];
    setBadNumber(!n);
    change.reset();
    setTicket(n ?? null);
  };
  const h = hold.data;
  const reasonError = fieldError(change.error, 'reason');

  return (
    <section className="mt-5" aria-labelledby={`${id}-h`} data-testid="legal-hold">
      <h2 id={`${id}-h`} className="h4">
        {t('legalHold.title')}
      </h2>
      <p>{t('legalHold.intro')}</p>
      <form
        className="row g-3 align-items-end mb-3"
        onSubmit={find}
        noValidate
        aria-label={t('legalHold.find')}
      >
        <div className="col-12 col-md-4">
          <label htmlFor={`${id}-number`} className="form-label fw-semibold">
            {t('legalHold.number')}
          </label>
          <input
            id={`${id}-number`}
            className={`form-control${badNumber ? ' is-invalid' : ''}`}
            value={number}
            inputMode="numeric"
            aria-invalid={badNumber ? true : undefined}
            aria-describedby={badNumber ? `${id}-number-error` : undefined}
            onChange={(e) => setNumber(e.target.value)}
          />
          {badNumber && (
            <div id={`${id}-number-error`} className="invalid-feedback d-block" role="alert">
              {t('legalHold.badNumber')}
            </div>
          )}
        </div>
        <div className="col-12 col-md-3">
          <button type="submit" className="btn btn-primary">
            {t('legalHold.find')}
          </button>
        </div>
      </form>
      <ErrorAlert error={hold.error} />
      {h && (
        <div data-testid="legal-hold-state">
          <p role="status">
            {h.contentDestroyedAt
              ? t('legalHold.destroyed', { number: h.number, at: formatDateTime(h.contentDestroyedAt, lang) })
              : h.legalHold
                ? t('legalHold.held', {
                    number: h.number,
                    at: formatDateTime(h.legalHold.at, lang),
                    reason: h.legalHold.reason,
                  })
                : t('legalHold.notHeld', { number: h.number })}
          </p>
          <ErrorAlert error={change.error && !reasonError ? change.error : null} />
          {!h.contentDestroyedAt &&
            (h.legalHold ? (
              <button
                type="button"
                className="btn btn-outline-primary"
                disabled={change.isPending}
                onClick={() => change.mutate(false)}
              >
                {t('legalHold.lift')}
              </button>
            ) : (
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  change.mutate(true);
                }}
                noValidate
              >
                <label htmlFor={`${id}-reason`} className="form-label fw-semibold">
                  {t('legalHold.reason')}
                </label>
                <input
                  id={`${id}-reason`}
                  className={`form-control mb-2${reasonError ? ' is-invalid' : ''}`}
                  value={reason}
                  aria-invalid={reasonError ? true : undefined}
                  aria-describedby={reasonError ? `${id}-reason-error` : undefined}
                  onChange={(e) => setReason(e.target.value)}
                />
                <FieldError
                  id={`${id}-reason-error`}
                  error={reasonError}
                  messages={{ INVALID_FIELD: 'legalHold.reasonNeeded' }}
                />
                <button type="submit" className="btn btn-primary" disabled={change.isPending}>
                  {t('legalHold.put')}
                </button>
              </form>
            ))}
        </div>
      )}
    </section>
  );
}
