import { useMutation } from '@tanstack/react-query';
import {
  type FormEvent,
  type KeyboardEvent,
  type RefObject,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
} from 'react';
import { ErrorAlert, useAnnounce } from '../components/feedback.tsx';
import { Kbd } from '../components/Kbd.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { api } from '../lib/api.ts';
import { formatDateTime, formatLongDate, romeDayStart } from '../lib/format.ts';
import { useAvailability } from '../lib/queries.ts';
import { SHORTCUTS, submitOnEnter } from '../lib/shortcuts.ts';
import type { AvailableSlot, Priority } from '../lib/types.ts';
import { PRIORITY_LABEL } from './PrescriptionSection.tsx';

/** What the operator is looking for slots for: an item to book, or an appointment to move. */
export type SlotSearch =
  | {
      kind: 'book';
      nre: string;
      /** The patient being served: the server books only their prescription. */
      fiscalCode: string;
      itemIndex: number;
      service: { code: string; description: string };
      priority: Priority;
      /** The prescription is a follow-up (controllo): warn if it would come before the first visit. */
      followUp?: boolean;
    }
  | {
      kind: 'move';
      appointmentId: string;
      code: string;
      service: { code: string; description: string };
      priority: Priority;
      followUp?: boolean;
    };

/** The search asks for this many and shows them a page at a time; the filters' choices come from them. */
const FETCH = 100;
const PAGE = 10;

interface Filters {
  district: string;
  facility: string;
  from: string;
  /** Soonest first, or nearest to the patient's municipality first (issue 14 §7). */
  sort: 'date' | 'distance';
}
const NO_FILTERS: Filters = { district: '', facility: '', from: '', sort: 'date' };

