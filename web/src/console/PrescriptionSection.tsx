import { type FormEvent, type RefObject, useEffect, useId, useRef, useState } from 'react';
import { ErrorAlert, FieldError, fieldError, useAnnounce } from '../components/feedback.tsx';
import { Kbd } from '../components/Kbd.tsx';
import { type MessageKey, useI18n } from '../i18n/i18n.tsx';
import { formatCalendarDate, formatEuro } from '../lib/format.ts';
import { usePatient, usePrescription } from '../lib/queries.ts';
import { SHORTCUTS } from '../lib/shortcuts.ts';
import type { Prescription, PrescriptionItem, Priority } from '../lib/types.ts';
import { OpenPrescriptions } from './OpenPrescriptions.tsx';

export const PRIORITY_LABEL: Record<Priority, MessageKey> = {
  U: 'priority.U',
  B: 'priority.B',
  D: 'priority.D',
  P: 'priority.P',
};

export const normaliseNre = (s: string) => s.replace(/\s+/g, '').toUpperCase();

/**
 * True when the prescription is not the served patient's (SEC-1, BK-2): booking waits until the operator
 * confirms whom it is for. Nobody served yet (the console started from the NRE) is not a mismatch.
 */
export function isOtherPatients(p: Prescription | null, servedFiscalCode: string | null): boolean {
  return !!p && !!servedFiscalCode && p.fiscalCode.toUpperCase() !== servedFiscalCode.toUpperCase();
}

