import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { ErrorAlert, FieldError, fieldError } from '../components/feedback.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { useRegisterPatient } from '../lib/queries.ts';
import type { Patient } from '../lib/types.ts';

const FIELDS = ['givenName', 'familyName', 'phone', 'email'] as const;
type Field = (typeof FIELDS)[number];

/**
 * Registers a caller who is not in the regional registry (BK-7). Birth date and sex come from the
 * codice fiscale on the server; the operator asks only for names and contacts.
 */
export function RegisterPatientForm({
  fiscalCode,
  onRegistered,
  onCancel,
}: {
  fiscalCode: string;
  onRegistered: (p: Patient) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const register = useRegisterPatient();
  const first = useRef<HTMLInputElement>(null);
  const [values, setValues] = useState<Record<Field, string>>({
    givenName: '',
    familyName: '',
    phone: '',
    email: '',
  });

  useEffect(() => first.current?.focus(), []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (register.isPending) return;
    register.mutate(
      {
        fiscalCode,
        givenName: values.givenName.trim(),
        familyName: values.familyName.trim(),
        phone: values.phone.trim() || null,
        email: values.email.trim() || null,
      },
      { onSuccess: onRegistered },
    );
  };

  const bad = fieldError(register.error, ...FIELDS, 'fiscalCode');
  useEffect(() => {
    if (bad?.field) document.getElementById(`${id}-${bad.field}`)?.focus();
  }, [bad, id]);

  const input = (field: Field, label: string, props: Record<string, unknown> = {}) => {
    const err = bad?.field === field ? bad : null;
    return (
      <div className="mb-3">
        <label htmlFor={`${id}-${field}`} className="form-label fw-semibold">
          {label}
        </label>
        <input
          id={`${id}-${field}`}
          ref={field === 'givenName' ? first : undefined}
          name={field}
          className={`form-control ${err ? 'is-invalid' : ''}`}
          value={values[field]}
          onChange={(e) => setValues((v) => ({ ...v, [field]: e.target.value }))}
          aria-invalid={err ? true : undefined}
          aria-describedby={err ? `${id}-${field}-error` : undefined}
          {...props}
        />
        <FieldError id={`${id}-${field}-error`} error={err} />
      </div>
    );
  };

  return (
    <form
      onSubmit={submit}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onCancel();
      }}
      noValidate
      aria-labelledby={`${id}-title`}
      className="card card-body border p-3"
    >
      <h3 id={`${id}-title`} className="h5">
        {t('register.title')}
      </h3>
      <p className="small">
        {t('register.intro')} <span className="font-monospace">{fiscalCode}</span>
      </p>
      {input('givenName', t('register.givenName'), { required: true, autoComplete: 'off' })}
      {input('familyName', t('register.familyName'), { required: true, autoComplete: 'off' })}
      {input('phone', t('register.phone'), { type: 'tel', autoComplete: 'off' })}
      {input('email', t('register.email'), { type: 'email', autoComplete: 'off' })}
      {bad?.field === 'fiscalCode' && <FieldError id={`${id}-cf-error`} error={bad} />}
      {!bad && <ErrorAlert error={register.error} />}
      <div className="d-flex gap-2">
        <button type="submit" className="btn btn-primary" disabled={register.isPending}>
          {register.isPending ? t('common.saving') : t('register.submit')}
        </button>
        <button type="button" className="btn btn-outline-secondary" onClick={onCancel}>
          {t('common.cancel')} <span className="visually-hidden">(Esc)</span>
        </button>
      </div>
    </form>
  );
}
