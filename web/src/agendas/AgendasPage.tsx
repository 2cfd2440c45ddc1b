import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import { ErrorAlert, useAnnounce } from '../components/feedback.tsx';
import { Kbd } from '../components/Kbd.tsx';
import { Page } from '../components/Page.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { formatDateTime, formatNumber, formatPercent, romeToday } from '../lib/format.ts';
import { useAgendas, useServices } from '../lib/queries.ts';
import { SHORTCUTS, useShortcuts } from '../lib/shortcuts.ts';
import { CloseAgendaForm } from './CloseAgendaForm.tsx';
import { FirstAvailability } from './FirstAvailability.tsx';
import { fillLevel, groupAgendas } from './group.ts';
import {
  AGENDA_SORTS,
  type AgendaSort,
  agendasCsv,
  filterAgendas,
  PAGE_SIZE,
  pageOf,
  sortAgendas,
} from './list.ts';
import { describeCheck, PublicationChecks } from './PublicationChecks.tsx';

const WINDOWS = [7, 30, 60, 90] as const;

function FillBar({ fill, label }: { fill: number; label: string }) {
  const { lang } = useI18n();
  const percent = Math.round(fill * 100);
  return (
    <div className="d-flex align-items-center gap-2 fill">
      <div className="progress flex-grow-1" style={{ height: '0.75rem', minWidth: '6rem' }}>
        <div
          className={`progress-bar fill-${fillLevel(fill)}`}
          role="progressbar"
          aria-label={label}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          aria-valuetext={formatPercent(fill, lang)}
          style={{ width: `${Math.min(100, percent)}%` }}
        />
      </div>
      <span className="fill-value text-nowrap">{formatPercent(fill, lang)}</span>
    </div>
  );
}

