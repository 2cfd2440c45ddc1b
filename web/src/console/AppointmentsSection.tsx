import { useMutation } from '@tanstack/react-query';
import { type FormEvent, type RefObject, useEffect, useId, useRef, useState } from 'react';
import { ErrorAlert, FieldError, fieldError, useAnnounce } from '../components/feedback.tsx';
import { Kbd } from '../components/Kbd.tsx';
import { type MessageKey, translator, useI18n } from '../i18n/i18n.tsx';
import { api } from '../lib/api.ts';
import { formatDateTime, romeToday } from '../lib/format.ts';
import {
  useInvalidateBookings,
  usePatient,
  usePatientAppointments,
  usePaymentNotices,
} from '../lib/queries.ts';
import { SHORTCUTS, submitOnEnter } from '../lib/shortcuts.ts';
import type { Appointment, AppointmentStatus, Patient } from '../lib/types.ts';
import { PaymentCell, type StaffNotice } from './PaymentCell.tsx';
import { PromemoriaActions } from './PromemoriaActions.tsx';

const STATUS: Record<AppointmentStatus, { label: MessageKey; badge: string }> = {
  booked: { label: 'status.booked', badge: 'bg-primary' },
  checked_in: { label: 'status.checked_in', badge: 'bg-info text-dark' },
  completed: { label: 'status.completed', badge: 'bg-success' },
  cancelled: { label: 'status.cancelled', badge: 'bg-secondary' },
  no_show: { label: 'status.no_show', badge: 'bg-danger' },
};

const REASONS: MessageKey[] = ['cancel.reasonPatient', 'cancel.reasonUnable', 'cancel.reasonNotNeeded'];
const OTHER = 'other';
// The reason is kept for the region's records (BK-5): always in Italian, whatever the UI language.
const recordIt = translator('it');

/** Booked and its day (Rome) has come: the desk may mark the patient present; once started, absent. */
export function markable(a: Appointment, now = Date.now()): { present: boolean; absent: boolean } {
  const booked = a.status === 'booked';
  return {
    present: booked && romeToday(new Date(a.start)) <= romeToday(new Date(now)),
    absent: booked && Date.parse(a.start) <= now,
  };
}

/** Booked and still in the future: the only appointments an operator may cancel or move. */
export function isChangeable(a: Appointment, now = Date.now()): boolean {
  return a.status === 'booked' && Date.parse(a.start) > now;
}

