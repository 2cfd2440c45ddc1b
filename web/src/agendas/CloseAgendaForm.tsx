import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { ErrorAlert, FieldError, fieldError } from '../components/feedback.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { apiRequest } from '../lib/api.ts';
import { formatCalendarDate, romeToday } from '../lib/format.ts';
import type { Ok } from '../lib/openapi.ts';

type Closure = Ok<'/api/v1/agendas/{agendaId}/closures', 'post'>;

/**
 * BK-12: the CUP manager closes an agenda on some days (an absence, a closure). The server takes the
 * days' free places out of the availability and hands the bookings on them to the recontact campaign.
 */
export function CloseAgendaForm({
  agendas,
  open = false,
}: {
  agendas: { agendaId: string; label: string }[];
  /** Shown unfolded, its only agenda chosen: the agenda editor's own closure form. */
  open?: boolean;
}) {
  const { t, lang } = useI18n();
  const id = useId();
  const qc = useQueryClient();
  const today = romeToday();
  const [agendaId, setAgendaId] = useState(open && agendas.length === 1 ? agendas[0]!.agendaId : '');
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState(today);
  const [reason, setReason] = useState('');
  const close = useMutation({
    mutationFn: () =>
      apiRequest<Closure>('POST', `/api/v1/agendas/${encodeURIComponent(agendaId)}/closures`, {
        fromDate: from,
        toDate: to,
        reason,
      }),
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: ['agendas'] });
      qc.invalidateQueries({ queryKey: ['agenda', agendaId] });
    },
  });
  const err = (f: string) => fieldError(close.error, f);
  const other = err('fromDate') || err('toDate') || err('reason') ? null : close.error;
  const done = close.data;
  return (
    <details className="mb-4" data-testid="close-agenda" open={open}>
      <summary className="h5">{t('agendas.close.title')}</summary>
      <p className="small">{t('agendas.close.help')}</p>
      <form
        className="row g-3 align-items-end"
        onSubmit={(e) => {
          e.preventDefault();
          close.mutate();
        }}
      >
        <div className="col-12 col-md-4">
          <label htmlFor={`${id}-agenda`} className="form-label">
            {t('agendas.close.agenda')}
          </label>
          <select
            id={`${id}-agenda`}
            className="form-select"
            value={agendaId}
            required
            onChange={(e) => setAgendaId(e.target.value)}
          >
            <option value="">{t('agendas.close.choose')}</option>
            {agendas.map((a) => (
              <option key={a.agendaId} value={a.agendaId}>
                {a.label}
              </option>
            ))}
          </select>
        </div>
        <div className="col-6 col-md-2">
          <label htmlFor={`${id}-from`} className="form-label">
            {t('agendas.close.from')}
          </label>
          <input
            id={`${id}-from`}
            type="date"
            className="form-control"
            min={today}
            value={from}
            aria-invalid={!!err('fromDate')}
            aria-describedby={err('fromDate') ? `${id}-from-err` : undefined}
            onChange={(e) => {
              setFrom(e.target.value);
              if (to < e.target.value) setTo(e.target.value);
            }}
          />
          <FieldError id={`${id}-from-err`} error={err('fromDate')} />
        </div>
        <div className="col-6 col-md-2">
          <label htmlFor={`${id}-to`} className="form-label">
            {t('agendas.close.to')}
          </label>
          <input
            id={`${id}-to`}
            type="date"
            className="form-control"
            min={from}
            value={to}
            aria-invalid={!!err('toDate')}
            aria-describedby={err('toDate') ? `${id}-to-err` : undefined}
            onChange={(e) => setTo(e.target.value)}
          />
          <FieldError id={`${id}-to-err`} error={err('toDate')} />
        </div>
        <div className="col-12 col-md-4">
          <label htmlFor={`${id}-reason`} className="form-label">
            {t('agendas.close.reason')}
          </label>
          <input
            id={`${id}-reason`}
            className="form-control"
            maxLength={200}
            required
            value={reason}
            aria-invalid={!!err('reason')}
            aria-describedby={err('reason') ? `${id}-reason-err` : undefined}
            onChange={(e) => setReason(e.target.value)}
          />
          <FieldError id={`${id}-reason-err`} error={err('reason')} />
        </div>
        <div className="col-12">
          <button
            type="submit"
            className="btn btn-danger"
            disabled={!agendaId || !reason.trim() || close.isPending}
          >
            {t('agendas.close.submit')}
          </button>
        </div>
      </form>
      <ErrorAlert error={other} />
      {done && (
        <p className="alert alert-success mt-3" role="status">
          {t('agendas.close.done', {
            from: formatCalendarDate(done.fromDate, lang),
            to: formatCalendarDate(done.toDate, lang),
            slots: done.closedSlots,
            bookings: done.appointmentIds.length,
          })}
        </p>
      )}
    </details>
  );
}
