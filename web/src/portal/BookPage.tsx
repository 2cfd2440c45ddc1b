import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { ErrorAlert, type ErrorMessages, fieldError, useAnnounce } from '../components/feedback.tsx';
import { Page } from '../components/Page.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { useCountdown } from '../lib/countdown.ts';
import { formatCountdown, formatEuro, formatLongDate, formatTime } from '../lib/format.ts';
import {
  type PortalBooking,
  type PortalHold,
  type PortalPrescription,
  type PortalSlot,
  portal,
} from './api.ts';
import { BookingDetail } from './BookingDetail.tsx';
import { CodeField } from './CodeField.tsx';
import { Rating } from './Rating.tsx';
import { SlotPicker } from './SlotPicker.tsx';

type Step = 'prescription' | 'slot' | 'details' | 'summary' | 'done';
const STEPS: Step[] = ['prescription', 'slot', 'details', 'summary', 'done'];

export const ACCESS_ERRORS: ErrorMessages = {
  NOT_FOUND: 'portal.error.noMatch',
  RATE_LIMITED: 'portal.error.tooMany',
};
const BOOK_ERRORS: ErrorMessages = {
  CONFLICT: 'portal.error.holdGone',
  SLOT_TAKEN: 'portal.error.slotTaken',
};

/**
 * Booking without login (issue 13 §1), as Designers Italia's booking model: a stepper from the
 * prescription to the confirmation, the held place counting down, a text summary before confirming.
 */