export function AppointmentsSection({
  fiscalCode,
  headingRef,
  onMove,
}: {
  fiscalCode: string;
  headingRef: RefObject<HTMLHeadingElement | null>;
  onMove: (a: Appointment) => void;
}) {
  const { t, lang } = useI18n();
  const id = useId();
  const query = usePatientAppointments(fiscalCode);
  const patient = usePatient(fiscalCode).data ?? null;
  const payments = usePaymentNotices(fiscalCode);
  // Newest first: the first notice met is the appointment's latest (a voided one stays for the record).
  const notices = new Map<string, StaffNotice>();
  for (const n of payments.data?.items ?? [])
    if (!notices.has(n.appointmentId)) notices.set(n.appointmentId, n);
  const [cancelling, setCancelling] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const items = query.data?.items ?? [];
  const rowButtons = useRef(new Map<string, HTMLButtonElement>());

  return (
    <section aria-labelledby={`${id}-title`} className="console-section" data-testid="appointments">
      <h2 id={`${id}-title`} ref={headingRef} tabIndex={-1} className="h4">
        {t('appointments.title')} <Kbd keys={SHORTCUTS.appointments} />
      </h2>
      <ErrorAlert error={query.error} />
      {done && (
        <div className="alert alert-success" role="status">
          {done}
        </div>
      )}
      {query.isPending ? (
        <p role="status">{t('common.loading')}</p>
      ) : items.length === 0 ? (
        <p>{t('appointments.none')}</p>
      ) : (
        <div className="table-responsive">
          <table className="table table-sm align-middle">
            <caption className="visually-hidden">{t('appointments.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('appointments.code')}</th>
                <th scope="col">{t('appointments.service')}</th>
                <th scope="col">{t('appointments.when')}</th>
                <th scope="col">{t('appointments.where')}</th>
                <th scope="col">{t('appointments.status')}</th>
                <th scope="col">{t('appointments.payment')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((a) => (
                <AppointmentRow
                  key={a.id}
                  appointment={a}
                  patient={patient}
                  notice={notices.get(a.id)}
                  paymentsEnabled={payments.data?.enabled ?? false}
                  lang={lang}
                  cancelling={cancelling === a.id}
                  onCancel={() => {
                    setDone(null);
                    setCancelling(a.id);
                  }}
                  onMove={() => onMove(a)}
                  onCancelDone={(message) => {
                    setCancelling(null);
                    if (message) setDone(message);
                    requestAnimationFrame(() => {
                      if (message) headingRef.current?.focus();
                      else rowButtons.current.get(a.id)?.focus();
                    });
                  }}
                  registerCancelButton={(el) => {
                    if (el) rowButtons.current.set(a.id, el);
                    else rowButtons.current.delete(a.id);
                  }}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function AppointmentRow({
  appointment: a,
  patient,
  notice,
  paymentsEnabled,
  lang,
  cancelling,
  onCancel,
  onMove,
  onCancelDone,
  registerCancelButton,
}: {
  appointment: Appointment;
  patient: Patient | null;
  notice: StaffNotice | undefined;
  paymentsEnabled: boolean;
  lang: 'it' | 'en';
  cancelling: boolean;
  onCancel: () => void;
  onMove: () => void;
  /** The form closed: with the outcome message, or null when the operator changed their mind. */
  onCancelDone: (message: string | null) => void;
  registerCancelButton: (el: HTMLButtonElement | null) => void;
}) {
  const { t } = useI18n();
  const status = STATUS[a.status];
  const changeable = isChangeable(a);
  const can = markable(a);
  const [promemoria, setPromemoria] = useState(false);
  const announce = useAnnounce();
  const invalidate = useInvalidateBookings();
  const mark = useMutation({
    mutationFn: (what: 'check-in' | 'no-show') => api.mark(a.id, what),
    onSuccess: async (done) => {
      await invalidate();
      announce(t('appointments.marked', { code: done.code, status: t(STATUS[done.status].label) }));
    },
  });
  return (
    <>
      <tr data-code={a.code}>
        <td className="font-monospace fw-semibold text-nowrap">{a.code}</td>
        <td>{a.service.description}</td>
        <td className="text-nowrap">{formatDateTime(a.start, lang)}</td>
        <td>
          {a.facility.name}
          <div className="small text-muted">{a.facility.district}</div>
        </td>
        <td>
          <span className={`badge ${status.badge}`}>{t(status.label)}</span>
        </td>
        <td>
          <PaymentCell appointment={a} notice={notice} enabled={paymentsEnabled} />
        </td>
        {/* The actions wrap rather than scroll out of sight at 1280 px (issue 14 §1). */}
        <td className="text-end appointment-actions">
          {(can.present || can.absent) && (
            <div className="d-inline-flex flex-wrap justify-content-end gap-1 me-1 mb-1">
              {can.present && (
                <button
                  type="button"
                  className="btn btn-sm btn-outline-success"
                  disabled={mark.isPending}
                  onClick={() => mark.mutate('check-in')}
                >
                  {t('appointments.present')} <span className="visually-hidden">{a.code}</span>
                </button>
              )}
              {can.absent && (
                <button
                  type="button"
                  className="btn btn-sm btn-outline-secondary"
                  disabled={mark.isPending}
                  onClick={() => mark.mutate('no-show')}
                >
                  {t('appointments.absent')} <span className="visually-hidden">{a.code}</span>
                </button>
              )}
            </div>
          )}
          {changeable && (
            <div className="d-inline-flex flex-wrap justify-content-end gap-1">
              <button
                type="button"
                className="btn btn-sm btn-outline-secondary"
                aria-expanded={promemoria}
                onClick={() => setPromemoria((v) => !v)}
              >
                {t('appointments.promemoria')} <span className="visually-hidden">{a.code}</span>
              </button>
              <button type="button" className="btn btn-sm btn-outline-primary" onClick={onMove}>
                {t('appointments.move')} <span className="visually-hidden">{a.code}</span>
              </button>
              <button
                ref={registerCancelButton}
                type="button"
                className="btn btn-sm btn-outline-danger"
                onClick={onCancel}
                aria-expanded={cancelling}
              >
                {t('appointments.cancel')} <span className="visually-hidden">{a.code}</span>
              </button>
            </div>
          )}
        </td>
      </tr>
      {mark.error && (
        <tr>
          <td colSpan={7}>
            <ErrorAlert error={mark.error} className="mb-0" />
          </td>
        </tr>
      )}
      {promemoria && changeable && (
        <tr>
          <td colSpan={7}>
            <PromemoriaActions appointment={a} patient={patient} />
          </td>
        </tr>
      )}
      {cancelling && (
        <tr>
          <td colSpan={7}>
            <CancelForm appointment={a} onDone={onCancelDone} />
          </td>
        </tr>
      )}
    </>
  );
}

function CancelForm({
  appointment: a,
  onDone,
}: {
  appointment: Appointment;
  onDone: (message: string | null) => void;
}) {
  const { t, lang } = useI18n();
  const id = useId();
  const announce = useAnnounce();
  const invalidate = useInvalidateBookings();
  const [choice, setChoice] = useState<string>(REASONS[0]!);
  const [other, setOther] = useState('');
  const select = useRef<HTMLSelectElement>(null);
  const cancel = useMutation({
    mutationFn: (reason: string) => api.cancel(a.id, reason),
    onSuccess: async (cancelled) => {
      await invalidate();
      const message = t('cancel.done', { code: cancelled.code });
      announce(message);
      onDone(message);
    },
  });
  useEffect(() => select.current?.focus(), []);

  const reasonError = fieldError(cancel.error, 'reason') ? cancel.error : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (cancel.isPending) return;
    const reason = choice === OTHER ? other.trim() : recordIt(choice as MessageKey);
    cancel.mutate(reason);
  };

  return (
    <form
      onSubmit={submit}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onDone(null);
      }}
      noValidate
      aria-labelledby={`${id}-title`}
      className="cancel-form p-3 border rounded"
    >
      <h3 id={`${id}-title`} className="h6">
        {t('cancel.title', { code: a.code, when: formatDateTime(a.start, lang) })}
      </h3>
      <div className="row g-2 align-items-end">
        <div className="col-md-5">
          <label htmlFor={`${id}-reason`} className="form-label small fw-semibold">
            {t('cancel.reason')}
          </label>
          <select
            onKeyDown={submitOnEnter}
            id={`${id}-reason`}
            ref={select}
            className="form-select form-select-sm"
            value={choice}
            onChange={(e) => setChoice(e.target.value)}
          >
            {REASONS.map((r) => (
              <option key={r} value={r}>
                {t(r)}
              </option>
            ))}
            <option value={OTHER}>{t('cancel.reasonOther')}</option>
          </select>
        </div>
        {choice === OTHER && (
          <div className="col-md-4">
            <label htmlFor={`${id}-other`} className="form-label small fw-semibold">
              {t('cancel.otherText')}
            </label>
            <input
              id={`${id}-other`}
              className={`form-control form-control-sm ${reasonError ? 'is-invalid' : ''}`}
              value={other}
              maxLength={500}
              onChange={(e) => setOther(e.target.value)}
              aria-invalid={reasonError ? true : undefined}
              aria-describedby={reasonError ? `${id}-other-error` : undefined}
            />
          </div>
        )}
        <div className="col-md-3 d-flex gap-2">
          <button type="submit" className="btn btn-sm btn-danger" disabled={cancel.isPending}>
            {t('cancel.submit')}
          </button>
          <button type="button" className="btn btn-sm btn-outline-secondary" onClick={() => onDone(null)}>
            {t('common.back')}
          </button>
        </div>
      </div>
      <FieldError id={`${id}-other-error`} error={reasonError} />
      {!reasonError && <ErrorAlert error={cancel.error} className="mt-2 mb-0" />}
    </form>
  );
}