/** CUP manager view (BK-6, BK-11): how full each agenda is, when it is next free, and what to fix. */
export function AgendasPage() {
  const { t, lang } = useI18n();
  const announce = useAnnounce();
  const id = useId();
  const [days, setDays] = useState<number>(30);
  const [service, setService] = useState('');
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<AgendaSort>('place');
  const [flaggedOnly, setFlaggedOnly] = useState(false);
  const [page, setPage] = useState(0);
  const serviceSelect = useRef<HTMLSelectElement>(null);
  const tableRef = useRef<HTMLTableElement>(null);
  const agendas = useAgendas(days);
  const services = useServices();
  useShortcuts({ serviceFilter: () => serviceSelect.current?.focus() });

  const items = agendas.data?.items ?? [];
  const names = useMemo(
    () => new Map((services.data?.items ?? []).map((s) => [s.code, s.description])),
    [services.data],
  );
  const offered = useMemo(() => {
    const codes = new Set(items.flatMap((a) => a.serviceCodes));
    return [...codes]
      .map((code) => ({ code, name: names.get(code) ?? code }))
      .sort((a, b) => a.name.localeCompare(b.name, 'it'));
  }, [items, names]);
  const shown = useMemo(
    () => sortAgendas(filterAgendas(items, { service, query, flaggedOnly, serviceNames: names }), sort),
    [items, service, query, flaggedOnly, names, sort],
  );
  const organisations = useMemo(() => groupAgendas(shown), [shown]);
  const paged = pageOf(shown, page);
  const flagged = items.filter((a) => a.checks.length > 0).length;
  const num = (n: number) => formatNumber(n, lang);

  const totals = shown.reduce(
    (acc, a) => ({ taken: acc.taken + a.taken, capacity: acc.capacity + a.capacity }),
    { taken: 0, capacity: 0 },
  );
  const summary = t('agendas.summary', {
    count: num(shown.length),
    taken: num(totals.taken),
    capacity: num(totals.capacity),
    fill: formatPercent(totals.capacity ? totals.taken / totals.capacity : 0, lang),
  });

  // A new search or order starts at the first page.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset on filter changes only
  useEffect(() => setPage(0), [service, query, flaggedOnly, sort, days]);

  const firstRender = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: announce only when the filters change
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    if (agendas.data) announce(summary);
  }, [service, days, query, flaggedOnly, agendas.data]);

  const closable = useMemo(
    () =>
      sortAgendas(items, 'place').map((a) => ({
        agendaId: a.agendaId,
        label: `${a.name} — ${a.facilityName}`,
      })),
    [items],
  );

  function exportCsv() {
    const csv = agendasCsv(shown, t('agendas.csv.header').split(';'), {
      services: (codes) => codes.map((c) => `${names.get(c) ?? c} (${c})`).join(', '),
      checks: (a) => a.checks.map((c) => describeCheck(t, c).problem).join(' '),
    });
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `agende-${romeToday()}.csv`;
    link.click();
    URL.revokeObjectURL(url);
  }

  function goTo(p: number) {
    setPage(p);
    // The new page's rows start where the table does: bring it into view, keep the focus on the pager.
    tableRef.current?.scrollIntoView?.({ block: 'start' });
  }

  return (
    <Page
      title={t('agendas.title')}
      actions={
        <Link to="/agendas/new" className="btn btn-primary btn-sm">
          {t('agendas.new')}
        </Link>
      }
    >
      <CloseAgendaForm agendas={closable} />
      <form
        className="row g-3 align-items-end mb-3"
        onSubmit={(e) => e.preventDefault()}
        aria-label={t('agendas.filters')}
      >
        <div className="col-md-4">
          <label htmlFor={`${id}-query`} className="form-label fw-semibold">
            {t('agendas.search')}
          </label>
          <input
            id={`${id}-query`}
            type="search"
            className="form-control"
            value={query}
            aria-describedby={`${id}-query-help`}
            onChange={(e) => setQuery(e.target.value)}
          />
          <div id={`${id}-query-help`} className="form-text">
            {t('agendas.search.help')}
          </div>
        </div>
        <div className="col-md-4">
          <label htmlFor={`${id}-service`} className="form-label fw-semibold">
            {t('agendas.service')} <Kbd keys={SHORTCUTS.serviceFilter} />
          </label>
          <select
            id={`${id}-service`}
            ref={serviceSelect}
            className="form-select"
            value={service}
            onChange={(e) => setService(e.target.value)}
            aria-keyshortcuts={SHORTCUTS.serviceFilter}
          >
            <option value="">{t('agendas.allServices')}</option>
            {offered.map((s) => (
              <option key={s.code} value={s.code}>
                {s.name} ({s.code})
              </option>
            ))}
          </select>
        </div>
        <div className="col-md-2">
          <label htmlFor={`${id}-days`} className="form-label fw-semibold">
            {t('agendas.window')}
          </label>
          <select
            id={`${id}-days`}
            className="form-select"
            value={days}
            onChange={(e) => setDays(Number(e.target.value))}
          >
            {WINDOWS.map((d) => (
              <option key={d} value={d}>
                {t('agendas.days', { days: d })}
              </option>
            ))}
          </select>
        </div>
        <div className="col-md-2">
          <label htmlFor={`${id}-sort`} className="form-label fw-semibold">
            {t('agendas.sort')}
          </label>
          <select
            id={`${id}-sort`}
            className="form-select"
            value={sort}
            onChange={(e) => setSort(e.target.value as AgendaSort)}
          >
            {AGENDA_SORTS.map((s) => (
              <option key={s} value={s}>
                {t(`agendas.sort.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="col-md-6">
          <div className="form-check">
            <input
              id={`${id}-flagged`}
              type="checkbox"
              className="form-check-input"
              checked={flaggedOnly}
              onChange={(e) => setFlaggedOnly(e.target.checked)}
            />
            <label htmlFor={`${id}-flagged`} className="form-check-label">
              {t('agendas.flaggedOnly')}{' '}
              <span className="text-muted">({t('agendas.flaggedCount', { count: num(flagged) })})</span>
            </label>
          </div>
        </div>
        <div className="col-md-6 text-md-end">
          <button
            type="button"
            className="btn btn-outline-primary btn-sm"
            onClick={exportCsv}
            disabled={shown.length === 0}
          >
            {t('agendas.export')}
          </button>
        </div>
      </form>

      <ErrorAlert error={agendas.error} />
      {agendas.isPending ? (
        <p role="status">{t('common.loading')}</p>
      ) : (
        <>
          <p className="lead" data-testid="agendas-summary">
            {summary}
          </p>
          <p className="small text-muted">{t('agendas.legend')}</p>
          {service && <FirstAvailability service={service} serviceName={names.get(service) ?? service} />}
          {shown.length === 0 && <p className="alert alert-info">{t('agendas.none')}</p>}
          {organisations.length > 0 && (
            <details className="mb-3">
              <summary className="h5">{t('agendas.byOrganisation')}</summary>
              <table className="table table-sm align-middle">
                <thead>
                  <tr>
                    <th scope="col">{t('agendas.organisation')}</th>
                    <th scope="col">{t('agendas.fill')}</th>
                    <th scope="col" className="text-end">
                      {t('agendas.places')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {organisations.map((o) => (
                    <tr key={o.organisationId}>
                      <th scope="row">{o.organisationName}</th>
                      <td>
                        <FillBar fill={o.fill} label={t('agendas.fillOf', { name: o.organisationName })} />
                      </td>
                      <td className="text-end text-nowrap small">
                        {num(o.taken)} / {num(o.capacity)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          )}
          {shown.length > 0 && (
            <>
              <p className="small mb-1" aria-live="polite">
                {t('agendas.shown', {
                  from: num(paged.page * PAGE_SIZE + 1),
                  to: num(paged.page * PAGE_SIZE + paged.rows.length),
                  count: num(shown.length),
                })}
              </p>
              <div className="table-responsive">
                <table className="table table-sm align-middle agenda-table" ref={tableRef}>
                  <caption className="visually-hidden">
                    {t('agendas.tableCaption', { page: paged.page + 1, pages: paged.pages })}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('agendas.agenda')}</th>
                      <th scope="col">{t('agendas.services')}</th>
                      <th scope="col">{t('agendas.fill')}</th>
                      <th scope="col" className="text-end">
                        {t('agendas.places')}
                      </th>
                      <th scope="col">{t('agendas.overbooking')}</th>
                      <th scope="col">{t('agendas.firstFree')}</th>
                      <th scope="col">{t('agendas.checks')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {paged.rows.map((a) => {
                      const described = a.serviceCodes.map((c) => names.get(c) ?? c);
                      return (
                        <tr key={a.agendaId} data-agenda={a.agendaId}>
                          <th scope="row">
                            <span className="fw-semibold">{a.name}</span>{' '}
                            <Link
                              to={`/agendas/${encodeURIComponent(a.agendaId)}`}
                              className="small"
                              aria-label={t('agendas.editOf', { name: a.name })}
                            >
                              {t('agendas.edit')}
                            </Link>
                            <div className="small fw-normal text-muted">
                              {a.facilityName} · {a.district} · {a.organisationName}
                            </div>
                          </th>
                          <td className="small">
                            {described.slice(0, 3).join(', ')}
                            {described.length > 3 && ` ${t('agendas.more', { count: described.length - 3 })}`}
                          </td>
                          <td>
                            <FillBar fill={a.fill} label={t('agendas.fillOf', { name: a.name })} />
                          </td>
                          <td className="text-end text-nowrap small">
                            {num(a.taken)} / {num(a.capacity)}
                          </td>
                          <td className="small">
                            {a.overbookingPerSlot > 0
                              ? t('agendas.overbookingValue', {
                                  used: num(a.overbooked),
                                  offered: num(a.overbookingOffered),
                                  quota: a.overbookingPerSlot,
                                })
                              : t('agendas.overbookingNone')}
                          </td>
                          <td className="text-nowrap small">
                            {a.firstFree ? formatDateTime(a.firstFree, lang) : t('agendas.noneFree')}
                          </td>
                          <td>
                            <PublicationChecks checks={a.checks} />
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
              {paged.pages > 1 && <Pager page={paged.page} pages={paged.pages} onPage={goTo} />}
            </>
          )}
        </>
      )}
    </Page>
  );
}

/** Previous, the pages around the current one, next (Bootstrap Italia's pagination). */
function Pager({ page, pages, onPage }: { page: number; pages: number; onPage: (p: number) => void }) {
  const { t } = useI18n();
  const around = [...Array(pages).keys()].filter(
    (p) => p === 0 || p === pages - 1 || Math.abs(p - page) <= 2,
  );
  return (
    <nav className="pagination-wrapper" aria-label={t('agendas.pages')}>
      <ul className="pagination">
        <li className={`page-item${page === 0 ? ' disabled' : ''}`}>
          <button type="button" className="page-link" disabled={page === 0} onClick={() => onPage(page - 1)}>
            {t('agendas.previous')}
          </button>
        </li>
        {around.map((p) => (
          <li key={p} className={`page-item${p === page ? ' active' : ''}`}>
            <button
              type="button"
              className="page-link"
              aria-current={p === page ? 'page' : undefined}
              aria-label={t('agendas.pageN', { page: p + 1 })}
              onClick={() => onPage(p)}
            >
              {p + 1}
            </button>
          </li>
        ))}
        <li className={`page-item${page === pages - 1 ? ' disabled' : ''}`}>
          <button
            type="button"
            className="page-link"
            disabled={page === pages - 1}
            onClick={() => onPage(page + 1)}
          >
            {t('agendas.next')}
          </button>
        </li>
      </ul>
    </nav>
  );
}
