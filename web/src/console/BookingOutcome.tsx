import { useEffect, useId, useRef } from 'react';
import { useAnnounce } from '../components/feedback.tsx';
import { Kbd } from '../components/Kbd.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { formatDateTime, formatEuro } from '../lib/format.ts';
import { SHORTCUTS } from '../lib/shortcuts.ts';
import type { Appointment, Patient } from '../lib/types.ts';
import { PromemoriaActions } from './PromemoriaActions.tsx';

/** Splits the booking code into groups so that it is read out, and heard, one group at a time. */
export function spokenCode(code: string): string {
  return code.split('-').join(' – ');
}

/**
 * What the operator reads out after a booking or a move: the booking code and the co-payment, big;
 * then when and where. The heading takes the focus so a screen reader starts here.
 */
export function BookingOutcome({
  appointment,
  kind,
  patient = null,
  onNextItem,
  onNewCall,
}: {
  appointment: Appointment;
  /** The patient booked for: their contacts decide how the promemoria can be sent. */
  patient?: Patient | null;
  kind: 'booked' | 'moved';
  /** Offered when the prescription still has items to book. */
  onNextItem?: (() => void) | undefined;
  onNewCall: () => void;
}) {
  const { t, lang } = useI18n();
  const announce = useAnnounce();
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    heading.current?.focus();
    announce(
      t(kind === 'booked' ? 'outcome.announceBooked' : 'outcome.announceMoved', {
        code: spokenCode(appointment.code),
        copay: formatEuro(appointment.copayCents),
        when: formatDateTime(appointment.start, lang),
      }),
    );
  }, [appointment, kind, announce, t, lang]);

  return (
    <section
      aria-labelledby={`${id}-title`}
      className="console-section outcome card border-success"
      data-testid="booking-outcome"
    >
      <div className="card-body">
        <h2 id={`${id}-title`} ref={heading} tabIndex={-1} className="h3 text-success">
          {kind === 'booked' ? t('outcome.booked') : t('outcome.moved')}
        </h2>
        <div className="row g-3 my-2">
          <div className="col-md-7">
            <p className="outcome-label mb-0">{t('outcome.code')}</p>
            <p className="booking-code mb-0" data-testid="booking-code">
              {appointment.code}
            </p>
          </div>
          <div className="col-md-5">
            <p className="outcome-label mb-0">{t('outcome.copay')}</p>
            <p className="copay-amount mb-0" data-testid="booking-copay">
              {formatEuro(appointment.copayCents)}
            </p>
            {appointment.ticket ? (
              <p className="small mb-0" data-testid="booking-ticket">
                {appointment.ticket.prescriptionCents === 0
                  ? t('outcome.exempt')
                  : t('outcome.ticket', {
                      total: formatEuro(appointment.ticket.prescriptionCents),
                      remaining: formatEuro(appointment.ticket.remainingCents),
                    })}
              </p>
            ) : (
              appointment.copayCents === 0 && <p className="small mb-0">{t('outcome.exempt')}</p>
            )}
          </div>
        </div>
        <dl className="row mb-3">
          <dt className="col-sm-3">{t('outcome.service')}</dt>
          <dd className="col-sm-9">{appointment.service.description}</dd>
          <dt className="col-sm-3">{t('outcome.when')}</dt>
          <dd className="col-sm-9 fw-semibold">{formatDateTime(appointment.start, lang)}</dd>
          <dt className="col-sm-3">{t('outcome.where')}</dt>
          <dd className="col-sm-9">
            {appointment.facility.name} — {appointment.unitName}
            <span className="d-block small">{appointment.facility.address}</span>
          </dd>
        </dl>
        <div className="mb-3">
          <PromemoriaActions appointment={appointment} patient={patient} />
        </div>
        <div className="d-flex flex-wrap gap-2 align-items-center">
          {onNextItem && (
            <button type="button" className="btn btn-primary" onClick={onNextItem}>
              {t('outcome.nextItem')}
            </button>
          )}
          <button type="button" className="btn btn-outline-primary" onClick={onNewCall}>
            {t('outcome.newCall')} <Kbd keys={SHORTCUTS.newCall} />
          </button>
        </div>
      </div>
    </section>
  );
}
