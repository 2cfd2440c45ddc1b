import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { ErrorAlert, useAnnounce } from '../components/feedback.tsx';
import { Kbd } from '../components/Kbd.tsx';
import { Page } from '../components/Page.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { formatDateTime, formatPercent } from '../lib/format.ts';
import { useAgendas, useServices } from '../lib/queries.ts';
import { SHORTCUTS, useShortcuts } from '../lib/shortcuts.ts';
import { CloseAgendaForm } from './CloseAgendaForm.tsx';
import { FirstAvailability } from './FirstAvailability.tsx';
import { fillLevel, groupAgendas } from './group.ts';

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

/** CUP manager view (BK-6, BK-11): how full each agenda is and when it is next free. */
export function AgendasPage() {
  const { t, lang } = useI18n();
  const announce = useAnnounce();
  const id = useId();
  const [days, setDays] = useState<number>(30);
  const [service, setService] = useState('');
  const serviceSelect = useRef<HTMLSelectElement>(null);
  const agendas = useAgendas(days);
  const services = useServices();
  useShortcuts({ serviceFilter: () => serviceSelect.current?.focus() });

  const items = agendas.data?.items ?? [];
  const groups = useMemo(() => groupAgendas(items, service), [items, service]);
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

  const shown = groups.flatMap((o) => o.facilities.flatMap((f) => f.agendas));
  const totals = shown.reduce(
    (acc, a) => ({ taken: acc.taken + a.taken, capacity: acc.capacity + a.capacity }),
    {
      taken: 0,
      capacity: 0,
    },
  );
  const summary = t('agendas.summary', {
    count: shown.length,
    taken: totals.taken,
    capacity: totals.capacity,
    fill: formatPercent(totals.capacity ? totals.taken / totals.capacity : 0, lang),
  });

  const firstRender = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: announce only when the filters change
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    if (agendas.data) announce(summary);
  }, [service, days, agendas.data]);

  const closable = useMemo(
    () =>
      groups.flatMap((o) =>
        o.facilities.flatMap((f) =>
          f.agendas.map((a) => ({ agendaId: a.agendaId, label: `${a.name} — ${f.facilityName}` })),
        ),
      ),
    [groups],
  );

  return (
    <Page title={t('agendas.title')}>
      <CloseAgendaForm agendas={closable} />
      <form
        className="row g-3 align-items-end mb-3"
        onSubmit={(e) => e.preventDefault()}
        aria-label={t('agendas.filters')}
      >
        <div className="col-md-6">
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
        <div className="col-md-3">
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
          {groups.length === 0 && <p className="alert alert-info">{t('agendas.none')}</p>}
          {groups.map((org) => (
            <section
              key={org.organisationId}
              className="mb-5"
              aria-labelledby={`${id}-${org.organisationId}`}
            >
              <div className="d-flex flex-wrap align-items-center justify-content-between gap-2 org-heading">
                <h2 id={`${id}-${org.organisationId}`} className="h3 mb-0">
                  {org.organisationName}
                </h2>
                <div className="org-fill">
                  <FillBar fill={org.fill} label={t('agendas.fillOf', { name: org.organisationName })} />
                </div>
              </div>
              {org.facilities.map((f) => (
                <div key={f.facilityId} className="mt-3">
                  <h3 className="h5 mb-1">
                    {f.facilityName} <span className="small fw-normal text-muted">· {f.district}</span>
                  </h3>
                  <div className="table-responsive">
                    <table className="table table-sm align-middle agenda-table">
                      <caption className="visually-hidden">
                        {t('agendas.caption', { facility: f.facilityName })}
                      </caption>
                      <thead>
                        <tr>
                          <th scope="col">{t('agendas.agenda')}</th>
                          <th scope="col">{t('agendas.services')}</th>
                          <th scope="col">{t('agendas.fill')}</th>
                          <th scope="col" className="text-end">
                            {t('agendas.places')}
                          </th>
                          <th scope="col">{t('agendas.firstFree')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {f.agendas.map((a) => {
                          const described = a.serviceCodes.map((c) => names.get(c) ?? c);
                          return (
                            <tr key={a.agendaId} data-agenda={a.agendaId}>
                              <th scope="row" className="fw-semibold">
                                {a.name}
                              </th>
                              <td className="small">
                                {described.slice(0, 3).join(', ')}
                                {described.length > 3 &&
                                  ` ${t('agendas.more', { count: described.length - 3 })}`}
                              </td>
                              <td>
                                <FillBar fill={a.fill} label={t('agendas.fillOf', { name: a.name })} />
                              </td>
                              <td className="text-end text-nowrap small">
                                {a.taken} / {a.capacity}
                              </td>
                              <td className="text-nowrap small">
                                {a.firstFree ? formatDateTime(a.firstFree, lang) : t('agendas.noneFree')}
                              </td>
                            </tr>
                          );
                        })}
                      </tbody>
                    </table>
                  </div>
                </div>
              ))}
            </section>
          ))}
        </>
      )}
    </Page>
  );
}