export function BookPage() {
  const { t, lang } = useI18n();
  const id = useId();
  const announce = useAnnounce();
  const qc = useQueryClient();
  const [step, setStep] = useState<Step>('prescription');
  const [prescription, setPrescription] = useState<PortalPrescription | null>(null);
  const [itemIndex, setItemIndex] = useState<number | null>(null);
  const [slot, setSlot] = useState<PortalSlot | null>(null);
  const [hold, setHold] = useState<{ hold: PortalHold; deadline: number } | null>(null);
  const [contacts, setContacts] = useState({ phone: '', email: '', sms: true, mail: false });
  const [booking, setBooking] = useState<PortalBooking | null>(null);
  const [protection, setProtection] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const left = useCountdown(hold?.deadline ?? null);

  useEffect(() => {
    if (step !== 'prescription') heading.current?.focus();
  }, [step]);

  const enter = useMutation({
    mutationFn: (v: { fiscalCode: string; nre: string }) => portal.enterPrescription(v.fiscalCode, v.nre),
    onSuccess: (p) => {
      setPrescription(p);
      const open = p.items.filter((i) => i.state === 'open');
      setItemIndex(open.length === 1 ? open[0]!.index : null);
      setStep('slot');
    },
  });
  const place = useMutation({
    mutationFn: (s: PortalSlot) => portal.hold(s.slotId, itemIndex!),
    onSuccess: (h, s) => {
      setSlot(s);
      setHold({
        hold: h,
        deadline: Date.parse(h.expiresAt) - Date.parse(new Date().toISOString()) + Date.now(),
      });
      setStep('details');
      announce(t('portal.hold.placed'));
    },
    // Taken meanwhile: the list is asked again (the server's few-second cache may still show it once).
    onError: () => void qc.invalidateQueries({ queryKey: ['portal', 'slots'] }),
  });
  const book = useMutation({
    mutationFn: () =>
      portal.book({
        holdId: hold!.hold.id,
        itemIndex: itemIndex!,
        phone: contacts.phone || null,
        email: contacts.email || null,
        consents: {
          contactByPhone: contacts.sms && !!contacts.phone,
          contactByEmail: contacts.mail && !!contacts.email,
        },
      }),
    onSuccess: (b) => {
      setBooking(b);
      setHold(null);
      setStep('done');
    },
  });
  const ask = useMutation({
    mutationFn: () => portal.protection(itemIndex!),
    onSuccess: (r) => setProtection(r.caseId),
  });

  const item = prescription?.items.find((i) => i.index === itemIndex) ?? null;
  const expired = hold !== null && left === 0;
  const chooseAgain = () => {
    if (hold && !expired) void portal.release(hold.hold.id).catch(() => {});
    setHold(null);
    setSlot(null);
    book.reset();
    setStep('slot');
  };

  return (
    <Page title={t('portal.book.title')} focusHeading={step === 'prescription'}>
      <ol className="portal-steps" aria-label={t('portal.steps')}>
        {STEPS.map((s, i) => (
          <li
            key={s}
            className={STEPS.indexOf(step) > i ? 'done' : ''}
            aria-current={s === step ? 'step' : undefined}
          >
            <span className="portal-step-name">{t(`portal.step.${s}` as 'portal.step.slot')}</span>
          </li>
        ))}
      </ol>

      {step === 'prescription' && (
        <AccessForm
          codeLabel={t('portal.form.nre')}
          codeHint={t('portal.form.nreHint')}
          codeField="nre"
          submit={t('portal.form.continue')}
          pending={enter.isPending}
          error={enter.error}
          onSubmit={(fiscalCode, nre) => enter.mutate({ fiscalCode, nre })}
        />
      )}

      {step === 'slot' && prescription && (
        <>
          <h2 ref={heading} tabIndex={-1} className="h3">
            {t('portal.step.slot')}
          </h2>
          <p>
            {t('portal.book.prescription', {
              priority: t(`portal.priority.${prescription.priority}` as 'portal.priority.D'),
              ticket:
                prescription.copayCents === 0
                  ? t('portal.detail.exempt')
                  : formatEuro(prescription.copayCents),
            })}
          </p>
          <fieldset className="mb-3">
            <legend className="h5">{t('portal.book.items')}</legend>
            {prescription.items.map((i) => (
              <div className="form-check" key={i.index}>
                <input
                  className="form-check-input"
                  type="radio"
                  name={`${id}-item`}
                  id={`${id}-item-${i.index}`}
                  checked={itemIndex === i.index}
                  disabled={i.state === 'booked'}
                  onChange={() => setItemIndex(i.index)}
                />
                <label className="form-check-label" htmlFor={`${id}-item-${i.index}`}>
                  {i.description}
                  {i.state === 'booked' && ` — ${t('portal.book.itemBooked')}`}
                </label>
              </div>
            ))}
          </fieldset>
          {protection ? (
            <div className="alert alert-success" role="status">
              {t('portal.book.protectionOpened')}
            </div>
          ) : (
            itemIndex !== null && (
              <SlotPicker
                scope={`${prescription.nre}:${itemIndex}`}
                load={(q) => portal.availability({ ...q, itemIndex })}
                priority={prescription.priority}
                choosing={place.isPending}
                onChoose={(s) => place.mutate(s)}
                onNothingWithinGuarantee={() => ask.mutate()}
              />
            )
          )}
          <ErrorAlert error={place.error ?? ask.error} messages={BOOK_ERRORS} />
        </>
      )}

      {(step === 'details' || step === 'summary') && hold && slot && item && (
        <div className={`alert ${expired ? 'alert-danger' : 'alert-info'}`} role="status" aria-live="off">
          {expired ? t('portal.hold.expired') : t('portal.hold.left', { time: formatCountdown(left) })}
          {expired && (
            <button type="button" className="btn btn-sm btn-outline-primary ms-2" onClick={chooseAgain}>
              {t('portal.hold.chooseAgain')}
            </button>
          )}
        </div>
      )}

      {step === 'details' && slot && item && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setStep('summary');
          }}
        >
          <h2 ref={heading} tabIndex={-1} className="h3">
            {t('portal.step.details')}
          </h2>
          <p>{t('portal.details.why')}</p>
          <div className="form-group">
            <label htmlFor={`${id}-phone`} className="active">
              {t('portal.details.phone')}
            </label>
            <input
              id={`${id}-phone`}
              type="tel"
              className="form-control"
              autoComplete="tel"
              value={contacts.phone}
              onChange={(e) => setContacts((c) => ({ ...c, phone: e.target.value }))}
            />
          </div>
          <div className="form-group">
            <label htmlFor={`${id}-email`} className="active">
              {t('portal.details.email')}
            </label>
            <input
              id={`${id}-email`}
              type="email"
              className="form-control"
              autoComplete="email"
              value={contacts.email}
              onChange={(e) => setContacts((c) => ({ ...c, email: e.target.value }))}
            />
          </div>
          <div className="form-check">
            <input
              id={`${id}-sms`}
              type="checkbox"
              className="form-check-input"
              checked={contacts.sms}
              onChange={(e) => setContacts((c) => ({ ...c, sms: e.target.checked }))}
            />
            <label htmlFor={`${id}-sms`} className="form-check-label">
              {t('portal.details.consentSms')}
            </label>
          </div>
          <div className="form-check mb-3">
            <input
              id={`${id}-mail`}
              type="checkbox"
              className="form-check-input"
              checked={contacts.mail}
              onChange={(e) => setContacts((c) => ({ ...c, mail: e.target.checked }))}
            />
            <label htmlFor={`${id}-mail`} className="form-check-label">
              {t('portal.details.consentMail')}
            </label>
          </div>
          <div className="d-flex flex-wrap gap-2">
            <button type="submit" className="btn btn-primary" disabled={expired}>
              {t('portal.form.continue')}
            </button>
            <button type="button" className="btn btn-outline-secondary" onClick={chooseAgain}>
              {t('portal.back')}
            </button>
          </div>
        </form>
      )}

      {step === 'summary' && slot && item && prescription && (
        <section>
          <h2 ref={heading} tabIndex={-1} className="h3">
            {t('portal.step.summary')}
          </h2>
          <p data-testid="summary">
            {t('portal.summary.text', {
              service: item.description,
              day: formatLongDate(slot.start, lang),
              time: formatTime(slot.start, lang),
              place: `${slot.facility.name}, ${slot.facility.address}`,
              ticket: item.exempt ? t('portal.detail.exempt') : formatEuro(item.tariffCents * item.quantity),
            })}{' '}
            {contacts.phone || contacts.email
              ? t('portal.summary.contacts', {
                  contacts: [contacts.phone, contacts.email].filter(Boolean).join(', '),
                })
              : t('portal.summary.noContacts')}
          </p>
          <div className="d-flex flex-wrap gap-2">
            <button
              type="button"
              className="btn btn-primary"
              onClick={() => book.mutate()}
              disabled={book.isPending || expired}
            >
              {t('portal.summary.confirm')}
            </button>
            <button type="button" className="btn btn-outline-secondary" onClick={() => setStep('details')}>
              {t('portal.back')}
            </button>
          </div>
          <ErrorAlert error={book.error} messages={BOOK_ERRORS} className="mt-3" />
        </section>
      )}

      {step === 'done' && booking && (
        <section>
          <h2 ref={heading} tabIndex={-1} className="h3">
            {t('portal.done.title')}
          </h2>
          <div className="alert alert-success" role="status">
            {t('portal.done.text')}
          </div>
          <BookingDetail booking={booking} manage={false} onChange={setBooking} />
          <Rating service="booking" />
        </section>
      )}
    </Page>
  );
}

