import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '../components/feedback.tsx';
import { isMessageKey, type Translate, useI18n } from '../i18n/i18n.tsx';
import { api } from '../lib/api.ts';
import { formatDateTime, type Lang } from '../lib/format.ts';
import { formatElapsed, requestTypeLabel } from './labels.ts';
import type { Contact } from './types.ts';

/** One line per earlier contact: when, how it ended, how long the caller waited, the recorded outcome. */
export function summariseContact(contact: Contact, t: Translate, lang: Lang): string {
  const first = contact.events[0];
  const parts: string[] = [first ? formatDateTime(first.at, lang) : contact.callId];
  const ended = contact.events.find((e) => e.type === 'call.ended');
  const answered = contact.events.find((e) => e.type === 'call.answered');
  const outcome = contact.events.find((e) => e.type === 'call.outcome');
  const requestType = (outcome ?? answered ?? ended)?.data.requestType;
  if (typeof requestType === 'string') parts.push(requestTypeLabel(t, requestType));
  if (answered && typeof answered.data.waitMs === 'number') {
    parts.push(t('cc.history.answered', { wait: formatElapsed(answered.data.waitMs / 1000) }));
  } else if (ended && typeof ended.data.outcome === 'string') {
    parts.push(t('cc.history.ended', { outcome: ended.data.outcome }));
  } else if (!ended) {
    parts.push(t('cc.history.inProgress'));
  }
  if (outcome) {
    parts.push(
      outcome.data.resolvedFirstContact === true ? t('cc.history.resolved') : t('cc.history.notResolved'),
    );
    if (outcome.data.escalated === true) parts.push(t('cc.history.escalated'));
    if (typeof outcome.data.note === 'string' && outcome.data.note) parts.push(`«${outcome.data.note}»`);
  }
  return parts.join(' · ');
}

type History = Awaited<ReturnType<typeof api.ccHistory>>;

/** "SMS inviato", "SMS ricevuto"; a message still waiting (for the SMS window) says so instead of "sent". */
function messageLine(m: History['messages'][number], t: Translate): string {
  const channel = m.channel === 'email' ? 'e-mail' : m.channel === 'link' ? 'link' : 'SMS';
  if (m.direction === 'in') return t('cc.history.received', { channel });
  const status = `messages.status.${m.status}`;
  return isMessageKey(status) && m.status !== 'submitted'
    ? t('cc.history.out', { channel, status: t(status).toLowerCase() })
    : t('cc.history.sent', { channel });
}

/**
 * MR-1: the caller's earlier contacts by number, read on request (the server audits each read and lets
 * an operator see only the number of their own current or last call).
 */
export function ContactHistory({ number }: { number: string }) {
  const { t } = useI18n();
  return (
    <HistoryDetails
      title={t('cc.history.title')}
      none={t('cc.history.none')}
      messagesTitle={t('cc.history.messages')}
      queryKey={['cc', 'history', number]}
      read={() => api.ccHistory(number)}
    />
  );
}

/**
 * MR-1 by patient (issue 14 §8): calls whose outcome named the patient or from their phone, and the
 * messages to them, whichever number they called from. Read on request, audited by the server.
 */
export function PatientContactHistory({ fiscalCode }: { fiscalCode: string }) {
  const { t } = useI18n();
  return (
    <HistoryDetails
      title={t('patientHistory.title')}
      none={t('patientHistory.none')}
      messagesTitle={t('patientHistory.messages')}
      queryKey={['cc', 'patient-history', fiscalCode]}
      read={() => api.patientContactHistory(fiscalCode)}
      testId="patient-history"
    />
  );
}

function HistoryDetails({
  title,
  none,
  messagesTitle,
  queryKey,
  read,
  testId = 'contact-history',
}: {
  title: string;
  none: string;
  messagesTitle: string;
  queryKey: readonly string[];
  read: () => Promise<History>;
  testId?: string;
}) {
  const { t, lang } = useI18n();
  const [open, setOpen] = useState(false);
  const history = useQuery({ queryKey, queryFn: read, enabled: open, staleTime: 0 });
  return (
    <details className="cc-history mt-2" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{title}</summary>
      {history.isPending && open && <p role="status">{t('common.loading')}</p>}
      {history.isError && <ErrorAlert error={history.error} />}
      {history.data &&
        (history.data.contacts.length === 0 ? (
          <p className="small mb-0">{none}</p>
        ) : (
          <ul className="small mb-0" data-testid={testId}>
            {history.data.contacts.map((c) => (
              <li key={c.callId}>{summariseContact(c, t, lang)}</li>
            ))}
          </ul>
        ))}
      {history.data && history.data.messages.length > 0 && (
        <>
          <p className="small fw-semibold mt-2 mb-1">{messagesTitle}</p>
          <ul className="small mb-0" data-testid={`${testId}-messages`}>
            {history.data.messages.map((m) => (
              <li key={`${m.at}-${m.direction}-${m.kind}`}>
                {formatDateTime(m.at, lang)} · {messageLine(m, t)} · «{m.text}»
              </li>
            ))}
          </ul>
        </>
      )}
    </details>
  );
}