/** Moves the focus between the result buttons with the arrow keys, Home and End. */
export function onResultsKeyDown(e: KeyboardEvent<HTMLElement>) {
  if (!['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(e.key)) return;
  const buttons = Array.from(e.currentTarget.querySelectorAll<HTMLButtonElement>('button[data-slot]'));
  const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
  if (at < 0 || buttons.length === 0) return;
  e.preventDefault();
  const next =
    e.key === 'Home'
      ? 0
      : e.key === 'End'
        ? buttons.length - 1
        : Math.min(buttons.length - 1, Math.max(0, at + (e.key === 'ArrowDown' ? 1 : -1)));
  buttons[next]?.focus();
}

export function AvailabilityPanel({
  search,
  focusToken,
  onPick,
  picking,
  pickError,
  resultsRef,
  offerProtection = true,
  near = null,
}: {
  search: SlotSearch;
  /** The patient's municipality (Belfiore code): the slots then carry their distance from it. */
  near?: string | null;
  /** Changes when the user asks for results: the first one then takes the focus. */
  focusToken: number;
  onPick: (slot: AvailableSlot) => void;
  picking: boolean;
  pickError: unknown;
  resultsRef: RefObject<HTMLDivElement | null>;
  /** The console offers the protection path; the back office, working a case already, does not. */
  offerProtection?: boolean;
}) {
  const { t, lang } = useI18n();
  const announce = useAnnounce();
  const id = useId();
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [shown, setShown] = useState(PAGE);
  // The results take the focus when they arrive after the user asked for them (mount, filters, item).
  const focusWanted = useRef<number | null>(focusToken);
  const focusAt = useRef<number | null>(null);

  const base = {
    service: search.service.code,
    priority: search.priority,
    limit: FETCH,
    ...(near ? { near } : {}),
  };
  const unfiltered = useAvailability(base);
  const filtered = filters.district || filters.facility || filters.from;
  const filteredQuery = useAvailability(
    filtered
      ? {
          ...base,
          district: filters.district || undefined,
          facility: filters.facility || undefined,
          from: filters.from ? romeDayStart(filters.from) : undefined,
        }
      : null,
  );
  const query = filtered ? filteredQuery : unfiltered;
  const data = query.data;
  // The guarantee verdict is about the region's availability, never the caller's filtered view (BK-4): a
  // later start date chosen by the caller neither says "nothing within" nor offers the protection path.
  const region = unfiltered.data;

  // Filter choices: the districts and facilities that offer this service soonest.
  const options = useMemo(() => {
    const districts = new Set<string>();
    const facilities = new Map<string, string>();
    for (const s of [...(unfiltered.data?.items ?? []), ...(filteredQuery.data?.items ?? [])]) {
      districts.add(s.facility.district);
      if (!draft.district || s.facility.district === draft.district)
        facilities.set(s.facility.id, s.facility.name);
    }
    const byName = (a: string, b: string) => a.localeCompare(b, 'it');
    return {
      districts: [...districts].sort(byName),
      facilities: [...facilities.entries()].sort((a, b) => byName(a[1], b[1])),
    };
  }, [unfiltered.data, filteredQuery.data, draft.district]);

  // A new item or appointment starts from the soonest slots of the region.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when what is searched changes
  useEffect(() => {
    setDraft(NO_FILTERS);
    setFilters(NO_FILTERS);
    setShown(PAGE);
  }, [search.kind, search.service.code, search.kind === 'book' ? search.itemIndex : search.appointmentId]);

  useEffect(() => {
    focusWanted.current = focusToken;
  }, [focusToken]);

  useEffect(() => {
    if (!data || query.isFetching || focusWanted.current === null) return;
    focusWanted.current = null;
    const first = data.items[0];
    announce(
      first
        ? t('availability.announce', {
            count: data.items.length,
            first: formatDateTime(first.start, lang),
            facility: first.facility.name,
          })
        : t('availability.none'),
    );
    const button = resultsRef.current?.querySelector<HTMLButtonElement>('button[data-slot]');
    (button ?? resultsRef.current)?.focus({ preventScroll: true });
    // The section from its heading (what is searched, the priority, the filters) down to the first
    // places, below the call bar: browsers differ in where a focus alone scrolls to.
    resultsRef.current?.closest('section')?.scrollIntoView?.({ block: 'start' });
  }, [data, query.isFetching, announce, t, lang, resultsRef]);

  const protection = useMutation({
    mutationFn: () =>
      search.kind === 'book'
        ? api.openProtectionCase(search.nre, search.fiscalCode, search.itemIndex)
        : Promise.reject(new Error('not a booking')),
    onSuccess: (r) => announce(r.created ? t('protection.opened') : t('protection.existing'), 'assertive'),
  });

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once the next page of results is on screen
  useEffect(() => {
    if (focusAt.current === null) return;
    const buttons = resultsRef.current?.querySelectorAll<HTMLButtonElement>('button[data-slot]');
    buttons?.[focusAt.current]?.focus();
    focusAt.current = null;
  }, [shown, resultsRef]);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    setFilters(draft);
    setShown(PAGE);
    focusWanted.current = Date.now();
  };
  const reset = () => {
    setDraft(NO_FILTERS);
    setFilters(NO_FILTERS);
    setShown(PAGE);
    focusWanted.current = Date.now();
  };

  const origin = data?.origin ?? null;
  const byDistance = filters.sort === 'distance' && origin !== null;
  const items = byDistance
    ? [...(data?.items ?? [])].sort(
        (a, b) =>
          (a.facility.distanceKm ?? Number.POSITIVE_INFINITY) -
            (b.facility.distanceKm ?? Number.POSITIVE_INFINITY) || a.start.localeCompare(b.start),
      )
    : (data?.items ?? []);
  const sortedAs = byDistance
    ? t('availability.sortedByDistance', { n: items.length, place: origin.name })
    : t('availability.sortedByDate', { n: items.length });
  const title =
    search.kind === 'book'
      ? t('availability.titleBook', { service: search.service.description })
      : t('availability.titleMove', { code: search.code, service: search.service.description });

  return (
    <section aria-labelledby={`${id}-title`} className="console-section" data-testid="availability">
      <h2 id={`${id}-title`} className="h4">
        {title} <Kbd keys={SHORTCUTS.availability} />
      </h2>
      <p className="small mb-2">
        {t('availability.priority')}{' '}
        <span className={`badge priority-badge priority-${search.priority}`}>{search.priority}</span>{' '}
        {t(PRIORITY_LABEL[search.priority])}
        {region?.guaranteeDeadline && (
          <> · {t('availability.deadline', { date: formatLongDate(region.guaranteeDeadline, lang) })}</>
        )}
      </p>

      <form
        onSubmit={apply}
        className="filters row g-2 align-items-end mb-3"
        aria-label={t('availability.filters')}
      >
        <div className="col-sm-4">
          <label htmlFor={`${id}-district`} className="form-label small fw-semibold">
            {t('availability.district')}
          </label>
          <select
            onKeyDown={submitOnEnter}
            id={`${id}-district`}
            className="form-select form-select-sm"
            value={draft.district}
            onChange={(e) => setDraft((d) => ({ ...d, district: e.target.value, facility: '' }))}
          >
            <option value="">{t('availability.anyDistrict')}</option>
            {options.districts.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </div>
        <div className="col-sm-4">
          <label htmlFor={`${id}-facility`} className="form-label small fw-semibold">
            {t('availability.facility')}
          </label>
          <select
            onKeyDown={submitOnEnter}
            id={`${id}-facility`}
            className="form-select form-select-sm"
            value={draft.facility}
            onChange={(e) => setDraft((d) => ({ ...d, facility: e.target.value }))}
          >
            <option value="">{t('availability.anyFacility')}</option>
            {options.facilities.map(([fid, name]) => (
              <option key={fid} value={fid}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <div className="col-sm-4">
          <label htmlFor={`${id}-from`} className="form-label small fw-semibold">
            {t('availability.from')}
          </label>
          <input
            id={`${id}-from`}
            type="date"
            className="form-control form-control-sm"
            value={draft.from}
            onChange={(e) => setDraft((d) => ({ ...d, from: e.target.value }))}
          />
        </div>
        <div className="col-sm-4">
          <label htmlFor={`${id}-sort`} className="form-label small fw-semibold">
            {t('availability.sort')}
          </label>
          <select
            id={`${id}-sort`}
            className="form-select form-select-sm"
            value={draft.sort}
            onChange={(e) => setDraft((d) => ({ ...d, sort: e.target.value as Filters['sort'] }))}
          >
            <option value="date">{t('availability.sortDate')}</option>
            <option value="distance" disabled={!near}>
              {near ? t('availability.sortDistance') : t('availability.sortDistanceNone')}
            </option>
          </select>
        </div>
        <div className="col-12 d-flex gap-2">
          <button type="submit" className="btn btn-sm btn-primary">
            {t('availability.apply')}
          </button>
          <button type="button" className="btn btn-sm btn-outline-primary" onClick={reset}>
            {t('availability.reset')}
          </button>
        </div>
      </form>

      {region?.nothingWithinGuarantee && (
        <div className="alert alert-warning" role="alert" data-testid="nothing-within-guarantee">
          <p className="fw-semibold mb-1">{t('protection.nothingWithin')}</p>
          {search.kind === 'book' && offerProtection ? (
            <>
              <p className="mb-2 small">{t('protection.explain')}</p>
              {protection.data ? (
                <p className="mb-0" role="status">
                  {protection.data.created ? t('protection.opened') : t('protection.existing')}
                </p>
              ) : (
                <button
                  type="button"
                  className="btn btn-sm btn-warning"
                  onClick={() => protection.mutate()}
                  disabled={protection.isPending}
                >
                  {t('protection.open')}
                </button>
              )}
              <ErrorAlert
                error={protection.error}
                className="mt-2 mb-0"
                messages={{
                  CONFLICT: 'error.protectionAvailable',
                  GUARANTEE_SLOT_AVAILABLE: 'error.protectionAvailable',
                }}
              />
            </>
          ) : null}
        </div>
      )}

      {filtered &&
        region?.guaranteeDeadline &&
        !region.nothingWithinGuarantee &&
        data &&
        !data.items.some((s) => s.withinGuarantee) && (
          <p className="alert alert-info" data-testid="later-than-guarantee">
            {t('availability.laterThanGuarantee')}
          </p>
        )}
      <ErrorAlert error={query.error} />
      <ErrorAlert error={pickError} />

      {/* biome-ignore lint/a11y/noStaticElementInteractions: arrow keys move between the result buttons inside */}
      <div ref={resultsRef} tabIndex={-1} className="results" onKeyDown={onResultsKeyDown}>
        {query.isPending && !query.error ? (
          <p role="status">{t('common.loading')}</p>
        ) : items.length === 0 && !query.error ? (
          <p className="alert alert-info">{t('availability.none')}</p>
        ) : (
          <div className="table-responsive">
            <p className="small mb-1" data-testid="availability-sort">
              {sortedAs}
            </p>
            <table className="table table-sm table-hover align-middle mb-2">
              <caption className="visually-hidden">
                {t('availability.caption', { service: search.service.description })} {sortedAs}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('availability.when')}</th>
                  <th scope="col">{t('availability.where')}</th>
                  <th scope="col">{t('availability.district')}</th>
                  <th scope="col">{t('availability.guarantee')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('common.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.slice(0, shown).map((s) => (
                  <tr key={s.slotId}>
                    <td className="text-nowrap fw-semibold">{formatDateTime(s.start, lang)}</td>
                    <td>
                      {s.facility.name}
                      <div className="small text-muted">
                        {s.unitName}
                        {origin && s.facility.distanceKm != null && (
                          <>
                            {' · '}
                            {t('availability.distance', {
                              km: s.facility.distanceKm.toLocaleString(lang === 'it' ? 'it-IT' : 'en-GB'),
                              place: origin.name,
                            })}
                          </>
                        )}
                      </div>
                    </td>
                    <td className="small">{s.facility.district}</td>
                    <td>
                      {s.withinGuarantee === null ? (
                        <span className="small">—</span>
                      ) : s.withinGuarantee ? (
                        <span className="badge bg-success">{t('availability.within')}</span>
                      ) : (
                        <span className="badge bg-warning text-dark">{t('availability.beyond')}</span>
                      )}
                    </td>
                    <td className="text-end">
                      <button
                        type="button"
                        data-slot={s.slotId}
                        className="btn btn-sm btn-primary text-nowrap"
                        disabled={picking}
                        onClick={() => onPick(s)}
                      >
                        {search.kind === 'book' ? t('availability.hold') : t('availability.moveHere')}
                        <span className="visually-hidden">
                          : {formatDateTime(s.start, lang)}, {s.facility.name}
                        </span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="small text-muted mb-2">{t('availability.keys')}</p>
            {shown < items.length && (
              <button
                type="button"
                className="btn btn-sm btn-outline-primary"
                onClick={() => {
                  focusAt.current = shown;
                  setShown((n) => n + PAGE);
                }}
              >
                {t('availability.more', { count: Math.min(PAGE, items.length - shown) })}
              </button>
            )}
          </div>
        )}
      </div>
    </section>
  );
}
