import { useId, useState } from 'react';
import { ErrorAlert } from '../components/feedback.tsx';
import { Page } from '../components/Page.tsx';
import { type MessageKey, useI18n } from '../i18n/i18n.tsx';
import { formatCalendarDate, formatInstant, romeToday } from '../lib/format.ts';
import { type OutboxMessage, useMessages } from './api.ts';
import { SimulatedNotice } from './SimulatedNotice.tsx';

const STATUS: Record<OutboxMessage['status'], MessageKey> = {
  pending: 'messages.status.pending',
  held: 'messages.status.held',
  submitting: 'messages.status.submitting',
  submitted: 'messages.status.submitted',
  delivered: 'messages.status.delivered',
  failed: 'messages.status.failed',
  suppressed: 'messages.status.suppressed',
};
const KIND: Record<OutboxMessage['kind'], MessageKey> = {
  reminder: 'messages.kind.reminder',
  recall: 'messages.kind.recall',
  'cancel-ack': 'messages.kind.cancelAck',
  'confirm-ack': 'messages.kind.confirmAck',
  reoffer: 'messages.kind.reoffer',
  'reoffer-gone': 'messages.kind.reofferGone',
  campaign: 'messages.kind.campaign',
  promemoria: 'messages.kind.promemoria',
  delegation: 'messages.kind.delegation',
};
/** Names, not words: the same in both languages. */
const CHANNEL: Record<OutboxMessage['channel'], string> = { sms: 'SMS', email: 'e-mail', io: 'App IO' };
/** An App IO message's text opens with its button (YAML front matter): the page shows what the citizen reads. */
const withoutFrontMatter = (text: string) => text.replace(/^---\n[\s\S]*?\n---\n/, '');
const INTENT: Record<string, MessageKey> = {
  confirm: 'messages.intent.confirm',
  cancel: 'messages.intent.cancel',
  stop: 'messages.intent.stop',
  unknown: 'messages.intent.unknown',
};

/** Rows shown at first, and added by each "more". */
const PAGE = 50;

const OUTCOME: Record<string, MessageKey> = {
  cancelled: 'messages.outcome.cancelled',
  confirmed: 'messages.outcome.confirmed',
  'opted out': 'messages.outcome.optedOut',
  'not understood': 'messages.outcome.notUnderstood',
  'no reminded appointment': 'messages.outcome.noAppointment',
  'about an offer: not acted on': 'messages.outcome.aboutOffer',
};
const outcomeKey = (o: string): MessageKey =>
  OUTCOME[o] ?? (o.startsWith('refused') ? 'messages.outcome.refused' : 'messages.outcome.notUnderstood');

/**
 * OB-1, what the CUP sent patients and what they answered, day by day: each message's state (waiting
 * for the sending window, sent, delivered, failed, suppressed because the appointment changed) and the
 * replies with what they did. With the simulated gateway, everything here is labelled _simulazione_.
 */
export function MessagesPage() {
  const { t, lang } = useI18n();
  const id = useId();
  const [day, setDay] = useState(romeToday());
  const [status, setStatus] = useState<OutboxMessage['status'] | ''>('');
  const [shown, setShown] = useState(PAGE);
  const messages = useMessages({ from: day, to: day, ...(status ? { status } : {}) });
  const data = messages.data;
  const statuses = Object.keys(STATUS) as OutboxMessage['status'][];
  return (
    <Page title={t('messages.title')}>
      <SimulatedNotice pending={messages.isPending} simulated={!!data?.label} />
      <div className="row g-3 align-items-end mb-3">
        <div className="col-6 col-md-3">
          <label htmlFor={`${id}-day`} className="form-label fw-semibold">
            {t('messages.day')}
          </label>
          <input
            id={`${id}-day`}
            type="date"
            className="form-control"
            value={day}
            onChange={(e) => {
              if (!e.target.value) return;
              setDay(e.target.value);
              setShown(PAGE);
            }}
          />
        </div>
        <div className="col-6 col-md-3">
          <label htmlFor={`${id}-status`} className="form-label fw-semibold">
            {t('messages.col.status')}
          </label>
          <select
            id={`${id}-status`}
            className="form-select"
            value={status}
            onChange={(e) => {
              setStatus(e.target.value as OutboxMessage['status'] | '');
              setShown(PAGE);
            }}
          >
            <option value="">{t('messages.allStatuses')}</option>
            {statuses.map((s) => (
              <option key={s} value={s}>
                {t(STATUS[s])}
              </option>
            ))}
          </select>
        </div>
      </div>
      <ErrorAlert error={messages.error} />
      {data && (
        // Another day or state keeps this one on screen until its own comes (marked busy).
        <div aria-busy={messages.isPlaceholderData || undefined}>
          <h2 className="h4" aria-live="polite">
            {t('messages.summary', { day: formatCalendarDate(data.from, lang) })}
          </h2>
          <ul className="list-inline" data-testid="message-counts">
            {statuses.map((s) => (
              <li key={s} className="list-inline-item me-3">
                {t(STATUS[s])}: <strong>{data.counts[s] ?? 0}</strong>
              </li>
            ))}
          </ul>
          <h2 className="h4 mt-3">{t('messages.replies')}</h2>
          {data.replies.length === 0 ? (
            <p>{t('messages.noReplies')}</p>
          ) : (
            <div className="table-responsive">
              <table className="table table-sm">
                <caption className="visually-hidden">{t('messages.repliesCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('messages.col.received')}</th>
                    <th scope="col">{t('messages.col.from')}</th>
                    <th scope="col">{t('messages.col.text')}</th>
                    <th scope="col">{t('messages.col.intent')}</th>
                    <th scope="col">{t('messages.col.outcome')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.replies.map((r) => (
                    <tr key={`${r.receivedAt}-${r.sender}-${r.text}`}>
                      <td className="text-nowrap">{formatInstant(r.receivedAt, lang)}</td>
                      <td className="font-monospace">{r.sender}</td>
                      <td>{r.text}</td>
                      <td>{t(INTENT[r.intent] ?? 'messages.intent.unknown')}</td>
                      <td>{t(outcomeKey(r.outcome))}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <h2 className="h4 mt-4">{t('messages.sent')}</h2>
          {data.items.length === 0 ? (
            <p>{t('messages.none')}</p>
          ) : (
            <div className="table-responsive">
              <table className="table table-sm align-middle">
                <caption className="visually-hidden">{t('messages.tableCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('messages.col.created')}</th>
                    <th scope="col">{t('messages.col.kind')}</th>
                    <th scope="col">{t('messages.col.to')}</th>
                    <th scope="col">{t('messages.col.status')}</th>
                    <th scope="col">{t('messages.col.text')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.slice(0, shown).map((m) => (
                    <tr key={m.id}>
                      <td className="text-nowrap">{formatInstant(m.createdAt, lang)}</td>
                      <td>
                        {t(KIND[m.kind])} ({CHANNEL[m.channel]})
                      </td>
                      <td className="font-monospace">{m.recipient}</td>
                      <td>
                        {t(STATUS[m.status])}
                        {m.status === 'pending' && (
                          <div className="small text-body-secondary">
                            {t('messages.from', { at: formatInstant(m.sendAfter, lang) })}
                          </div>
                        )}
                      </td>
                      <td className="small">{withoutFrontMatter(m.text)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {data.items.length > shown && (
                <button
                  type="button"
                  className="btn btn-outline-primary"
                  onClick={() => setShown((n) => n + PAGE)}
                >
                  {t('messages.more', { n: Math.min(PAGE, data.items.length - shown) })}
                </button>
              )}
            </div>
          )}
        </div>
      )}
    </Page>
  );
}