/** Fiscal code with a second code (NRE or booking code): the portal's identification without login. */
export function AccessForm({
  codeLabel,
  codeHint,
  codeField,
  submit,
  pending,
  error,
  onSubmit,
  initialCode = '',
}: {
  codeLabel: string;
  codeHint: string;
  codeField: string;
  submit: string;
  pending: boolean;
  error: unknown;
  onSubmit: (fiscalCode: string, code: string) => void;
  initialCode?: string;
}) {
  const { t } = useI18n();
  const id = useId();
  const [fiscalCode, setFiscalCode] = useState('');
  const [code, setCode] = useState(initialCode);
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(fiscalCode.trim(), code.trim());
      }}
    >
      <CodeField
        id={`${id}-cf`}
        label={t('portal.form.fiscalCode')}
        hint={t('portal.form.fiscalCodeHint')}
        value={fiscalCode}
        onChange={setFiscalCode}
        maxLength={16}
        error={fieldError(error, 'fiscalCode')}
      />
      <CodeField
        id={`${id}-code`}
        label={codeLabel}
        hint={codeHint}
        value={code}
        onChange={setCode}
        maxLength={20}
        error={fieldError(error, codeField)}
      />
      <ErrorAlert
        error={fieldError(error, 'fiscalCode', codeField) ? null : error}
        messages={ACCESS_ERRORS}
      />
      <button
        type="submit"
        className="btn btn-primary"
        disabled={pending || !fiscalCode.trim() || !code.trim()}
      >
        {submit}
      </button>
    </form>
  );
}