export function PrescriptionSection({
  nre,
  servedFiscalCode,
  servedRegistered,
  selectedItem,
  onSearch,
  onLoaded,
  onSelectItem,
  onConfirmPatient,
  inputRef,
}: {
  nre: string | null;
  /** The fiscal code of the patient being served, registered or not. */
  servedFiscalCode: string | null;
  servedRegistered: boolean;
  selectedItem: number | null;
  onSearch: (nre: string) => void;
  /** A prescription the user asked for has arrived. */
  onLoaded: (p: Prescription) => void;
  onSelectItem: (p: Prescription, item: PrescriptionItem) => void;
  /** The operator confirms the booking is for the prescription's patient, who is served from now on. */
  onConfirmPatient: (p: Prescription, name: string) => void;
  inputRef: RefObject<HTMLInputElement | null>;
}) {
  const { t, lang } = useI18n();
  const announce = useAnnounce();
  const id = useId();
  const [value, setValue] = useState(nre ?? '');
  const [empty, setEmpty] = useState(false);
  const query = usePrescription(nre);
  const p = query.data ?? null;
  const error = fieldError(query.error, 'nre') ? query.error : null;
  const otherError = query.error && !error ? query.error : null;
  const pending = useRef(false);
  const mismatch = isOtherPatients(p, servedFiscalCode);
  // Whose prescription it is, always shown: the same cached read as the patient card when it is theirs.
  const owner = usePatient(p?.fiscalCode ?? null).data ?? null;
  const ownerName = owner ? `${owner.givenName} ${owner.familyName}` : (p?.fiscalCode ?? '');

  useEffect(() => setValue(nre ?? ''), [nre]);

  useEffect(() => {
    if (!pending.current || query.isFetching) return;
    pending.current = false;
    if (p) {
      announce(
        t('prescription.loaded', {
          nre: p.nre,
          items: p.items.length,
          priority: t(PRIORITY_LABEL[p.priority]),
        }),
      );
      onLoaded(p);
    } else if (query.error) {
      inputRef.current?.focus();
    }
  }, [query.isFetching, p, query.error, announce, t, onLoaded, inputRef]);

  const open = (v: string) => {
    setValue(v);
    setEmpty(v === '');
    if (!v) return;
    pending.current = true;
    onSearch(v);
    if (v === nre) void query.refetch();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    open(normaliseNre(value));
  };
  // The served patient, when the registry knows them (the patient card's cached read).
  const served = usePatient(servedFiscalCode).data ?? null;

  return (
    <section aria-labelledby={`${id}-title`} className="console-section">
      <h2 id={`${id}-title`} className="h4">
        {t('prescription.title')}
      </h2>
      <form onSubmit={submit} noValidate>
        <label htmlFor={`${id}-nre`} className="form-label fw-semibold">
          {t('prescription.nre')} <Kbd keys={SHORTCUTS.prescription} />
        </label>
        <div className="input-group">
          <input
            id={`${id}-nre`}
            ref={inputRef}
            name="nre"
            className={`form-control font-monospace text-uppercase ${error || empty ? 'is-invalid' : ''}`}
            value={value}
            onChange={(e) => setValue(e.target.value)}
            maxLength={20}
            autoComplete="off"
            spellCheck={false}
            aria-invalid={error || empty ? true : undefined}
            aria-describedby={`${id}-hint${error || empty ? ` ${id}-error` : ''}`}
            aria-keyshortcuts={SHORTCUTS.prescription}
          />
          <button type="submit" className="btn btn-primary" disabled={query.isFetching}>
            {query.isFetching ? t('common.searching') : t('prescription.open')}
          </button>
        </div>
        <div id={`${id}-hint`} className="form-text">
          {t('prescription.hint')}
        </div>
        {empty ? (
          <div id={`${id}-error`} className="invalid-feedback d-block" role="alert">
            {t('prescription.required')}
          </div>
        ) : (
          <FieldError id={`${id}-error`} error={error} />
        )}
      </form>
      <ErrorAlert error={otherError} className="mt-2" />

      {p && (
        <div className="card prescription-card mt-3" data-testid="prescription-card">
          <div className="card-body">
            <p className="h5 card-title mb-2">{t('prescription.heading', { nre: p.nre })}</p>
            <dl className="row small mb-2">
              <dt className="col-5">{t('prescription.patient')}</dt>
              <dd className="col-7" data-testid="prescription-patient">
                <span className="fw-semibold">{owner ? ownerName : null}</span>{' '}
                <span className="font-monospace">{p.fiscalCode}</span>
                {!mismatch && servedFiscalCode && (
                  <span className="d-block text-success-emphasis">{t('prescription.samePatient')}</span>
                )}
              </dd>
            </dl>
            {mismatch && servedFiscalCode && (
              <div className="alert alert-warning" data-testid="prescription-mismatch">
                <p className="mb-2" role="alert">
                  {t(servedRegistered ? 'prescription.mismatch' : 'prescription.mismatchUnregistered', {
                    served: servedFiscalCode,
                  })}{' '}
                  {t('prescription.blocked')}
                </p>
                <button
                  type="button"
                  className="btn btn-sm btn-warning"
                  onClick={() => onConfirmPatient(p, ownerName)}
                >
                  {t('prescription.confirmPatient', { name: ownerName })}
                </button>
              </div>
            )}
            <dl className="row small mb-2">
              <dt className="col-5">{t('prescription.priority')}</dt>
              <dd className="col-7">
                <span className={`badge priority-badge priority-${p.priority}`}>{p.priority}</span>{' '}
                {t(PRIORITY_LABEL[p.priority])}
              </dd>
              <dt className="col-5">{t('prescription.access')}</dt>
              <dd className="col-7">
                {p.access === 'first' ? t('prescription.accessFirst') : t('prescription.accessFollowUp')}
              </dd>
              <dt className="col-5">{t('prescription.issuedOn')}</dt>
              <dd className="col-7">{formatCalendarDate(p.issuedOn, lang)}</dd>
              <dt className="col-5">{t('prescription.exemption')}</dt>
              <dd className="col-7" data-testid="prescription-exemption">
                {p.exemptionCode
                  ? p.exemptionDescription
                    ? t('prescription.exemptionWords', {
                        code: p.exemptionCode,
                        description: p.exemptionDescription,
                      })
                    : t('prescription.exemptionCode', { code: p.exemptionCode })
                  : t('prescription.noExemption')}
              </dd>
              <dt className="col-5">{t('prescription.copay')}</dt>
              <dd className="col-7 fw-semibold" data-testid="prescription-copay">
                {formatEuro(p.copayCents)}
              </dd>
            </dl>
            <h3 className="h6">{t('prescription.items')}</h3>
            <ul className="list-unstyled mb-0 prescription-items">
              {p.items.map((item) => {
                const selected = selectedItem === item.index;
                return (
                  <li key={item.index} className={`prescription-item ${selected ? 'selected' : ''}`}>
                    <div>
                      <span className="fw-semibold">
                        {item.index}. {item.service.description}
                      </span>{' '}
                      <span className="text-muted small font-monospace">{item.service.code}</span>
                      {item.quantity > 1 && <span className="small"> × {item.quantity}</span>}
                      <div className="small">
                        {item.state === 'open' ? (
                          <span className="badge bg-primary">{t('prescription.itemOpen')}</span>
                        ) : (
                          <span className="badge bg-success">{t('prescription.itemBooked')}</span>
                        )}{' '}
                        {/* Issue 14 §8: each item's tariff, and whether the exemption covers it. */}
                        <span data-testid={`item-tariff-${item.index}`}>
                          {item.exempt
                            ? t('prescription.itemExempt', {
                                tariff: formatEuro(item.service.tariffCents * item.quantity),
                              })
                            : t('prescription.itemTariff', {
                                tariff: formatEuro(item.service.tariffCents * item.quantity),
                              })}
                        </span>
                      </div>
                    </div>
                    {item.state === 'open' && (
                      <button
                        type="button"
                        className={`btn btn-sm ${selected ? 'btn-primary' : 'btn-outline-primary'}`}
                        aria-pressed={selected}
                        disabled={mismatch}
                        onClick={() => onSelectItem(p, item)}
                      >
                        {t('prescription.findSlots')}
                        <span className="visually-hidden">: {item.service.description}</span>
                      </button>
                    )}
                  </li>
                );
              })}
            </ul>
          </div>
        </div>
      )}
      {served && (
        <OpenPrescriptions fiscalCode={served.fiscalCode} currentNre={p?.nre ?? null} onOpen={open} />
      )}
    </section>
  );
}
