import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { ErrorAlert, FieldError, fieldError } from '../components/feedback.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { type GroupBookingResult, groupsApi } from './groups-api.ts';

/**
 * BK-10: the club called the day off — every athlete's booking cancelled with the reason (their
 * prescriptions open again for a new proposal). Asked once more before it is done.
 */
export function GroupCancelForm({
  requestId,
  booked,
  onDone,
}: {
  requestId: string;
  booked: number;
  onDone: (r: GroupBookingResult) => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const cancel = useMutation({
    mutationFn: () => groupsApi.cancel(requestId, reason.trim()),
    onSuccess: (r) => {
      setOpen(false);
      setReason('');
      onDone(r);
    },
  });
  const reasonError = fieldError(cancel.error, 'reason');
  if (!open)
    return (
      <button type="button" className="btn btn-outline-danger" onClick={() => setOpen(true)}>
        {t('groups.cancel.open', { n: booked })}
      </button>
    );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    cancel.mutate();
  };
  return (
    <form onSubmit={submit} noValidate className="console-section mb-3 w-100" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="h5">
        {t('groups.cancel.title', { n: booked })}
      </h3>
      <label htmlFor={`${id}-reason`} className="form-label fw-semibold">
        {t('groups.cancel.reason')}
      </label>
      <input
        id={`${id}-reason`}
        className={`form-control${reasonError ? ' is-invalid' : ''}`}
        value={reason}
        maxLength={500}
        onChange={(e) => setReason(e.target.value)}
        aria-invalid={reasonError ? true : undefined}
        aria-describedby={`${id}-hint${reasonError ? ` ${id}-error` : ''}`}
      />
      <div id={`${id}-hint`} className="form-text">
        {t('groups.cancel.hint')}
      </div>
      <FieldError id={`${id}-error`} error={reasonError} />
      {!reasonError && <ErrorAlert error={cancel.error} className="mt-2" />}
      <div className="d-flex gap-2 mt-2">
        <button type="submit" className="btn btn-danger" disabled={cancel.isPending || !reason.trim()}>
          {t('groups.cancel.confirm', { n: booked })}
        </button>
        <button type="button" className="btn btn-outline-secondary" onClick={() => setOpen(false)}>
          {t('groups.form.cancel')}
        </button>
      </div>
    </form>
  );
}
