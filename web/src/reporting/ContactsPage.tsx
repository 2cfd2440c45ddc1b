import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { ErrorAlert, FieldError, fieldError } from '../components/feedback.tsx';
import { Page } from '../components/Page.tsx';
import { ScrollRegion } from '../components/ScrollRegion.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { apiRequest } from '../lib/api.ts';
import { formatDateTime, romeToday } from '../lib/format.ts';
import type { Ok } from '../lib/openapi.ts';
import { formatPhone } from '../lib/phone.ts';

type Search = Ok<'/api/v1/reporting/contacts', 'get'>;
type Contact = Ok<'/api/v1/reporting/contacts/{callId}', 'get'>;

const OUTCOMES = ['answered', 'abandoned', 'busy', 'callback', 'out-of-hours', 'turned-away', 'self-service'];

interface Filters {
  from: string;
  to: string;
  number: string;
  fiscalCode: string;
  requestType: string;
  outcome: string;
  line: string;
}

const query = (f: Filters, cursor?: string) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v.trim()) q.set(k, v.trim());
  if (cursor) q.set('cursor', cursor);
  return q.toString();
};

/**
 * MR-1, the knowledge database of contacts: every inbound contact of a period, searched by caller number,
 * patient, request type, outcome and line, and each opened on its events in order. Supervisors and the
 * CUP manager; every search and every contact opened is in the audit trail.
 */
