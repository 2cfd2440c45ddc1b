import { useI18n } from '../i18n/i18n.tsx';
import { formatDateTime } from '../lib/format.ts';
import type { Ticket } from './api.ts';
import { hoursAndMinutes } from './labels.ts';

/** The service-level clock in words: left, late, paused, or no contractual term (HD-6). */
export function ClockText({ ticket }: { ticket: Ticket }) {
  const { t, lang } = useI18n();
  const c = ticket.clock;
  if (ticket.state === 'resolved' || ticket.state === 'closed') {
    return <span>{c.breached ? t('helpdesk.clock.lateResolved') : t('helpdesk.clock.inTime')}</span>;
  }
  if (c.budgetMinutes === null) return <span className="text-muted">{t('helpdesk.clock.none')}</span>;
  if (c.paused) return <span className="badge bg-secondary">{t('helpdesk.clock.paused')}</span>;
  if (c.breached || (c.remainingMinutes ?? 0) <= 0) {
    return (
      <span className="badge bg-danger">
        {t('helpdesk.clock.late', { time: hoursAndMinutes(c.usedMinutes - c.budgetMinutes) })}
      </span>
    );
  }
  return (
    <span className={c.warning ? 'fw-bold text-warning-emphasis' : undefined}>
      {/* HD-6: the warning before the breach (a quarter of the budget or less left), in words too. */}
      {c.warning && <span className="badge bg-warning text-dark me-1">{t('helpdesk.clock.warning')}</span>}
      {t('helpdesk.clock.left', {
        time: hoursAndMinutes(c.remainingMinutes!),
        due: ticket.dueAt ? formatDateTime(ticket.dueAt, lang) : '—',
      })}
    </span>
  );
}
