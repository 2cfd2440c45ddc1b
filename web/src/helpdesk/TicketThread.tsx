import { useId } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { formatDateTime, formatKilobytes } from '../lib/format.ts';
import type { Ticket } from './api.ts';
import { LAYER_LABEL, MESSAGE_KIND_LABEL } from './labels.ts';

/** The ticket's e-mail thread (HD-3) and its attachments, oldest first; refused attachments say why. */
export function TicketThread({ ticket }: { ticket: Ticket }) {
  const { t, lang } = useI18n();
  const id = useId();
  if (ticket.messages.length === 0 && ticket.attachments.length === 0) return null;
  const filesOf = (messageId: string) => ticket.attachments.filter((a) => a.messageId === messageId);
  return (
    <section aria-labelledby={`${id}-h`} className="mb-3" data-testid="ticket-thread">
      <h3 id={`${id}-h`} className="h5">
        {t('helpdesk.thread')}
      </h3>
      <ol className="list-unstyled">
        {ticket.messages.map((m) => (
          <li
            key={m.id}
            className={`border-start border-3 ps-2 mb-3 ${m.direction === 'in' ? 'border-primary' : 'border-success'}`}
          >
            <div className="small">
              <strong>{t(MESSAGE_KIND_LABEL[m.kind] ?? 'helpdesk.message.reply')}</strong>{' '}
              {m.direction === 'in'
                ? t('helpdesk.message.from', { who: m.from ?? '—' })
                : t('helpdesk.message.to', { who: m.to ?? '—' })}{' '}
              · {formatDateTime(m.at, lang)}
              {m.label === 'simulazione' && (
                <span className="badge bg-warning text-dark ms-2">{t('cc.simulation')}</span>
              )}
              {m.direction === 'out' && m.status === 'pending' && (
                <span className="badge bg-secondary ms-2">{t('helpdesk.message.pending')}</span>
              )}
              {m.direction === 'out' && m.status === 'failed' && (
                <span className="badge bg-danger ms-2">
                  {t('helpdesk.message.failed', { error: m.error ?? '' })}
                </span>
              )}
              {m.threadLayer && (
                <span className="text-muted ms-2">
                  {t('helpdesk.message.layer', {
                    layer: t(LAYER_LABEL[m.threadLayer] ?? 'helpdesk.layer.references'),
                  })}
                </span>
              )}
            </div>
            <div className="small text-muted">{m.subject}</div>
            <div style={{ whiteSpace: 'pre-wrap' }} className="small">
              {m.body.length > 4000 ? `${m.body.slice(0, 4000)}…` : m.body}
            </div>
            {filesOf(m.id).length > 0 && (
              <ul className="small mb-0" aria-label={t('helpdesk.attachments')}>
                {filesOf(m.id).map((a) => (
                  <li key={a.id}>
                    {a.refused ? (
                      <span>
                        {a.filename} — {t('helpdesk.attachment.refused', { why: a.refused })}
                      </span>
                    ) : (
                      <a
                        href={`/api/v1/helpdesk/tickets/${encodeURIComponent(ticket.id)}/attachments/${encodeURIComponent(a.id)}`}
                        download={a.filename}
                      >
                        {a.filename}
                      </a>
                    )}{' '}
                    <span className="text-muted">
                      ({formatKilobytes(a.size)}
                      {a.scan === 'not-scanned' ? ` · ${t('helpdesk.attachment.notScanned')}` : ''})
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