export function ContactsPage() {
  const { t, lang } = useI18n();
  const id = useId();
  const today = romeToday();
  const empty: Filters = {
    from: today,
    to: today,
    number: '',
    fiscalCode: '',
    requestType: '',
    outcome: '',
    line: '',
  };
  const [form, setForm] = useState<Filters>(empty);
  const [filters, setFilters] = useState<Filters | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const search = useInfiniteQuery({
    queryKey: ['reporting', 'contacts', filters],
    enabled: filters !== null,
    retry: false,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      apiRequest<Search>('GET', `/api/v1/reporting/contacts?${query(filters!, pageParam)}`),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const contacts = search.data?.pages.flatMap((p) => p.contacts) ?? [];
  const field = (name: keyof Filters) => fieldError(search.error, name);
  const input = (name: keyof Filters, label: string, type = 'text', col = 'col-6 col-md-3') => (
    <div className={col}>
      <label htmlFor={`${id}-${name}`} className="form-label fw-semibold">
        {label}
      </label>
      <input
        id={`${id}-${name}`}
        type={type}
        className={`form-control${field(name) ? ' is-invalid' : ''}`}
        value={form[name]}
        aria-describedby={field(name) ? `${id}-${name}-error` : undefined}
        onChange={(e) => setForm({ ...form, [name]: e.target.value })}
      />
      <FieldError id={`${id}-${name}-error`} error={field(name)} />
    </div>
  );
  const hasFieldError = (Object.keys(empty) as (keyof Filters)[]).some((k) => field(k));
  return (
    <Page title={t('contacts.title')}>
      <p className="small">{t('contacts.intro')}</p>
      <form
        className="row g-3 align-items-end mb-3"
        onSubmit={(e) => {
          e.preventDefault();
          setOpen(null);
          setFilters({ ...form });
        }}
      >
        {input('from', t('contacts.from'), 'date')}
        {input('to', t('contacts.to'), 'date')}
        {input('number', t('contacts.number'), 'tel')}
        {input('fiscalCode', t('contacts.fiscalCode'))}
        {input('requestType', t('contacts.requestType'))}
        <div className="col-6 col-md-3">
          <label htmlFor={`${id}-outcome`} className="form-label fw-semibold">
            {t('contacts.outcome')}
          </label>
          <select
            id={`${id}-outcome`}
            className="form-select"
            value={form.outcome}
            onChange={(e) => setForm({ ...form, outcome: e.target.value })}
          >
            <option value="">{t('contacts.any')}</option>
            {OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {t(`contacts.outcome.${o}` as never)}
              </option>
            ))}
          </select>
        </div>
        {input('line', t('contacts.line'), 'tel')}
        <div className="col-6 col-md-3">
          <button type="submit" className="btn btn-primary">
            {t('contacts.search')}
          </button>
        </div>
      </form>
      {!hasFieldError && <ErrorAlert error={search.error} />}
      {search.isSuccess && contacts.length === 0 && <p role="status">{t('contacts.none')}</p>}
      {contacts.length > 0 && (
        <ScrollRegion label={t('contacts.caption')}>
          <table className="table table-sm align-middle" data-testid="contacts">
            <caption>{t('contacts.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('contacts.col.arrived')}</th>
                <th scope="col">{t('contacts.col.caller')}</th>
                <th scope="col">{t('contacts.col.line')}</th>
                <th scope="col">{t('contacts.col.requestType')}</th>
                <th scope="col">{t('contacts.col.outcome')}</th>
                <th scope="col">{t('contacts.col.agent')}</th>
                <th scope="col" className="text-end">
                  {t('contacts.col.duration')}
                </th>
                <th scope="col">{t('contacts.col.resolved')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('contacts.col.open')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {contacts.map((c) => (
                <tr key={c.callId} data-testid="contact-row">
                  <th scope="row" className="fw-normal text-nowrap">
                    {formatDateTime(c.arrivedAt, lang)}
                  </th>
                  <td>{formatPhone(c.callerId)}</td>
                  <td>{formatPhone(c.line)}</td>
                  <td>{c.requestType ?? '—'}</td>
                  <td>
                    {c.outcome ? t(`contacts.outcome.${c.outcome}` as never) : t('contacts.inProgress')}
                  </td>
                  <td>{c.agentId ?? '—'}</td>
                  <td className="text-end">{c.durationSeconds === null ? '—' : `${c.durationSeconds} s`}</td>
                  <td>
                    {c.resolvedFirstContact === null
                      ? '—'
                      : t(c.resolvedFirstContact ? 'contacts.yes' : 'contacts.no')}
                  </td>
                  <td>
                    <button
                      type="button"
                      className="btn btn-outline-primary btn-sm"
                      aria-expanded={open === c.callId}
                      onClick={() => setOpen(open === c.callId ? null : c.callId)}
                    >
                      {t('contacts.openShort')}
                      <span className="visually-hidden">
                        {' '}
                        {t('contacts.open', { at: formatDateTime(c.arrivedAt, lang) })}
                      </span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {search.hasNextPage && (
        <button
          type="button"
          className="btn btn-outline-primary mb-3"
          disabled={search.isFetchingNextPage}
          onClick={() => search.fetchNextPage()}
        >
          {t('contacts.more')}
        </button>
      )}
      {open && <ContactDetail callId={open} />}
    </Page>
  );
}

function ContactDetail({ callId }: { callId: string }) {
  const { t, lang } = useI18n();
  const id = useId();
  const contact = useQuery({
    queryKey: ['reporting', 'contact', callId],
    queryFn: () => apiRequest<Contact>('GET', `/api/v1/reporting/contacts/${encodeURIComponent(callId)}`),
  });
  const c = contact.data;
  const heading = useRef<HTMLHeadingElement>(null);
  // The detail opens below the list: the focus goes to it, so it is seen and read at once.
  useEffect(() => {
    if (c) heading.current?.focus();
  }, [c]);
  return (
    <section className="border rounded p-3" aria-labelledby={id} data-testid="contact-detail">
      <h2 id={id} className="h5" tabIndex={-1} ref={heading}>
        {t('contacts.detail', { caller: c?.callerId ?? '' })}
      </h2>
      <ErrorAlert error={contact.error} />
      {c && (
        <ol className="small">
          {c.events.map((e) => (
            <li key={e.id}>
              <span className="text-nowrap">{formatDateTime(e.at, lang)}</span> — <code>{e.type}</code>{' '}
              {describe(e.data)}
            </li>
          ))}
        </ol>
      )}
      {c && c.messages.length > 0 && (
        <>
          <h3 className="h6">{t('contacts.messages')}</h3>
          <ul className="small">
            {c.messages.map((m) => (
              <li key={`${m.at}-${m.kind}-${m.direction}`}>
                {formatDateTime(m.at, lang)} — {m.direction === 'out' ? '→' : '←'} {m.channel} {m.kind}:{' '}
                {m.text} ({m.status})
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** The telling fields of an event, as they are stored (keys pressed, queue, wait, agent, outcome, score). */
function describe(data: Record<string, unknown>): string {
  const keys = [
    'menu',
    'digits',
    'result',
    'queueId',
    'waitMs',
    'agentId',
    'requestType',
    'outcome',
    'score',
  ];
  return keys
    .filter((k) => data[k] !== undefined && data[k] !== null)
    .map((k) => `${k}=${k === 'waitMs' ? `${Math.round(Number(data[k]) / 1000)} s` : String(data[k])}`)
    .join(', ');
}
