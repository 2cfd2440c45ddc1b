import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { ErrorAlert, FieldError, fieldError, useAnnounce } from '../components/feedback.tsx';
import { type MessageKey, useI18n } from '../i18n/i18n.tsx';
import { apiRequest } from '../lib/api.ts';
import { formatCalendarDate, romeToday } from '../lib/format.ts';
import type { Body, Schema } from '../lib/openapi.ts';
import type { StaffUser } from './api.ts';

type Tenure = Schema<'StaffTenure'>;
type Leaving = Body<'/api/v1/staff-register/{id}/leaving', 'post'>;
type Reason = Leaving['reason'];

const REASONS: Reason[] = ['resigned', 'dismissed', 'retired', 'contract-ended', 'other'];
const KEY = ['staff-register'] as const;
const FRONT_LINE = new Set(['operator', 'backoffice']);

const register = {
  list: () => apiRequest<{ items: Tenure[] }>('GET', '/api/v1/staff-register'),
  start: (userId: string, startedOn: string) =>
    apiRequest<Tenure>('POST', '/api/v1/staff-register', { userId, startedOn }),
  leave: (id: string, body: Leaving) =>
    apiRequest<Tenure>('POST', `/api/v1/staff-register/${encodeURIComponent(id)}/leaving`, body),
};

/**
 * The register behind the tender's yearly turnover (seed 003 §6): when each operator of the front line
 * started on the contract and their last day, with the reason. The Report page counts it.
 */
