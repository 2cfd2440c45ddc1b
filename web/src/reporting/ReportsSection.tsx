import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { ErrorAlert, FieldError, fieldError } from '../components/feedback.tsx';
import { ScrollRegion } from '../components/ScrollRegion.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { apiRequest } from '../lib/api.ts';
import { formatDateTime, romeToday } from '../lib/format.ts';
import type { Ok } from '../lib/openapi.ts';
import { useMe } from '../lib/queries.ts';

type Summary = Ok<'/api/v1/reporting/reports', 'get'>[number];
type Report = Ok<'/api/v1/reporting/reports/{id}', 'get'>;
type Line = Report['data']['occupancy'][number];

const KEY = ['reporting', 'reports'];
const url = (id: string, format?: string) =>
  `/api/v1/reporting/reports/${id}${format ? `?format=${format}` : ''}`;

/**
 * MR-3 and CC-5 on the Report page: the weekly and monthly reports the nightly job made (or a manager made
 * on demand), every version, with their PDF, XLSX and CSV; a report's channel occupancy per line with the
 * +20% rule, and the capacity decisions recorded against it.
 */
export function ReportsSection() {
  const { t, lang } = useI18n();
  const id = useId();
  const me = useMe();
  const manager = !!me.data?.roles.includes('cup-manager');
  const list = useQuery({
    queryKey: KEY,
    queryFn: () => apiRequest<Summary[]>('GET', '/api/v1/reporting/reports'),
  });
  const [open, setOpen] = useState<string | null>(null);
  return (
    <section className="mt-5" aria-labelledby={id} data-testid="reports">
      <h2 id={id} className="h4">
        {t('reports.title')}
      </h2>
      <p className="small">{t('reports.intro')}</p>
      {manager && <GenerateForm onMade={setOpen} />}
      <ErrorAlert error={list.error} />
      {list.data && list.data.length === 0 && <p>{t('reports.none')}</p>}
      {list.data && list.data.length > 0 && (
        <ScrollRegion label={t('reports.caption')}>
          <table className="table table-sm align-middle">
            <caption className="visually-hidden">{t('reports.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('reports.col.period')}</th>
                <th scope="col">{t('reports.col.kind')}</th>
                <th scope="col" className="text-end">
                  {t('reports.col.version')}
                </th>
                <th scope="col">{t('reports.col.generated')}</th>
                <th scope="col">{t('reports.col.files')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('reports.col.open')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((r) => (
                <tr key={r.id} data-testid="report-row">
                  <th scope="row">{r.period}</th>
                  <td>{t(r.kind === 'monthly' ? 'reports.monthly' : 'reports.weekly')}</td>
                  <td className="text-end">{r.version}</td>
                  <td>
                    {formatDateTime(r.generatedAt, lang)} · {r.generatedBy ?? t('reports.byJob')}
                  </td>
                  <td className="text-nowrap">
                    {(['pdf', 'xlsx', 'csv'] as const).map((f, i) => (
                      <span key={f}>
                        {i > 0 && ' · '}
                        <a
                          href={url(r.id, f)}
                          download
                          aria-label={t('reports.download', {
                            f: f.toUpperCase(),
                            p: r.period,
                            v: r.version,
                          })}
                        >
                          {f.toUpperCase()}
                        </a>
                      </span>
                    ))}
                  </td>
                  <td>
                    <button
                      type="button"
                      className="btn btn-outline-primary btn-sm"
                      aria-expanded={open === r.id}
                      onClick={() => setOpen(open === r.id ? null : r.id)}
                    >
                      {t('reports.occupancy', { p: r.period, v: r.version })}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {open && <Occupancy reportId={open} manager={manager} />}
    </section>
  );
}

const lastMonth = () => {
  const [y, m] = romeToday().split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
};

function GenerateForm({ onMade }: { onMade: (id: string) => void }) {
  const { t } = useI18n();
  const id = useId();
  const qc = useQueryClient();
  const [kind, setKind] = useState<'monthly' | 'weekly'>('monthly');
  const [period, setPeriod] = useState(lastMonth);
  const make = useMutation({
    mutationFn: () =>
      apiRequest<{ id: string; version: number }>('POST', '/api/v1/reporting/reports', { kind, period }),
    onSuccess: async (r) => {
      await qc.invalidateQueries({ queryKey: KEY });
      onMade(r.id);
    },
  });
  const periodError = fieldError(make.error, 'period');
  return (
    <form
      className="row g-3 align-items-end mb-3"
      onSubmit={(e) => {
        e.preventDefault();
        make.mutate();
      }}
    >
      <div className="col-6 col-md-3">
        <label htmlFor={`${id}-kind`} className="form-label fw-semibold">
          {t('reports.kind')}
        </label>
        <select
          id={`${id}-kind`}
          className="form-select"
          value={kind}
          onChange={(e) => {
            const k = e.target.value as 'monthly' | 'weekly';
            setKind(k);
            setPeriod(k === 'monthly' ? lastMonth() : '');
          }}
        >
          <option value="monthly">{t('reports.monthly')}</option>
          <option value="weekly">{t('reports.weekly')}</option>
        </select>
      </div>
      <div className="col-6 col-md-3">
        <label htmlFor={`${id}-period`} className="form-label fw-semibold">
          {t(kind === 'monthly' ? 'reports.month' : 'reports.week')}
        </label>
        <input
          id={`${id}-period`}
          type={kind === 'monthly' ? 'month' : 'week'}
          className={`form-control${periodError ? ' is-invalid' : ''}`}
          value={period}
          required
          placeholder={t(kind === 'monthly' ? 'reports.monthFormat' : 'reports.weekFormat')}
          aria-describedby={periodError ? `${id}-period-error` : undefined}
          onChange={(e) => setPeriod(e.target.value)}
        />
        <FieldError id={`${id}-period-error`} error={periodError} />
      </div>
      <div className="col-12 col-md-4">
        <button type="submit" className="btn btn-primary" disabled={make.isPending}>
          {t('reports.generate')}
        </button>
      </div>
      {!periodError && <ErrorAlert error={make.error} className="col-12" />}
      {make.data && (
        <p role="status" className="col-12 mb-0">
          {t('reports.made', { p: period, v: make.data.version })}
        </p>
      )}
    </form>
  );
}

function Occupancy({ reportId, manager }: { reportId: string; manager: boolean }) {
  const { t, lang } = useI18n();
  const id = useId();
  const report = useQuery({
    queryKey: [...KEY, reportId],
    queryFn: () => apiRequest<Report>('GET', url(reportId)),
  });
  const r = report.data;
  return (
    <section className="border rounded p-3 mb-3" aria-labelledby={id} data-testid="occupancy">
      <h3 id={id} className="h5">
        {r ? t('reports.occupancyTitle', { p: r.period, v: r.version }) : t('common.loading')}
      </h3>
      <ErrorAlert error={report.error} />
      {r?.data.sources.includes('simulazione') && (
        <p className="badge text-bg-warning">{t('reports.simulated')}</p>
      )}
      {r && <p className="small">{t('reports.occupancyRule')}</p>}
      {r && r.data.occupancy.length === 0 && <p>{t('reports.noCalls')}</p>}
      {r?.data.occupancy.map((l) => (
        <LineOccupancy key={l.line} line={l} reportId={r.id} manager={manager} />
      ))}
      {r && r.decisions.length > 0 && (
        <>
          <h4 className="h6">{t('reports.decisions')}</h4>
          <ul data-testid="decisions">
            {r.decisions.map((d) => (
              <li key={d.id}>
                {t('reports.decision', {
                  at: formatDateTime(d.decidedAt, lang),
                  by: d.decidedBy,
                  line: d.line,
                  from: d.channelsFrom,
                  to: d.channelsTo,
                })}
                {d.note && ` — ${d.note}`}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function LineOccupancy({ line, reportId, manager }: { line: Line; reportId: string; manager: boolean }) {
  const { t, lang } = useI18n();
  const id = useId();
  const qc = useQueryClient();
  const [channels, setChannels] = useState(String(line.recommendation?.channels ?? line.channels));
  const [note, setNote] = useState('');
  const decide = useMutation({
    mutationFn: () =>
      apiRequest('POST', `/api/v1/reporting/reports/${reportId}/capacity-decisions`, {
        line: line.line,
        channels: Number(channels),
        ...(note.trim() ? { note: note.trim() } : {}),
      }),
    onSuccess: () => qc.invalidateQueries({ queryKey: [...KEY, reportId] }),
  });
  const channelsError = fieldError(decide.error, 'channels');
  return (
    <div className="mb-3" data-testid="occupancy-line">
      <h4 className="h6">{t('reports.line', { line: line.line, channels: line.channels })}</h4>
      <ul className="mb-2">
        <li>{t('reports.peak', { peak: line.peak, channels: line.channels })}</li>
        <li>{t('reports.busy', { arrived: line.arrived, busy: line.busy })}</li>
        <li>
          {t('reports.saturated', { bands: line.saturatedBands, pairs: line.consecutiveSaturations.length })}
        </li>
      </ul>
      {line.recommendation ? (
        <p className="alert alert-warning" data-testid="recommendation">
          {t('reports.recommendation', {
            from: line.recommendation.from,
            to: line.recommendation.channels,
            pairs: line.recommendation.pairs,
            first: formatDateTime(line.recommendation.firstPair, lang),
          })}
        </p>
      ) : (
        <p>{t('reports.noRecommendation')}</p>
      )}
      {manager && (
        <form
          className="row g-2 align-items-end"
          onSubmit={(e) => {
            e.preventDefault();
            decide.mutate();
          }}
        >
          <div className="col-4 col-md-2">
            <label htmlFor={`${id}-ch`} className="form-label">
              {t('reports.channels')}
            </label>
            <input
              id={`${id}-ch`}
              type="number"
              min={1}
              className={`form-control${channelsError ? ' is-invalid' : ''}`}
              value={channels}
              aria-describedby={channelsError ? `${id}-ch-error` : undefined}
              onChange={(e) => setChannels(e.target.value)}
            />
            <FieldError id={`${id}-ch-error`} error={channelsError} />
          </div>
          <div className="col-8 col-md-6">
            <label htmlFor={`${id}-note`} className="form-label">
              {t('reports.note')}
            </label>
            <input
              id={`${id}-note`}
              className="form-control"
              maxLength={500}
              value={note}
              onChange={(e) => setNote(e.target.value)}
            />
          </div>
          <div className="col-12 col-md-4">
            <button type="submit" className="btn btn-primary" disabled={decide.isPending}>
              {t('reports.decide', { line: line.line })}
            </button>
          </div>
          {!channelsError && <ErrorAlert error={decide.error} className="col-12" />}
          {decide.isSuccess && (
            <p role="status" className="col-12 mb-0">
              {t('reports.decided')}
            </p>
          )}
        </form>
      )}
    </div>
  );
}
