import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { ErrorAlert, FieldError, fieldError, useAnnounce } from '../components/feedback.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { SuggestedSheets } from '../knowledge/SuggestedSheets.tsx';
import { formatDateTime } from '../lib/format.ts';
import { useMe } from '../lib/queries.ts';
import { useShortcuts } from '../lib/shortcuts.ts';
import { actOnTicket, type HelpdeskQueue, type TicketAction, useTicket } from './api.ts';
import { CitizenContacts } from './CitizenContacts.tsx';
import { ClockText } from './ClockText.tsx';
import { CHANNEL_LABEL, LEVEL_LABEL, STATE_LABEL } from './labels.ts';
import { MacroPicker } from './MacroPicker.tsx';
import { QueueOptions } from './QueueOptions.tsx';
import { TicketThread } from './TicketThread.tsx';

/** One ticket: who asked what, its clock, its history; the back office moves, escalates and notes it. */
export function TicketDetail({
  id: ticketId,
  queues,
  onClose,
  onOpen,
}: {
  id: string;
  queues: HelpdeskQueue[];
  onClose: () => void;
  /** Opens another ticket (a linked one, the one a duplicate was merged into). */
  onOpen: (id: string) => void;
}) {
  const { t, lang } = useI18n();
  const id = useId();
  const announce = useAnnounce();
  const qc = useQueryClient();
  const me = useMe().data;
  const ticket = useTicket(ticketId);
  const heading = useRef<HTMLHeadingElement>(null);
  const [note, setNote] = useState('');
  const [message, setMessage] = useState('');
  const [reason, setReason] = useState('');
  const [level, setLevel] = useState('');
  const [queue, setQueue] = useState('');
  const [department, setDepartment] = useState({ name: '', email: '' });
  const roles: readonly string[] = me?.roles ?? [];
  useShortcuts({
    answer: () => document.getElementById(`${id}-message`)?.focus(),
    note: () => document.getElementById(`${id}-note`)?.focus(),
  });
  const admin = roles.includes('admin');
  const callsBack = admin || roles.includes('backoffice') || roles.includes('operator');
  // HD-2, CC-11: the first-level back office works levels 0–1, the regional offices 2–3; both write notes.
  const notes = admin || roles.includes('backoffice') || roles.includes('second-level');
  // biome-ignore lint/correctness/useExhaustiveDependencies: the focus goes to each ticket opened
  useEffect(() => {
    if (ticket.isSuccess) heading.current?.focus();
  }, [ticket.isSuccess, ticketId]);

  const act = useMutation({
    mutationFn: (a: TicketAction) => actOnTicket(ticketId, a),
    onSuccess: (x, a) => {
      qc.setQueryData(['helpdesk', 'ticket', ticketId], x);
      void qc.invalidateQueries({ queryKey: ['helpdesk', 'tickets'] });
      if (a.type === 'note') setNote('');
      if (a.type === 'reply' || (a.type === 'move' && a.reply)) setMessage('');
      if (a.type === 'escalate') {
        setReason('');
        setLevel('');
        setDepartment({ name: '', email: '' });
      }
      announce(
        a.type === 'move'
          ? t('helpdesk.moved', { number: x.number, state: t(STATE_LABEL[x.state]) })
          : a.type === 'escalate'
            ? t('helpdesk.escalated', { number: x.number, level: t(LEVEL_LABEL[x.level]!) })
            : a.type === 'reply'
              ? t('helpdesk.replied', { number: x.number })
              : a.type === 'called-back'
                ? t('helpdesk.calledBackDone', { number: x.number })
                : t('helpdesk.noted'),
      );
    },
  });
  const x = ticket.data;
  if (ticket.error) return <ErrorAlert error={ticket.error} />;
  if (!x) return null;
  const err = (f: string) => fieldError(act.error, f);
  // A merged duplicate is only read (notes aside): its work goes on in the ticket it joined.
  // A queue with its own staff is worked by them alone (HELPDESK_QUEUES); the others read it.
  const notStaff = queues.find((q) => q.id === x.queue)?.works === false;
  const levelRole = admin || (x.level >= 2 ? roles.includes('second-level') : roles.includes('backoffice'));
  const works = !x.mergedInto && !notStaff && levelRole;
  const servesPatients = admin || roles.includes('operator') || roles.includes('backoffice');
  const higher = [1, 2, 3].filter((l) => l > x.level);
  // From the first level up a resolution tells the citizen the outcome (HD-2): it has its own button.
  const outcomeRequired = x.level >= 1;
  const canResolve = x.moves.includes('resolved');
  const toLevel = Number(level || higher[0]);
  const escalate = (e: FormEvent) => {
    e.preventDefault();
    act.mutate({
      type: 'escalate',
      level: toLevel as 1 | 2 | 3,
      reason,
      ...(queue ? { queue } : {}),
      // HD-2: the third level is an outside department, e-mailed a link to the case.
      ...(toLevel === 3 ? { department: department.name, departmentEmail: department.email } : {}),
    });
  };

  return (
    <section className="card mt-4" aria-labelledby={`${id}-h`} data-testid="ticket">
      <div className="card-body">
        <div className="d-flex justify-content-between align-items-start gap-2">
          <h2 id={`${id}-h`} ref={heading} tabIndex={-1} className="h4">
            {t('helpdesk.ticketTitle', { number: x.number, subject: x.subject })}
          </h2>
          <button type="button" className="btn btn-outline-primary btn-sm" onClick={onClose}>
            {t('helpdesk.close')}
          </button>
        </div>
        <dl className="row mb-3">
          <dt className="col-sm-3">{t('helpdesk.field.state')}</dt>
          <dd className="col-sm-9" data-testid="ticket-state">
            {t(STATE_LABEL[x.state])}
          </dd>
          <dt className="col-sm-3">{t('helpdesk.field.queue')}</dt>
          <dd className="col-sm-9">
            {x.queueName} · {t(LEVEL_LABEL[x.level]!)}
          </dd>
          <dt className="col-sm-3">{t('helpdesk.col.clock')}</dt>
          <dd className="col-sm-9" data-testid="ticket-clock">
            <ClockText ticket={x} />
          </dd>
          <dt className="col-sm-3">{t('helpdesk.field.channel')}</dt>
          <dd className="col-sm-9">
            {t(CHANNEL_LABEL[x.channel])} ·{' '}
            {t('helpdesk.received', { at: formatDateTime(x.receivedAt, lang) })}
          </dd>
          <dt className="col-sm-3">{t('helpdesk.requester')}</dt>
          <dd className="col-sm-9">
            {[x.requester.name, x.requester.email, x.requester.phone, x.fiscalCode]
              .filter(Boolean)
              .join(' · ') || '—'}
          </dd>
          {x.pec && (
            <>
              <dt className="col-sm-3">{t('helpdesk.pec')}</dt>
              <dd className="col-sm-9" data-testid="ticket-pec">
                {t('helpdesk.pecData', {
                  sender: x.pec.sender,
                  provider: x.pec.provider,
                  at: x.pec.sentAt ? formatDateTime(x.pec.sentAt, lang) : '—',
                  id: x.pec.identifier,
                })}
              </dd>
            </>
          )}
        </dl>
        {x.mergedInto && (
          <div
            className="alert alert-info d-flex flex-wrap align-items-center gap-2"
            data-testid="ticket-merged"
          >
            <span>{t('helpdesk.mergedInto', { number: `#${x.mergedInto}` })}</span>
            <button type="button" className="btn btn-primary btn-sm" onClick={() => onOpen(x.mergedInto!)}>
              {t('helpdesk.openMerged', { number: `#${x.mergedInto}` })}
            </button>
          </div>
        )}
        {notStaff && levelRole && (
          <p className="alert alert-info" data-testid="ticket-not-staff">
            {t('helpdesk.notStaff', { queue: x.queueName })}
          </p>
        )}
        {x.referral && (
          <div className="alert alert-secondary" data-testid="ticket-referral">
            {t('helpdesk.referralSent', {
              department: x.referral.department,
              email: x.referral.email,
              at: formatDateTime(x.referral.sentAt, lang),
            })}{' '}
            {x.referral.answeredAt
              ? t('helpdesk.referralAnswered', { at: formatDateTime(x.referral.answeredAt, lang) })
              : x.referral.openedAt
                ? t('helpdesk.referralOpened', { at: formatDateTime(x.referral.openedAt, lang) })
                : t('helpdesk.referralNotOpened')}
          </div>
        )}
        {x.callback && !x.callback.doneAt && (
          <div
            className="alert alert-warning d-flex flex-wrap align-items-center gap-2"
            data-testid="ticket-callback"
          >
            <span>{t('helpdesk.callbackOwed', { phone: x.requester.phone ?? '—' })}</span>
            {callsBack && (
              <button
                type="button"
                className="btn btn-primary btn-sm"
                disabled={act.isPending}
                onClick={() => act.mutate({ type: 'called-back' })}
              >
                {t('helpdesk.calledBack')}
              </button>
            )}
          </div>
        )}
        <SuggestedSheets words={`${x.subject} ${x.history[0]?.body ?? ''}`} />
        <TicketThread ticket={x} />
        <CitizenContacts ticket={x} works={works} servesPatients={servesPatients} onOpen={onOpen} />
        <h3 className="h5">{t('helpdesk.history')}</h3>
        <ol className="list-unstyled" data-testid="ticket-history">
          {x.history.map((h) => (
            <li key={h.id} className="mb-2">
              <span className="small text-muted">
                {formatDateTime(h.at, lang)}
                {h.actor ? ` · ${h.actor}` : ''}
              </span>{' '}
              <strong>
                {h.kind === 'created'
                  ? t('helpdesk.event.created')
                  : h.kind === 'state'
                    ? t('helpdesk.event.state', {
                        state: t(STATE_LABEL[h.toState as keyof typeof STATE_LABEL]),
                      })
                    : h.kind === 'escalated'
                      ? t('helpdesk.event.escalated', { level: t(LEVEL_LABEL[h.toLevel ?? 0]!) })
                      : h.kind === 'email-in'
                        ? t('helpdesk.event.email-in')
                        : h.kind === 'email-out'
                          ? t('helpdesk.event.email-out')
                          : h.kind === 'merged'
                            ? t('helpdesk.event.merged')
                            : h.kind === 'linked'
                              ? t('helpdesk.event.linked')
                              : t('helpdesk.event.note')}
              </strong>
              {h.body && <div style={{ whiteSpace: 'pre-wrap' }}>{h.body}</div>}
            </li>
          ))}
        </ol>
        {works && (
          <>
            <ErrorAlert
              error={
                act.error &&
                !['reason', 'level', 'body', 'reply', 'department', 'departmentEmail'].some((f) => err(f))
                  ? act.error
                  : null
              }
            />
            <form
              className="mb-3"
              aria-label={t('helpdesk.answerForm')}
              onSubmit={(e) => {
                e.preventDefault();
                act.mutate({ type: 'reply', body: message });
              }}
            >
              <MacroPicker
                ticketId={x.id}
                onPick={(text) => {
                  setMessage((m) => (m.trim() ? `${m.trimEnd()}\n\n${text}` : text));
                  announce(t('helpdesk.macroInserted'));
                }}
              />
              <label htmlFor={`${id}-message`} className="form-label small mb-0">
                {t('helpdesk.toCitizen')}
              </label>
              <textarea
                id={`${id}-message`}
                className={`form-control form-control-sm${err('reply') || (err('body') && act.variables?.type === 'reply') ? ' is-invalid' : ''}`}
                rows={3}
                value={message}
                aria-invalid={err('reply') ? true : undefined}
                aria-describedby={err('reply') ? `${id}-message-error` : undefined}
                onChange={(e) => setMessage(e.target.value)}
              />
              <FieldError
                id={`${id}-message-error`}
                error={err('reply') ?? (act.variables?.type === 'reply' ? err('body') : null)}
              />
              <div className="d-flex flex-wrap gap-2 mt-2">
                <button
                  type="submit"
                  className="btn btn-outline-primary btn-sm"
                  disabled={act.isPending || !x.requester.email}
                >
                  {t('helpdesk.sendReply')}
                </button>
                {canResolve && (
                  <button
                    type="button"
                    className="btn btn-primary btn-sm"
                    disabled={act.isPending}
                    onClick={() => act.mutate({ type: 'move', to: 'resolved', reply: message })}
                  >
                    {x.requester.email ? t('helpdesk.resolveByEmail') : t('helpdesk.resolveByPhone')}
                  </button>
                )}
              </div>
            </form>
            <fieldset className="d-flex flex-wrap gap-2 mb-3">
              <legend className="visually-hidden">{t('helpdesk.moveTo')}</legend>
              {x.moves
                .filter((s) => !(s === 'resolved' && (outcomeRequired || canResolve)))
                .map((s) => (
                  <button
                    key={s}
                    type="button"
                    className="btn btn-outline-primary btn-sm"
                    disabled={act.isPending}
                    onClick={() => act.mutate({ type: 'move', to: s })}
                  >
                    {t('helpdesk.moveButton', { state: t(STATE_LABEL[s]) })}
                  </button>
                ))}
            </fieldset>
            {higher.length > 0 && x.state !== 'resolved' && x.state !== 'closed' && (
              <form className="row g-2 mb-3" onSubmit={escalate} aria-label={t('helpdesk.escalate')}>
                <div className="col-12 col-md-3">
                  <label htmlFor={`${id}-level`} className="form-label small mb-0">
                    {t('helpdesk.escalateTo')}
                  </label>
                  <select
                    id={`${id}-level`}
                    className="form-select form-select-sm"
                    value={level || String(higher[0])}
                    onChange={(e) => setLevel(e.target.value)}
                  >
                    {higher.map((l) => (
                      <option key={l} value={l}>
                        {t(LEVEL_LABEL[l]!)}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="col-12 col-md-3">
                  <label htmlFor={`${id}-queue`} className="form-label small mb-0">
                    {t('helpdesk.field.queue')}
                  </label>
                  <select
                    id={`${id}-queue`}
                    className="form-select form-select-sm"
                    value={queue || x.queue}
                    onChange={(e) => setQueue(e.target.value === x.queue ? '' : e.target.value)}
                  >
                    <QueueOptions queues={queues} />
                  </select>
                </div>
                <div className="col-12 col-md-6">
                  <label htmlFor={`${id}-reason`} className="form-label small mb-0">
                    {t('helpdesk.reason')}
                  </label>
                  <input
                    id={`${id}-reason`}
                    className={`form-control form-control-sm${err('reason') ? ' is-invalid' : ''}`}
                    value={reason}
                    aria-invalid={err('reason') ? true : undefined}
                    aria-describedby={err('reason') ? `${id}-reason-error` : undefined}
                    onChange={(e) => setReason(e.target.value)}
                  />
                  <FieldError id={`${id}-reason-error`} error={err('reason')} />
                </div>
                {toLevel === 3 && (
                  <>
                    <div className="col-12 col-md-6">
                      <label htmlFor={`${id}-department`} className="form-label small mb-0">
                        {t('helpdesk.department')}
                      </label>
                      <input
                        id={`${id}-department`}
                        className={`form-control form-control-sm${err('department') ? ' is-invalid' : ''}`}
                        value={department.name}
                        aria-invalid={err('department') ? true : undefined}
                        aria-describedby={err('department') ? `${id}-department-error` : undefined}
                        onChange={(e) => setDepartment((d) => ({ ...d, name: e.target.value }))}
                      />
                      <FieldError id={`${id}-department-error`} error={err('department')} />
                    </div>
                    <div className="col-12 col-md-6">
                      <label htmlFor={`${id}-department-email`} className="form-label small mb-0">
                        {t('helpdesk.departmentEmail')}
                      </label>
                      <input
                        id={`${id}-department-email`}
                        type="email"
                        className={`form-control form-control-sm${err('departmentEmail') ? ' is-invalid' : ''}`}
                        value={department.email}
                        aria-invalid={err('departmentEmail') ? true : undefined}
                        aria-describedby={`${id}-department-hint${err('departmentEmail') ? ` ${id}-department-email-error` : ''}`}
                        onChange={(e) => setDepartment((d) => ({ ...d, email: e.target.value }))}
                      />
                      <div id={`${id}-department-hint`} className="form-text">
                        {t('helpdesk.departmentHint')}
                      </div>
                      <FieldError id={`${id}-department-email-error`} error={err('departmentEmail')} />
                    </div>
                  </>
                )}
                <div className="col-12">
                  <button type="submit" className="btn btn-primary btn-sm" disabled={act.isPending}>
                    {t('helpdesk.escalate')}
                  </button>
                </div>
              </form>
            )}
          </>
        )}
        {notes && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              act.mutate({ type: 'note', body: note });
            }}
          >
            <label htmlFor={`${id}-note`} className="form-label small mb-0">
              {t('helpdesk.note')}
            </label>
            <textarea
              id={`${id}-note`}
              className={`form-control form-control-sm${err('body') ? ' is-invalid' : ''}`}
              rows={2}
              value={note}
              aria-invalid={err('body') ? true : undefined}
              aria-describedby={err('body') ? `${id}-note-error` : undefined}
              onChange={(e) => setNote(e.target.value)}
            />
            <FieldError id={`${id}-note-error`} error={err('body')} />
            <button type="submit" className="btn btn-outline-primary btn-sm mt-2" disabled={act.isPending}>
              {t('helpdesk.addNote')}
            </button>
          </form>
        )}
      </div>
    </section>
  );
}