export function StaffRegister({ users }: { users: StaffUser[] }) {
  const { t, lang } = useI18n();
  const id = useId();
  const list = useQuery({ queryKey: KEY, queryFn: register.list });
  const items = list.data?.items ?? [];
  const open = new Set(items.filter((i) => i.leftOn === null).map((i) => i.userId));
  const candidates = users.filter(
    (u) => u.active && u.roles.some((r) => FRONT_LINE.has(r)) && !open.has(u.id),
  );
  const [leaving, setLeaving] = useState<string | null>(null);
  return (
    <section className="mt-5" aria-labelledby={`${id}-title`} data-testid="staff-register">
      <h2 id={`${id}-title`} className="h4">
        {t('staffRegister.title')}
      </h2>
      <p className="small">{t('staffRegister.intro')}</p>
      <ErrorAlert error={list.error} />
      <StartForm candidates={candidates} />
      {items.length === 0 ? (
        <p className="mt-3">{t('staffRegister.empty')}</p>
      ) : (
        <table className="table table-sm align-middle mt-3">
          <caption className="visually-hidden">{t('staffRegister.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('staffRegister.person')}</th>
              <th scope="col">{t('staffRegister.startedOn')}</th>
              <th scope="col">{t('staffRegister.leftOn')}</th>
              <th scope="col">{t('staffRegister.reason')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('common.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <TenureRow
                key={i.id}
                tenure={i}
                lang={lang}
                leaving={leaving === i.id}
                onLeave={() => setLeaving(leaving === i.id ? null : i.id)}
                onDone={() => setLeaving(null)}
              />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function StartForm({ candidates }: { candidates: StaffUser[] }) {
  const { t } = useI18n();
  const id = useId();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const [userId, setUserId] = useState('');
  const [startedOn, setStartedOn] = useState(romeToday());
  const start = useMutation({
    mutationFn: () => register.start(userId, startedOn),
    onSuccess: async (tenure) => {
      await qc.invalidateQueries({ queryKey: KEY });
      announce(t('staffRegister.started', { person: tenure.displayName }));
      setUserId('');
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!start.isPending && userId) start.mutate();
  };
  const dateError = fieldError(start.error, 'startedOn');
  const userError = fieldError(start.error, 'userId');
  return (
    <form
      onSubmit={submit}
      noValidate
      className="row g-3 align-items-end"
      aria-label={t('staffRegister.startTitle')}
    >
      <div className="col-12 col-md-5">
        <label htmlFor={`${id}-user`} className="form-label fw-semibold">
          {t('staffRegister.person')}
        </label>
        <select
          id={`${id}-user`}
          className="form-select"
          value={userId}
          aria-invalid={userError ? true : undefined}
          aria-describedby={userError ? `${id}-user-error` : undefined}
          onChange={(e) => setUserId(e.target.value)}
        >
          <option value="">{t('staffRegister.choose')}</option>
          {candidates.map((u) => (
            <option key={u.id} value={u.id}>
              {u.displayName}
              {u.operatorCode ? ` (${u.operatorCode})` : ''}
            </option>
          ))}
        </select>
        <FieldError
          id={`${id}-user-error`}
          error={userError}
          messages={{ INVALID_STATE: 'staffRegister.alreadyIn', INVALID_FIELD: 'staffRegister.notFrontLine' }}
        />
      </div>
      <div className="col-6 col-md-3">
        <label htmlFor={`${id}-from`} className="form-label fw-semibold">
          {t('staffRegister.startedOn')}
        </label>
        <input
          id={`${id}-from`}
          type="date"
          className="form-control"
          value={startedOn}
          aria-invalid={dateError ? true : undefined}
          aria-describedby={dateError ? `${id}-from-error` : undefined}
          onChange={(e) => setStartedOn(e.target.value)}
        />
        <FieldError
          id={`${id}-from-error`}
          error={dateError}
          messages={{ INVALID_FIELD: 'staffRegister.badStart' }}
        />
      </div>
      <div className="col-6 col-md-4">
        <button type="submit" className="btn btn-primary" disabled={!userId || start.isPending}>
          {t('staffRegister.start')}
        </button>
      </div>
      <div className="col-12">
        <ErrorAlert error={dateError || userError ? null : start.error} className="mb-0" />
      </div>
    </form>
  );
}

function TenureRow({
  tenure: i,
  lang,
  leaving,
  onLeave,
  onDone,
}: {
  tenure: Tenure;
  lang: 'it' | 'en';
  leaving: boolean;
  onLeave: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  return (
    <>
      <tr>
        <th scope="row" className="fw-normal">
          {i.displayName}
          {i.operatorCode && <span className="text-muted"> ({i.operatorCode})</span>}
        </th>
        <td>{formatCalendarDate(i.startedOn, lang)}</td>
        <td>{i.leftOn ? formatCalendarDate(i.leftOn, lang) : t('staffRegister.inService')}</td>
        <td>{i.leavingReason ? t(`staffRegister.reason.${i.leavingReason}` as MessageKey) : ''}</td>
        <td className="text-end">
          {i.leftOn === null && (
            <button
              type="button"
              className="btn btn-sm btn-outline-primary"
              aria-expanded={leaving}
              onClick={onLeave}
            >
              {t('staffRegister.leave')} <span className="visually-hidden">{i.displayName}</span>
            </button>
          )}
        </td>
      </tr>
      {leaving && (
        <tr>
          <td colSpan={5}>
            <LeavingForm tenure={i} onDone={onDone} />
          </td>
        </tr>
      )}
    </>
  );
}

function LeavingForm({ tenure, onDone }: { tenure: Tenure; onDone: () => void }) {
  const { t } = useI18n();
  const id = useId();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const [leftOn, setLeftOn] = useState(romeToday());
  const [reason, setReason] = useState<Reason>('resigned');
  const leave = useMutation({
    mutationFn: () => register.leave(tenure.id, { leftOn, reason }),
    onSuccess: async (done) => {
      await qc.invalidateQueries({ queryKey: KEY });
      announce(t('staffRegister.left', { person: done.displayName }));
      onDone();
    },
  });
  const dateError = fieldError(leave.error, 'leftOn');
  return (
    <form
      noValidate
      className="row g-3 align-items-end"
      aria-label={t('staffRegister.leaveTitle', { person: tenure.displayName })}
      onSubmit={(e) => {
        e.preventDefault();
        if (!leave.isPending) leave.mutate();
      }}
    >
      <div className="col-6 col-md-4">
        <label htmlFor={`${id}-to`} className="form-label fw-semibold">
          {t('staffRegister.lastDay')}
        </label>
        <input
          id={`${id}-to`}
          type="date"
          className="form-control"
          value={leftOn}
          aria-invalid={dateError ? true : undefined}
          aria-describedby={dateError ? `${id}-to-error` : undefined}
          onChange={(e) => setLeftOn(e.target.value)}
        />
        <FieldError
          id={`${id}-to-error`}
          error={dateError}
          messages={{ INVALID_FIELD: 'staffRegister.badEnd' }}
        />
      </div>
      <div className="col-6 col-md-4">
        <label htmlFor={`${id}-why`} className="form-label fw-semibold">
          {t('staffRegister.reason')}
        </label>
        <select
          id={`${id}-why`}
          className="form-select"
          value={reason}
          onChange={(e) => setReason(e.target.value as Reason)}
        >
          {REASONS.map((r) => (
            <option key={r} value={r}>
              {t(`staffRegister.reason.${r}` as MessageKey)}
            </option>
          ))}
        </select>
      </div>
      <div className="col-12 col-md-4">
        <button type="submit" className="btn btn-primary" disabled={leave.isPending}>
          {t('staffRegister.confirmLeave')}
        </button>
      </div>
      <div className="col-12">
        <ErrorAlert error={dateError ? null : leave.error} className="mb-0" />
      </div>
    </form>
  );
}
