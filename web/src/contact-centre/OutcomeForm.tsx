import { useId, useRef, useState } from 'react';
import { ErrorAlert, FieldError, fieldError } from '../components/feedback.tsx';
import { Kbd } from '../components/Kbd.tsx';
import { useHelpdeskQueues } from '../helpdesk/api.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { SuggestedSheets } from '../knowledge/SuggestedSheets.tsx';
import { SHORTCUTS, useShortcuts } from '../lib/shortcuts.ts';
import { REQUEST_TYPES, requestTypeLabel } from './labels.ts';
import type { ConsoleAction } from './types.ts';

/**
 * The call's outcome (esito, MR-1/MR-5): what the caller asked for, whether it was solved at first contact,
 * and whether it goes to the back office, with a note. Prefilled with the request type of the IVR.
 */
export function OutcomeForm({
  requestType,
  patientName = null,
  onSubmit,
  busy,
  error,
  saved,
  openedTicket = null,
}: {
  requestType: string | null;
  /** The patient served on the call, whose contact history the outcome joins. */
  patientName?: string | null;
  onSubmit: (outcome: Extract<ConsoleAction, { type: 'outcome' }>) => void;
  busy: boolean;
  error: unknown;
  saved: boolean;
  /** The help-desk ticket the saved outcome opened (passed to the back office, HD-1). */
  openedTicket?: { number: string; queueName: string } | null;
}) {
  const { t } = useI18n();
  const id = useId();
  const known: readonly string[] = REQUEST_TYPES;
  const options = requestType && !known.includes(requestType) ? [...known, requestType] : known;
  const [type, setType] = useState(requestType ?? 'booking');
  const [resolved, setResolved] = useState(true);
  const [escalated, setEscalated] = useState(false);
  const [note, setNote] = useState('');
  // Passed to the back office: the help-desk queue a ticket is opened in (none: the outcome only).
  const [backOffice, setBackOffice] = useState('');
  const queues = useHelpdeskQueues().data?.queues ?? [];
  const noteError = fieldError(error, 'note');
  const queueError = fieldError(error, 'backOfficeQueue');
  // After hang-up the note is one shortcut away (issue 14 §5), wherever the focus is.
  const noteField = useRef<HTMLTextAreaElement>(null);
  useShortcuts({
    // Focusing scrolls the field into view.
    note: () => noteField.current?.focus(),
  });

  return (
    <form
      className="cc-outcome"
      aria-labelledby={`${id}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit({
          type: 'outcome',
          requestType: type,
          resolvedAtFirstContact: resolved,
          escalated,
          note: note.trim() === '' ? null : note.trim(),
          ...(escalated && backOffice ? { backOfficeQueue: backOffice } : {}),
        });
      }}
    >
      <h3 id={`${id}-title`} className="h6">
        {t('cc.outcome.title')}
      </h3>
      <div className="row g-2 align-items-end">
        <div className="col-sm-4">
          <label htmlFor={`${id}-type`} className="form-label small mb-0">
            {t('cc.outcome.requestType')}
          </label>
          <select
            id={`${id}-type`}
            className="form-select form-select-sm"
            value={type}
            onChange={(e) => setType(e.target.value)}
          >
            {options.map((r) => (
              <option key={r} value={r}>
                {requestTypeLabel(t, r)}
              </option>
            ))}
          </select>
        </div>
        <div className="col-sm-4">
          <div className="form-check mb-0">
            <input
              id={`${id}-resolved`}
              type="checkbox"
              className="form-check-input"
              checked={resolved}
              onChange={(e) => setResolved(e.target.checked)}
            />
            <label htmlFor={`${id}-resolved`} className="form-check-label">
              {t('cc.outcome.resolved')}
            </label>
          </div>
          <div className="form-check mb-0">
            <input
              id={`${id}-escalated`}
              type="checkbox"
              className="form-check-input"
              checked={escalated}
              onChange={(e) => setEscalated(e.target.checked)}
            />
            <label htmlFor={`${id}-escalated`} className="form-check-label">
              {t('cc.outcome.escalated')}
            </label>
          </div>
          {escalated && (
            <div className="mt-1">
              <label htmlFor={`${id}-queue`} className="form-label small mb-0">
                {t('cc.outcome.ticketQueue')}
              </label>
              <select
                id={`${id}-queue`}
                className={`form-select form-select-sm${queueError ? ' is-invalid' : ''}`}
                value={backOffice}
                aria-invalid={queueError ? true : undefined}
                aria-describedby={queueError ? `${id}-queue-error` : undefined}
                onChange={(e) => setBackOffice(e.target.value)}
              >
                <option value="">{t('cc.outcome.noTicket')}</option>
                {queues.map((q) => (
                  <option key={q.id} value={q.id}>
                    {q.name}
                  </option>
                ))}
              </select>
              <FieldError id={`${id}-queue-error`} error={queueError} />
            </div>
          )}
        </div>
        <div className="col-sm-4">
          <label htmlFor={`${id}-note`} className="form-label small mb-0">
            {t('cc.outcome.note')} <Kbd keys={SHORTCUTS.note} />
          </label>
          <textarea
            ref={noteField}
            aria-keyshortcuts={SHORTCUTS.note}
            id={`${id}-note`}
            className={`form-control form-control-sm${noteError ? ' is-invalid' : ''}`}
            rows={2}
            maxLength={2000}
            value={note}
            aria-invalid={noteError ? true : undefined}
            aria-describedby={noteError ? `${id}-note-error` : undefined}
            onChange={(e) => setNote(e.target.value)}
          />
          <FieldError id={`${id}-note-error`} error={noteError} />
        </div>
      </div>
      {/* HD-7: sheets the request's words point to, while the operator writes them down. */}
      <div className="mt-2">
        <SuggestedSheets words={note} />
      </div>
      {patientName && (
        <p className="small mb-0 mt-1" data-testid="outcome-patient">
          {t('cc.outcome.forPatient', { name: patientName })}
        </p>
      )}
      {error && !noteError && !queueError ? <ErrorAlert error={error} className="mt-2 mb-0" /> : null}
      <div className="d-flex align-items-center gap-2 mt-2">
        <button type="submit" className="btn btn-primary btn-sm" disabled={busy || saved}>
          {t('cc.outcome.save')}
        </button>
        {saved && (
          <span className="small text-success-emphasis" role="status" data-testid="outcome-saved">
            {openedTicket
              ? t('cc.outcome.savedWithTicket', {
                  number: openedTicket.number,
                  queue: openedTicket.queueName,
                })
              : t('cc.outcome.saved')}
          </span>
        )}
      </div>
    </form>
  );
}
