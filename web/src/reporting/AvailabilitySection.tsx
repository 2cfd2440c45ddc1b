import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { ErrorAlert, FieldError, fieldError } from '../components/feedback.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { apiRequest } from '../lib/api.ts';
import { formatDateTime, formatEuro, formatPercent } from '../lib/format.ts';
import type { Ok } from '../lib/openapi.ts';
import { useMe } from '../lib/queries.ts';

type Availability = Ok<'/api/v1/reporting/sla', 'get'>['availability'];
type Window = Ok<'/api/v1/reporting/maintenance', 'get'>[number];

const KEY = ['reporting', 'maintenance'];

/**
 * MR-5 on the Report page: the IVR's continuity (24/7, maintenance out) and the operators' technical
 * unavailability in working hours, measured from the live centre's heartbeats; the CUP manager declares
 * maintenance windows ahead of time.
 */
export function AvailabilitySection({ availability: a }: { availability: Availability }) {
  const { t, lang } = useI18n();
  const id = useId();
  const me = useMe();
  const manager = !!me.data?.roles.includes('cup-manager');
  return (
    <section className="mb-4" aria-labelledby={id} data-testid="availability">
      <h2 id={id} className="h4">
        {t('continuity.title')}
      </h2>
      {a.measuredFrom === null ? (
        <p>{t('continuity.notMeasured')}</p>
      ) : (
        <ul>
          <li>
            {t('continuity.ivr', {
              measured: a.ivr.measured === null ? '—' : formatPercent(a.ivr.measured, lang, 2),
              threshold: formatPercent(a.ivr.threshold, lang),
            })}{' '}
            {a.ivr.met !== null && (
              <span className={`badge ${a.ivr.met ? 'text-bg-success' : 'text-bg-danger'}`}>
                {t(a.ivr.met ? 'sla.yes' : 'sla.no')}
              </span>
            )}
            {a.ivr.points > 0 &&
              ` ${t('continuity.penalty', { points: a.ivr.points, share: formatPercent(a.ivr.penaltyShare, lang, 1) })}`}
          </li>
          <li>{t('continuity.minutes', { down: a.downMinutes, maintenance: a.maintenanceMinutes })}</li>
          <li>
            {t('continuity.technical', {
              minutes: a.technical.downWorkingMinutes,
              hours: a.technical.workingHours,
              euro: formatEuro(a.technical.penaltyEuro * 100),
            })}
          </li>
          {a.measuredFrom && (
            <li className="small">{t('continuity.since', { at: formatDateTime(a.measuredFrom, lang) })}</li>
          )}
        </ul>
      )}
      <p className="small">{t('continuity.how')}</p>
      <Maintenance manager={manager} />
    </section>
  );
}

function Maintenance({ manager }: { manager: boolean }) {
  const { t, lang } = useI18n();
  const id = useId();
  const qc = useQueryClient();
  const list = useQuery({
    queryKey: KEY,
    queryFn: () => apiRequest<Window[]>('GET', '/api/v1/reporting/maintenance'),
  });
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [note, setNote] = useState('');
  const declare = useMutation({
    mutationFn: () =>
      apiRequest('POST', '/api/v1/reporting/maintenance', {
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        note,
      }),
    onSuccess: async () => {
      setNote('');
      await qc.invalidateQueries({ queryKey: KEY });
    },
  });
  const err = (f: string) => fieldError(declare.error, f);
  return (
    <>
      <h3 className="h6">{t('continuity.windows')}</h3>
      <ErrorAlert error={list.error} />
      {list.data && list.data.length === 0 && <p className="small">{t('continuity.noWindows')}</p>}
      {list.data && list.data.length > 0 && (
        <ul className="small" data-testid="maintenance-windows">
          {list.data.map((w) => (
            <li key={w.id}>
              {formatDateTime(w.from, lang)} – {formatDateTime(w.to, lang)}: {w.note} ({w.declaredBy})
            </li>
          ))}
        </ul>
      )}
      {manager && (
        <form
          className="row g-2 align-items-end"
          onSubmit={(e) => {
            e.preventDefault();
            declare.mutate();
          }}
        >
          {(
            [
              ['from', t('continuity.from'), from, setFrom, 'datetime-local'],
              ['to', t('continuity.to'), to, setTo, 'datetime-local'],
              ['note', t('continuity.note'), note, setNote, 'text'],
            ] as const
          ).map(([name, label, value, set, type]) => (
            <div key={name} className={name === 'note' ? 'col-12 col-md-4' : 'col-6 col-md-3'}>
              <label htmlFor={`${id}-${name}`} className="form-label">
                {label}
              </label>
              <input
                id={`${id}-${name}`}
                type={type}
                required
                className={`form-control${err(name) ? ' is-invalid' : ''}`}
                value={value}
                aria-describedby={err(name) ? `${id}-${name}-error` : undefined}
                onChange={(e) => set(e.target.value)}
              />
              <FieldError id={`${id}-${name}-error`} error={err(name)} />
            </div>
          ))}
          <div className="col-12 col-md-2">
            <button type="submit" className="btn btn-outline-primary" disabled={declare.isPending}>
              {t('continuity.declare')}
            </button>
          </div>
          {!err('from') && !err('to') && !err('note') && (
            <ErrorAlert error={declare.error} className="col-12" />
          )}
        </form>
      )}
    </>
  );
}
