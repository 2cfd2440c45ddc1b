import { type FormEvent, useId, useState } from 'react';
import { ErrorAlert, FieldError, fieldError } from '../components/feedback.tsx';
import { Page } from '../components/Page.tsx';
import { type MessageKey, useI18n } from '../i18n/i18n.tsx';
import { formatCalendarDate, formatInstant } from '../lib/format.ts';
import { type Access, type AccessLogQuery, accessLogUrl, useAccessLog } from './api.ts';
import { LegalHoldPanel } from './LegalHoldPanel.tsx';

const OUTCOME: Record<Access['outcome'], MessageKey> = {
  ok: 'privacy.outcome.ok',
  denied: 'privacy.outcome.denied',
  not_found: 'privacy.outcome.not_found',
};
const ACTION: Record<string, MessageKey> = {
  read: 'privacy.action.read',
  search: 'privacy.action.search',
  create: 'privacy.action.create',
  update: 'privacy.action.update',
  delete: 'privacy.action.delete',
};

/**
 * Issue 8 §14, the region's privacy officer: every access to one patient's data — who, when, what,
 * why, from which channel and address, and whether it was refused — for a period of Rome calendar
 * days, exportable as CSV. Each search is itself recorded in the audit trail.
 */
export function AccessLogPage() {
  const { t, lang } = useI18n();
  const id = useId();
  const [fiscalCode, setFiscalCode] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [query, setQuery] = useState<AccessLogQuery | null>(null);
  const log = useAccessLog(query);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setQuery({
      fiscalCode: fiscalCode.trim().toUpperCase(),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
    });
  };
  const err = (field: string) => fieldError(log.error, field);
  const dateInput = (field: 'from' | 'to', label: MessageKey, value: string, set: (v: string) => void) => (
    <div className="col-6 col-md-3">
      <label htmlFor={`${id}-${field}`} className="form-label fw-semibold">
        {t(label)}
      </label>
      <input
        id={`${id}-${field}`}
        type="date"
        className={`form-control${err(field) ? ' is-invalid' : ''}`}
        value={value}
        aria-invalid={err(field) ? true : undefined}
        aria-describedby={err(field) ? `${id}-${field}-error` : undefined}
        onChange={(e) => set(e.target.value)}
      />
      <FieldError id={`${id}-${field}-error`} error={err(field)} />
    </div>
  );

  const data = log.data;
  return (
    <Page title={t('privacy.title')}>
      <p>{t('privacy.intro')}</p>
      <form aria-label={t('privacy.form')} className="row g-3 align-items-end mb-4" onSubmit={submit}>
        <div className="col-12 col-md-4">
          <label htmlFor={`${id}-fiscalCode`} className="form-label fw-semibold">
            {t('privacy.fiscalCode')}
          </label>
          <input
            id={`${id}-fiscalCode`}
            className={`form-control${err('fiscalCode') ? ' is-invalid' : ''}`}
            value={fiscalCode}
            required
            autoComplete="off"
            spellCheck={false}
            aria-invalid={err('fiscalCode') ? true : undefined}
            aria-describedby={err('fiscalCode') ? `${id}-fiscalCode-error` : undefined}
            onChange={(e) => setFiscalCode(e.target.value)}
          />
          <FieldError id={`${id}-fiscalCode-error`} error={err('fiscalCode')} />
        </div>
        {dateInput('from', 'privacy.from', from, setFrom)}
        {dateInput('to', 'privacy.to', to, setTo)}
        <div className="col-12 col-md-2">
          <button type="submit" className="btn btn-primary w-100" disabled={log.isFetching}>
            {log.isFetching ? t('common.searching') : t('privacy.search')}
          </button>
        </div>
      </form>
      {log.error && !err('fiscalCode') && !err('from') && !err('to') ? (
        <ErrorAlert error={log.error} />
      ) : null}
      {data && (
        <section aria-labelledby={`${id}-result`}>
          <div className="d-flex flex-wrap align-items-center justify-content-between gap-2 mb-2">
            <h2 id={`${id}-result`} className="h4 mb-0" aria-live="polite">
              {t('privacy.result', {
                n: data.accesses.length,
                who: data.patient
                  ? `${data.patient.givenName} ${data.patient.familyName} (${data.fiscalCode})`
                  : `${data.fiscalCode} — ${t('privacy.unregistered')}`,
                from: formatCalendarDate(data.from, lang),
                to: formatCalendarDate(data.to, lang),
              })}
            </h2>
            <a className="btn btn-outline-primary btn-sm" href={accessLogUrl(query!, 'csv')} download>
              {t('privacy.export')}
            </a>
          </div>
          {data.truncated && (
            <div className="alert alert-warning" role="alert">
              {t('privacy.truncated')}
            </div>
          )}
          {data.accesses.length === 0 ? (
            <p>{t('privacy.none')}</p>
          ) : (
            <div className="table-responsive">
              <table className="table table-sm align-middle">
                <caption className="visually-hidden">{t('privacy.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('privacy.col.at')}</th>
                    <th scope="col">{t('privacy.col.who')}</th>
                    <th scope="col">{t('privacy.col.what')}</th>
                    <th scope="col">{t('privacy.col.why')}</th>
                    <th scope="col">{t('privacy.col.channel')}</th>
                    <th scope="col">{t('privacy.col.outcome')}</th>
                    <th scope="col">{t('privacy.col.address')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.accesses.map((a) => (
                    <tr
                      key={`${a.at}-${a.requestId}-${a.resourceType}-${a.resourceId}`}
                      data-access={a.outcome}
                    >
                      <td className="text-nowrap">{formatInstant(a.at, lang)}</td>
                      <td>
                        {a.actor
                          ? (a.actor.displayName ?? a.actor.username ?? a.actor.id)
                          : t('privacy.system')}
                        {a.roles && <div className="small text-muted">{a.roles}</div>}
                      </td>
                      <td>
                        {ACTION[a.action] ? t(ACTION[a.action]!) : a.action} · {a.resourceType}
                      </td>
                      <td>
                        {a.purpose}
                        {a.statedPurpose && (
                          <div className="small text-muted">
                            {t('privacy.stated')}: {a.statedPurpose}
                          </div>
                        )}
                      </td>
                      <td>{a.channel ?? '—'}</td>
                      <td>
                        <span className={`badge ${a.outcome === 'ok' ? 'bg-success' : 'bg-danger'}`}>
                          {t(OUTCOME[a.outcome])}
                        </span>
                      </td>
                      <td>{a.clientAddress ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
      <LegalHoldPanel />
    </Page>
  );
}
