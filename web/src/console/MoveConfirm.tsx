import { useEffect, useId, useRef } from 'react';
import { ErrorAlert } from '../components/feedback.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { formatDateTime } from '../lib/format.ts';
import type { AvailableSlot } from '../lib/types.ts';
import { ClashWarning } from './ClashWarning.tsx';

/**
 * A move is asked before it happens, as a cancellation is (issue 14 §4): from where to where, with any
 * clash with the patient's other appointments. Enter confirms (the focus is on it), Esc goes back.
 */
export function MoveConfirm({
  code,
  service,
  fiscalCode,
  appointmentId,
  followUpOf,
  slot,
  pending,
  error,
  onConfirm,
  onBack,
}: {
  code: string;
  service: string;
  fiscalCode: string;
  appointmentId: string;
  /** The service code of a follow-up being moved: warned if it would come before the first visit. */
  followUpOf?: string;
  slot: AvailableSlot;
  pending: boolean;
  error: unknown;
  onConfirm: () => void;
  onBack: () => void;
}) {
  const { t, lang } = useI18n();
  const id = useId();
  const yes = useRef<HTMLButtonElement>(null);
  useEffect(() => yes.current?.focus(), []);
  return (
    <section
      aria-labelledby={`${id}-title`}
      className="console-section card border-primary"
      data-testid="move-confirm"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !pending) {
          e.preventDefault();
          onBack();
        }
      }}
    >
      <div className="card-body">
        <h2 id={`${id}-title`} className="h4">
          {t('moveConfirm.title', { code })}
        </h2>
        <p className="fs-5 mb-1">{service}</p>
        <p className="fs-5 mb-3">
          {t('moveConfirm.to', {
            when: formatDateTime(slot.start, lang),
            place: `${slot.facility.name} — ${slot.unitName}`,
          })}
        </p>
        <ClashWarning
          fiscalCode={fiscalCode}
          slot={slot}
          exceptId={appointmentId}
          {...(followUpOf ? { followUpOf } : {})}
        />
        <ErrorAlert error={error} />
        <div className="d-flex gap-2">
          <button ref={yes} type="button" className="btn btn-primary" disabled={pending} onClick={onConfirm}>
            {t('moveConfirm.yes')}
          </button>
          <button type="button" className="btn btn-outline-secondary" disabled={pending} onClick={onBack}>
            {t('moveConfirm.back')}
          </button>
        </div>
      </div>
    </section>
  );
}
