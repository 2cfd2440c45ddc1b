import { useMutation } from '@tanstack/react-query';
import { useEffect, useId, useRef } from 'react';
import { ErrorAlert, useAnnounce } from '../components/feedback.tsx';
import { Kbd } from '../components/Kbd.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { api, isApiError } from '../lib/api.ts';
import { useCountdown } from '../lib/countdown.ts';
import { formatCountdown, formatDateTime } from '../lib/format.ts';
import { bookingKeys } from '../lib/ids.ts';
import { SHORTCUTS, useShortcuts } from '../lib/shortcuts.ts';
import type { Appointment, AvailableSlot, Hold } from '../lib/types.ts';
import { ClashWarning } from './ClashWarning.tsx';

export interface HeldSlot {
  hold: Hold;
  slot: AvailableSlot;
  /** Local time (ms) at which the hold expires, corrected for the workstation's clock. */
  deadline: number;
  /** Seconds the hold lasted when it was placed, for the progress bar. */
  total: number;
  nre: string;
  fiscalCode: string;
  itemIndex: number;
  service: { code: string; description: string };
  /** A follow-up (controllo): warned if it comes before the patient's first visit of its branch. */
  followUp?: boolean;
}

/** Seconds left at which the countdown is read out. */
const ANNOUNCE_AT = new Set([60, 30, 10]);

/**
 * The slot is held while the caller decides (BK-6 holds expire by themselves). Enter on the focused
 * button or Alt+O confirms; Esc gives the slot back. Every attempt to book this hold for this item
 * carries the same Idempotency-Key, so a retry after a lost answer gets the booking made the first time.
 */
export function HoldPanel({
  held,
  onBooked,
  onReleased,
}: {
  held: HeldSlot;
  onBooked: (a: Appointment) => void;
  /** The hold was given back or expired and the operator goes back to the slots. */
  onReleased: () => void;
}) {
  const { t, lang } = useI18n();
  const announce = useAnnounce();
  const id = useId();
  const confirmButton = useRef<HTMLButtonElement>(null);
  const left = useCountdown(held.deadline);
  const expired = left === 0;

  const body = {
    nre: held.nre,
    fiscalCode: held.fiscalCode,
    itemIndex: held.itemIndex,
    holdId: held.hold.id,
  };
  const intent = JSON.stringify(body);
  const book = useMutation({
    mutationFn: () => api.book(body, bookingKeys.keyFor(intent)),
    onSuccess: (a) => {
      bookingKeys.settle(intent);
      onBooked(a);
    },
  });
  const release = useMutation({
    mutationFn: () => api.releaseHold(held.hold.id),
    // Released or not (it may have expired already), the slot is no longer this operator's.
    onSettled: onReleased,
  });

  const panel = useRef<HTMLElement>(null);
  useEffect(() => {
    confirmButton.current?.focus({ preventScroll: true });
    // The whole held place in view below the sticky bar (its slot, countdown and button), not just the
    // button: focusing alone scrolls only as far as the button and may leave the slot under the bar.
    panel.current?.scrollIntoView?.({ block: 'nearest' });
  }, []);
  useEffect(() => {
    if (ANNOUNCE_AT.has(left)) announce(t('hold.secondsLeft', { seconds: left }));
    if (left === 0) announce(t('hold.expired'), 'assertive');
  }, [left, announce, t]);

  const confirm = () => {
    if (expired || book.isPending || book.isSuccess) return;
    book.mutate();
  };
  useShortcuts({ confirm });

  const percent = held.total > 0 ? Math.round((left / held.total) * 100) : 0;

  return (
    <section
      ref={panel}
      aria-labelledby={`${id}-title`}
      className="console-section hold-panel card border-primary"
      data-testid="hold-panel"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !book.isPending) {
          e.preventDefault();
          release.mutate();
        }
      }}
    >
      <div className="card-body">
        <h2 id={`${id}-title`} className="h4">
          {t('hold.title')}
        </h2>
        <p className="mb-1 fw-semibold fs-5">{held.service.description}</p>
        <p className="mb-1 fs-5">{formatDateTime(held.slot.start, lang)}</p>
        <p className="mb-3">
          {held.slot.facility.name} — {held.slot.unitName}
          <span className="d-block small text-muted">{held.slot.facility.district}</span>
        </p>
        <ClashWarning
          fiscalCode={held.fiscalCode}
          slot={held.slot}
          {...(held.followUp ? { followUpOf: held.service.code } : {})}
        />

        <div className="hold-countdown mb-3">
          <p className="mb-1" id={`${id}-countdown`}>
            {expired ? (
              <strong className="text-danger">{t('hold.expired')}</strong>
            ) : (
              <>
                {t('hold.expiresIn')}{' '}
                <strong className="font-monospace fs-5" data-testid="hold-countdown">
                  {formatCountdown(left)}
                </strong>
              </>
            )}
          </p>
          <div className="progress" style={{ height: '0.5rem' }}>
            <div
              className={`progress-bar ${left <= 60 ? 'bg-danger' : 'bg-primary'}`}
              role="progressbar"
              aria-labelledby={`${id}-countdown`}
              aria-valuemin={0}
              aria-valuemax={held.total}
              aria-valuenow={left}
              aria-valuetext={formatCountdown(left)}
              style={{ width: `${percent}%` }}
            />
          </div>
        </div>

        <ErrorAlert error={book.error} />
        {isApiError(book.error, 'NETWORK') && !expired && (
          <p className="small" data-testid="retry-safe">
            {t('hold.retrySafe')}
          </p>
        )}
        <ErrorAlert error={release.error} />

        <div className="d-flex flex-wrap gap-2 align-items-center">
          {expired ? (
            <button type="button" className="btn btn-primary" onClick={onReleased}>
              {t('hold.searchAgain')}
            </button>
          ) : (
            <button
              ref={confirmButton}
              type="button"
              className="btn btn-primary btn-lg"
              onClick={confirm}
              disabled={book.isPending}
              aria-keyshortcuts={SHORTCUTS.confirm}
            >
              {book.isPending ? t('hold.confirming') : t('hold.confirm')}
            </button>
          )}
          {!expired && (
            <button
              type="button"
              className="btn btn-outline-primary"
              onClick={() => release.mutate()}
              disabled={book.isPending || release.isPending}
            >
              {t('hold.release')}
            </button>
          )}
          <span className="small text-muted">
            <Kbd keys="Enter" /> / <Kbd keys={SHORTCUTS.confirm} /> {t('hold.confirmKey')} ·{' '}
            <Kbd keys="Esc" /> {t('hold.releaseKey')}
          </span>
        </div>
      </div>
    </section>
  );
}
