import { type FormEvent, type RefObject, useEffect, useId, useRef, useState } from 'react';
import { ErrorAlert, FieldError, fieldError, useAnnounce } from '../components/feedback.tsx';
import { Kbd } from '../components/Kbd.tsx';
import { PatientContactHistory } from '../contact-centre/ContactHistory.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { isApiError } from '../lib/api.ts';
import { formatCalendarDate } from '../lib/format.ts';
import { formatPhone } from '../lib/phone.ts';
import { usePatient } from '../lib/queries.ts';
import { SHORTCUTS } from '../lib/shortcuts.ts';
import type { Patient } from '../lib/types.ts';
import { PatientContactsForm } from './PatientContactsForm.tsx';
import { PatientDelegations } from './PatientDelegations.tsx';
import { RegisterPatientForm } from './RegisterPatientForm.tsx';

/** Codici fiscali are written in capitals without spaces; the server validates the rest. */
export const normaliseFiscalCode = (s: string) => s.replace(/\s+/g, '').toUpperCase();

export function PatientSection({
  fiscalCode,
  onSearch,
  onFound,
  inputRef,
}: {
  fiscalCode: string | null;
  onSearch: (fiscalCode: string) => void;
  /** The patient is known: found, or just registered. */
  onFound: (patient: Patient) => void;
  inputRef: RefObject<HTMLInputElement | null>;
}) {
  const { t, lang } = useI18n();
  const announce = useAnnounce();
  const id = useId();
  const [value, setValue] = useState(fiscalCode ?? '');
  const [empty, setEmpty] = useState(false);
  const [registering, setRegistering] = useState(false);
  const [editing, setEditing] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const registerButton = useRef<HTMLButtonElement>(null);
  const query = usePatient(fiscalCode);
  const notFound = isApiError(query.error, 'NOT_FOUND');
  const error = fieldError(query.error, 'fiscalCode') && !notFound ? query.error : null;
  const otherError = query.error && !notFound && !error ? query.error : null;
  const patient = query.data ?? null;
  // Outcomes of a search the user made (not of a cached re-render) are announced and move the focus.
  const pending = useRef(false);

  useEffect(() => {
    setValue(fiscalCode ?? '');
    setRegistering(false);
    setEditing(false);
  }, [fiscalCode]);

  useEffect(() => {
    if (!pending.current || query.isFetching) return;
    pending.current = false;
    if (patient) {
      announce(t('patient.found', { name: `${patient.givenName} ${patient.familyName}` }));
      onFound(patient);
    } else if (notFound) {
      announce(t('patient.notFound', { cf: fiscalCode ?? '' }), 'assertive');
      registerButton.current?.focus();
    } else if (error) {
      inputRef.current?.focus();
    }
  }, [query.isFetching, patient, notFound, error, fiscalCode, announce, t, onFound, inputRef]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const cf = normaliseFiscalCode(value);
    setValue(cf);
    setEmpty(cf === '');
    if (!cf) return;
    pending.current = true;
    onSearch(cf);
    if (cf === fiscalCode) void query.refetch();
  };

  const describedBy = [`${id}-hint`, error || empty ? `${id}-error` : null].filter(Boolean).join(' ');

  return (
    <section aria-labelledby={`${id}-title`} className="console-section">
      <h2 id={`${id}-title`} className="h4">
        {t('patient.title')}
      </h2>
      <form onSubmit={submit} noValidate>
        <label htmlFor={`${id}-cf`} className="form-label fw-semibold">
          {t('patient.fiscalCode')} <Kbd keys={SHORTCUTS.patient} />
        </label>
        <div className="input-group">
          <input
            id={`${id}-cf`}
            ref={inputRef}
            name="fiscalCode"
            className={`form-control text-uppercase font-monospace ${error || empty ? 'is-invalid' : ''}`}
            value={value}
            onChange={(e) => setValue(e.target.value)}
            maxLength={20}
            autoComplete="off"
            spellCheck={false}
            autoCapitalize="characters"
            aria-invalid={error || empty ? true : undefined}
            aria-describedby={describedBy}
            aria-keyshortcuts={SHORTCUTS.patient}
          />
          <button type="submit" className="btn btn-primary" disabled={query.isFetching}>
            {query.isFetching ? t('common.searching') : t('patient.search')}
          </button>
        </div>
        <div id={`${id}-hint`} className="form-text">
          {t('patient.hint')}
        </div>
        {empty ? (
          <div id={`${id}-error`} className="invalid-feedback d-block" role="alert">
            {t('patient.required')}
          </div>
        ) : (
          <FieldError id={`${id}-error`} error={error} />
        )}
      </form>

      <ErrorAlert error={otherError} className="mt-2" />

      {patient && (
        <div className="card patient-card mt-3" data-testid="patient-card">
          <div className="card-body">
            <p className="h5 card-title mb-2">
              {patient.givenName} {patient.familyName}
            </p>
            <dl className="row mb-0 small">
              <dt className="col-5">{t('patient.fiscalCode')}</dt>
              <dd className="col-7 font-monospace">{patient.fiscalCode}</dd>
              <dt className="col-5">{t('patient.birthDate')}</dt>
              <dd className="col-7">{formatCalendarDate(patient.birthDate, lang)}</dd>
              <dt className="col-5">{t('patient.phone')}</dt>
              <dd className="col-7" data-testid="patient-phone">
                {patient.phone ? formatPhone(patient.phone) : t('patient.noPhone')}
                {patient.phone && patient.consents.contactByPhone === false && (
                  <span className="badge bg-warning text-dark ms-1">{t('patientContacts.noContact')}</span>
                )}
              </dd>
              {patient.email && (
                <>
                  <dt className="col-5">{t('patient.email')}</dt>
                  <dd className="col-7 text-break" data-testid="patient-email">
                    {patient.email}
                    {patient.consents.contactByEmail === false && (
                      <span className="badge bg-warning text-dark ms-1">
                        {t('patientContacts.noContact')}
                      </span>
                    )}
                  </dd>
                </>
              )}
            </dl>
            {editing ? (
              <PatientContactsForm
                patient={patient}
                onDone={() => {
                  setEditing(false);
                  requestAnimationFrame(() => editButton.current?.focus());
                }}
              />
            ) : (
              <button
                ref={editButton}
                type="button"
                className="btn btn-sm btn-outline-primary mt-2"
                onClick={() => setEditing(true)}
              >
                {t('patientContacts.edit')}
              </button>
            )}
            <PatientContactHistory key={patient.fiscalCode} fiscalCode={patient.fiscalCode} />
            <PatientDelegations key={`d-${patient.fiscalCode}`} fiscalCode={patient.fiscalCode} />
          </div>
        </div>
      )}

      {notFound && fiscalCode && (
        <div className="mt-3">
          <div className="alert alert-info" role="status">
            {t('patient.notFound', { cf: fiscalCode })}
          </div>
          {registering ? (
            <RegisterPatientForm
              fiscalCode={fiscalCode}
              onRegistered={(p) => {
                announce(t('patient.registered', { name: `${p.givenName} ${p.familyName}` }));
                onFound(p);
              }}
              onCancel={() => {
                setRegistering(false);
                requestAnimationFrame(() => registerButton.current?.focus());
              }}
            />
          ) : (
            <button
              ref={registerButton}
              type="button"
              className="btn btn-outline-primary"
              onClick={() => setRegistering(true)}
            >
              {t('patient.register')}
            </button>
          )}
        </div>
      )}
    </section>
  );
}
