import { useEffect, useId, useRef, useState } from 'react';
import { ErrorAlert } from '../components/feedback.tsx';
import { Page } from '../components/Page.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { useMe } from '../lib/queries.ts';
import { useShortcuts } from '../lib/shortcuts.ts';
import { type TicketQuery, type TicketState, useHelpdeskQueues, useTickets } from './api.ts';
import { ClockText } from './ClockText.tsx';
import { HelpdeskShortcuts } from './HelpdeskShortcuts.tsx';
import { LEVEL_LABEL, STATE_LABEL } from './labels.ts';
import { MacrosPanel } from './MacrosPanel.tsx';
import { NewTicketForm } from './NewTicketForm.tsx';
import { OwedCallbacks } from './OwedCallbacks.tsx';
import { TicketDetail } from './TicketDetail.tsx';

const STATES = Object.keys(STATE_LABEL) as TicketState[];

/**
 * Issue 16 (HD-1, HD-2, HD-6): the help desk's queues, nearest deadline first, each ticket's clock on
 * the business calendar; a ticket opened below with its history and, for the back office, its actions.
 */
export function HelpdeskPage() {
  const { t } = useI18n();
  const id = useId();
  const [query, setQuery] = useState<TicketQuery>({});
  const [selected, setSelected] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const queues = useHelpdeskQueues().data?.queues ?? [];
  const tickets = useTickets(query);
  const list = tickets.data?.tickets ?? [];
  const newButton = useRef<HTMLButtonElement>(null);
  const wasCreating = useRef(false);
  useEffect(() => {
    if (wasCreating.current && !creating) newButton.current?.focus();
    wasCreating.current = creating;
  }, [creating]);

  const select = (field: keyof TicketQuery, label: string, options: { value: string; label: string }[]) => (
    <div className="col-12 col-md-4">
      <label htmlFor={`${id}-${field}`} className="form-label fw-semibold">
        {label}
      </label>
      <select
        id={`${id}-${field}`}
        className="form-select"
        value={query[field] === undefined ? '' : String(query[field])}
        onChange={(e) => {
          const v = e.target.value;
          setQuery((q) => ({ ...q, [field]: v === '' ? undefined : field === 'level' ? Number(v) : v }));
        }}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );

  const roles = useMe().data?.roles ?? [];
  const frontOrBack = roles.includes('operator') || roles.includes('backoffice');
  const creates = frontOrBack || roles.includes('admin');
  // Keyboard-first like the console: the next or previous ticket of the list opens with Alt+J / Alt+K.
  const step = (by: 1 | -1) => {
    if (list.length === 0) return;
    const at = list.findIndex((x) => x.id === selected);
    const next = at < 0 ? (by === 1 ? 0 : list.length - 1) : Math.min(Math.max(at + by, 0), list.length - 1);
    setCreating(false);
    setSelected(list[next]!.id);
  };
  useShortcuts({
    ticketNext: () => step(1),
    ticketPrevious: () => step(-1),
    newCall: () => creates && setCreating(true),
    serviceFilter: () => document.getElementById(`${id}-queue`)?.focus(),
  });
  return (
    <Page
      title={t('helpdesk.title')}
      actions={
        !creating &&
        creates && (
          <button ref={newButton} type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
            {t('helpdesk.new')}
          </button>
        )
      }
    >
      {frontOrBack && <OwedCallbacks />}
      {(roles.includes('supervisor') || roles.includes('admin')) && <MacrosPanel queues={queues} />}
      {creating && (
        <NewTicketForm
          queues={queues}
          onDone={(ticketId) => {
            setCreating(false);
            if (ticketId) setSelected(ticketId);
          }}
        />
      )}
      <form className="row g-3 mb-3" aria-label={t('helpdesk.filters')} onSubmit={(e) => e.preventDefault()}>
        {select('queue', t('helpdesk.field.queue'), [
          { value: '', label: t('helpdesk.allQueues') },
          ...queues.map((q) => ({ value: q.id, label: q.name })),
        ])}
        {select('level', t('helpdesk.field.level'), [
          { value: '', label: t('helpdesk.allLevels') },
          ...[0, 1, 2, 3].map((l) => ({ value: String(l), label: t(LEVEL_LABEL[l]!) })),
        ])}
        {select('state', t('helpdesk.field.state'), [
          { value: '', label: t('helpdesk.notClosed') },
          ...STATES.map((s) => ({ value: s, label: t(STATE_LABEL[s]) })),
        ])}
      </form>
      <HelpdeskShortcuts creates={creates} />
      <ErrorAlert error={tickets.error} />
      {tickets.isSuccess && list.length === 0 && <p>{t('helpdesk.none')}</p>}
      {list.length > 0 && (
        <div className="table-responsive">
          <table className="table table-sm align-middle" data-testid="tickets">
            <caption className="visually-hidden">{t('helpdesk.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('helpdesk.col.number')}</th>
                <th scope="col">{t('helpdesk.field.subject')}</th>
                <th scope="col">{t('helpdesk.field.queue')}</th>
                <th scope="col">{t('helpdesk.field.level')}</th>
                <th scope="col">{t('helpdesk.field.state')}</th>
                <th scope="col">{t('helpdesk.col.clock')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((x) => (
                <tr
                  key={x.id}
                  className={x.id === selected ? 'table-active' : undefined}
                  aria-current={x.id === selected ? 'true' : undefined}
                >
                  <th scope="row">
                    <button
                      type="button"
                      className="btn btn-link p-0"
                      aria-label={t('helpdesk.openTicket', { number: x.number, subject: x.subject })}
                      onClick={() => setSelected(x.id)}
                    >
                      {x.number}
                    </button>
                  </th>
                  <td>{x.subject}</td>
                  <td>{x.queueName}</td>
                  <td>{t(LEVEL_LABEL[x.level]!)}</td>
                  <td>{t(STATE_LABEL[x.state])}</td>
                  <td>
                    <ClockText ticket={x} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {selected && (
        <TicketDetail id={selected} queues={queues} onClose={() => setSelected(null)} onOpen={setSelected} />
      )}
    </Page>
  );
}
