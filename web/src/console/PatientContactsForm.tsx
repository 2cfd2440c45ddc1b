import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { ErrorAlert, FieldError, fieldError, useAnnounce } from '../components/feedback.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { api } from '../lib/api.ts';
import { formatPhone } from '../lib/phone.ts';
import { keys } from '../lib/queries.ts';
import type { Patient } from '../lib/types.ts';

/**
 * The patient's phone and e-mail, updated during the call with the consents the patient gives on it
 * (issue 14 §8, BK-7). The server validates and audits; an empty field clears the contact.
 */
export function PatientContactsForm({ patient, onDone }: { patient: Patient; onDone: () => void }) {
  const { t } = useI18n();
  const announce = useAnnounce();
  const id = useId();
  const qc = useQueryClient();
  const first = useRef<HTMLInputElement>(null);
  const [phone, setPhone] = useState(patient.phone ? formatPhone(patient.phone) : '');
  const [email, setEmail] = useState(patient.email ?? '');
  // A consent never asked is not a refusal (the reminders treat it as given); a refusal is kept as one.
  const [byPhone, setByPhone] = useState(patient.consents.contactByPhone !== false);
  const [byEmail, setByEmail] = useState(patient.consents.contactByEmail !== false);
  const save = useMutation({
    mutationFn: () =>
      api.updateContacts(patient.fiscalCode, {
        phone: phone.trim() || null,
        email: email.trim() || null,
        consents: { contactByPhone: byPhone, contactByEmail: byEmail },
      }),
    onSuccess: (p) => {
      qc.setQueryData(keys.patient(p.fiscalCode), p);
      announce(t('patientContacts.saved', { name: `${p.givenName} ${p.familyName}` }));
      onDone();
    },
  });
  useEffect(() => first.current?.focus(), []);
  const bad = fieldError(save.error, 'phone', 'email');
  useEffect(() => {
    if (bad?.field) document.getElementById(`${id}-${bad.field}`)?.focus();
  }, [bad, id]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!save.isPending) save.mutate();
  };
  const field = (name: 'phone' | 'email', label: string, value: string, set: (v: string) => void) => {
    const err = bad?.field === name ? bad : null;
    return (
      <div className="mb-2">
        <label htmlFor={`${id}-${name}`} className="form-label fw-semibold mb-0">
          {label}
        </label>
        <input
          id={`${id}-${name}`}
          ref={name === 'phone' ? first : undefined}
          name={name}
          type={name === 'phone' ? 'tel' : 'email'}
          className={`form-control form-control-sm ${err ? 'is-invalid' : ''}`}
          value={value}
          onChange={(e) => set(e.target.value)}
          autoComplete="off"
          aria-invalid={err ? true : undefined}
          aria-describedby={`${id}-clear${err ? ` ${id}-${name}-error` : ''}`}
        />
        <FieldError id={`${id}-${name}-error`} error={err} />
      </div>
    );
  };
  const check = (name: string, label: string, value: boolean, set: (v: boolean) => void) => (
    <div className="form-check mb-1">
      <input
        id={`${id}-${name}`}
        type="checkbox"
        className="form-check-input"
        checked={value}
        onChange={(e) => set(e.target.checked)}
      />
      <label htmlFor={`${id}-${name}`} className="form-check-label small">
        {label}
      </label>
    </div>
  );

  return (
    <form
      onSubmit={submit}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onDone();
      }}
      noValidate
      aria-labelledby={`${id}-title`}
      className="border rounded p-2 mt-2"
      data-testid="patient-contacts-form"
    >
      <h3 id={`${id}-title`} className="h6">
        {t('patientContacts.title')}
      </h3>
      {field('phone', t('patientContacts.phone'), phone, setPhone)}
      {field('email', t('patientContacts.email'), email, setEmail)}
      <p id={`${id}-clear`} className="form-text mt-0 mb-2">
        {t('patientContacts.clearHint')}
      </p>
      <fieldset aria-describedby={`${id}-consent-hint`}>
        <legend className="visually-hidden">{t('patientContacts.title')}</legend>
        {check('consent-phone', t('patientContacts.consentPhone'), byPhone, setByPhone)}
        {check('consent-email', t('patientContacts.consentEmail'), byEmail, setByEmail)}
        <p id={`${id}-consent-hint`} className="form-text mt-0">
          {t('patientContacts.consentHint')}
        </p>
      </fieldset>
      {!bad && <ErrorAlert error={save.error} />}
      <div className="d-flex gap-2">
        <button type="submit" className="btn btn-sm btn-primary" disabled={save.isPending}>
          {save.isPending ? t('common.saving') : t('patientContacts.save')}
        </button>
        <button type="button" className="btn btn-sm btn-outline-secondary" onClick={onDone}>
          {t('common.cancel')} <span className="visually-hidden">(Esc)</span>
        </button>
      </div>
    </form>
  );
}
