import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import {
  ErrorAlert,
  type ErrorMessages,
  FieldError,
  fieldError,
  useAnnounce,
} from '../components/feedback.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { api } from '../lib/api.ts';
import { formatCalendarDate, romeToday } from '../lib/format.ts';

type Delegation = Awaited<ReturnType<typeof api.patientDelegations>>['given'][number];

/** A minor's delegation is a parent's or guardian's declaration; an adult's is not (by the server's check). */
const ROLE_ERRORS: ErrorMessages = { 'INVALID_FIELD:declaredRole': 'deskDelegation.error.role' };

/**
 * At the desk, for who has no SPID: the patient's portal delegations, and one recorded on the signed form
 * once the operator has seen the delegator's identity document. Read only when opened (an audited read).
 */
export function PatientDelegations({ fiscalCode }: { fiscalCode: string }) {
  const { t, lang } = useI18n();
  const [open, setOpen] = useState(false);
  const key = ['patient-delegations', fiscalCode];
  const client = useQueryClient();
  const announce = useAnnounce();
  const list = useQuery({
    queryKey: key,
    queryFn: () => api.patientDelegations(fiscalCode),
    enabled: open,
    staleTime: 0,
  });
  const revoke = useMutation({
    mutationFn: (d: Delegation) => api.revokeDelegation(fiscalCode, d.id),
    onSuccess: () => {
      announce(t('deskDelegation.revoked'));
      return client.invalidateQueries({ queryKey: key });
    },
  });
  const until = (d: Delegation) =>
    d.validUntil
      ? t('portal.delegation.until', { date: formatCalendarDate(d.validUntil, lang) })
      : t('portal.delegation.noEnd');
  const row = (d: Delegation, who: string) => (
    <li key={d.id} className="d-flex flex-wrap align-items-center gap-2 mb-1">
      <span>
        {who} · {until(d)}
        {d.declaredRole &&
          ` · ${t(d.declaredRole === 'parent' ? 'deskDelegation.declaredParent' : 'deskDelegation.declaredGuardian')}`}
      </span>
      <button
        type="button"
        className="btn btn-outline-danger btn-sm py-0"
        disabled={revoke.isPending}
        onClick={() => revoke.mutate(d)}
      >
        {t('portal.delegation.revoke')} <span className="visually-hidden">{who}</span>
      </button>
    </li>
  );
  return (
    <details className="cc-history mt-2" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{t('deskDelegation.title')}</summary>
      {list.isPending && open && <p role="status">{t('common.loading')}</p>}
      <ErrorAlert error={list.error ?? revoke.error} />
      {list.data && (
        <>
          <p className="small fw-semibold mb-1 mt-2">{t('deskDelegation.given')}</p>
          {list.data.given.length === 0 && <p className="small">{t('portal.delegation.noneGiven')}</p>}
          <ul className="list-unstyled small">
            {list.data.given.map((d) => row(d, d.delegateFiscalCode ?? ''))}
          </ul>
          <p className="small fw-semibold mb-1">{t('deskDelegation.received')}</p>
          {list.data.received.length === 0 && <p className="small">{t('portal.delegation.noneReceived')}</p>}
          <ul className="list-unstyled small">
            {list.data.received.map((d) =>
              row(d, `${d.delegator?.givenName ?? ''} ${d.delegator?.familyName ?? ''}`.trim()),
            )}
          </ul>
          <GrantAtDesk fiscalCode={fiscalCode} onDone={() => client.invalidateQueries({ queryKey: key })} />
        </>
      )}
    </details>
  );
}

function GrantAtDesk({ fiscalCode, onDone }: { fiscalCode: string; onDone: () => void }) {
  const { t } = useI18n();
  const id = useId();
  const [delegate, setDelegate] = useState('');
  const [validUntil, setValidUntil] = useState('');
  const [role, setRole] = useState<'' | 'parent' | 'guardian'>('');
  const [seen, setSeen] = useState(false);
  const [said, setSaid] = useState('');
  const grant = useMutation({
    mutationFn: () =>
      api.grantDelegation(fiscalCode, {
        // The server reads a code in any case, with spaces around it.
        fiscalCode: delegate.trim(),
        validUntil: validUntil || null,
        declaredRole: role || null,
      }),
    onSuccess: (d) => {
      setDelegate('');
      setValidUntil('');
      setRole('');
      setSeen(false);
      // The operator tells the person how they will hear of it, or that they will not.
      setSaid(
        `${t('portal.delegation.granted', { code: d.delegateFiscalCode ?? '' })} ${
          d.notice
            ? t(d.notice.channel === 'sms' ? 'deskDelegation.noticeSms' : 'deskDelegation.noticeEmail', {
                to: d.notice.recipient,
              })
            : t('deskDelegation.noNotice')
        }`,
      );
      onDone();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    grant.mutate();
  };
  const cfError = fieldError(grant.error, 'fiscalCode');
  const untilError = fieldError(grant.error, 'validUntil');
  const roleError = fieldError(grant.error, 'declaredRole');
  return (
    <form noValidate onSubmit={submit} className="border rounded p-2 mt-2" aria-labelledby={`${id}-t`}>
      <p id={`${id}-t`} className="small fw-semibold mb-2">
        {t('deskDelegation.new')}
      </p>
      <div className="mb-2">
        <label htmlFor={`${id}-cf`} className="form-label small">
          {t('portal.delegation.fiscalCode')}
        </label>
        <input
          id={`${id}-cf`}
          className="form-control form-control-sm text-uppercase font-monospace"
          autoComplete="off"
          spellCheck={false}
          maxLength={20}
          value={delegate}
          aria-describedby={`${id}-cf-error`}
          aria-invalid={cfError ? true : undefined}
          onChange={(e) => setDelegate(e.target.value)}
        />
        <FieldError id={`${id}-cf-error`} error={cfError} />
      </div>
      <div className="mb-2">
        <label htmlFor={`${id}-until`} className="form-label small">
          {t('portal.delegation.validUntil')}
        </label>
        <input
          id={`${id}-until`}
          type="date"
          className="form-control form-control-sm"
          min={romeToday()}
          value={validUntil}
          aria-describedby={`${id}-until-error`}
          aria-invalid={untilError ? true : undefined}
          onChange={(e) => setValidUntil(e.target.value)}
        />
        <FieldError id={`${id}-until-error`} error={untilError} />
      </div>
      <div className="mb-2">
        <label htmlFor={`${id}-role`} className="form-label small">
          {t('deskDelegation.role')}
        </label>
        <select
          id={`${id}-role`}
          className="form-select form-select-sm"
          value={role}
          aria-describedby={`${id}-role-hint ${id}-role-error`}
          aria-invalid={roleError ? true : undefined}
          onChange={(e) => setRole(e.target.value as typeof role)}
        >
          <option value="">{t('deskDelegation.roleNone')}</option>
          <option value="parent">{t('portal.minor.parent')}</option>
          <option value="guardian">{t('portal.minor.guardian')}</option>
        </select>
        <small id={`${id}-role-hint`} className="form-text">
          {t('deskDelegation.roleHint')}
        </small>
        <FieldError id={`${id}-role-error`} error={roleError} messages={ROLE_ERRORS} />
      </div>
      <div className="form-check mb-2">
        <input
          id={`${id}-seen`}
          type="checkbox"
          className="form-check-input"
          checked={seen}
          onChange={(e) => setSeen(e.target.checked)}
        />
        <label htmlFor={`${id}-seen`} className="form-check-label small">
          {t('deskDelegation.seen')}
        </label>
      </div>
      <p role="status" className="small mb-2">
        {said}
      </p>
      <ErrorAlert error={cfError || untilError || roleError ? null : grant.error} />
      <button
        type="submit"
        className="btn btn-sm btn-primary"
        disabled={grant.isPending || !seen || !delegate.trim()}
      >
        {t('deskDelegation.record')}
      </button>
    </form>
  );
}
