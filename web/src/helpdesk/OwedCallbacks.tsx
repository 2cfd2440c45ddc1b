import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import { ErrorAlert, useAnnounce } from '../components/feedback.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { formatDateTime } from '../lib/format.ts';
import { actOnTicket, useTickets } from './api.ts';

/**
 * HD-2: outcomes a higher level resolved for citizens without e-mail, owed by phone by the front end —
 * in the console and on the help desk page. Nothing is shown when none is owed.
 */
export function OwedCallbacks() {
  const { t, lang } = useI18n();
  const id = useId();
  const announce = useAnnounce();
  const qc = useQueryClient();
  const owed = useTickets({ callback: 'due' });
  const done = useMutation({
    mutationFn: (ticketId: string) => actOnTicket(ticketId, { type: 'called-back' }),
    onSuccess: (x) => {
      void qc.invalidateQueries({ queryKey: ['helpdesk'] });
      announce(t('helpdesk.calledBackDone', { number: x.number }));
    },
  });
  const list = owed.data?.tickets ?? [];
  if (list.length === 0) return null;
  return (
    <section className="alert alert-warning" aria-labelledby={`${id}-h`} data-testid="owed-callbacks">
      <h2 id={`${id}-h`} className="h6">
        {t('helpdesk.callbacks')}
      </h2>
      <ErrorAlert error={done.error} />
      <ul className="list-unstyled mb-0">
        {list.map((x) => {
          const outcome = [...x.history].reverse().find((h) => h.kind === 'note')?.body ?? '';
          return (
            <li key={x.id} className="d-flex flex-wrap align-items-center gap-2 mb-1">
              <span>
                <strong>{x.number}</strong> {x.subject} · {x.requester.name ?? ''}{' '}
                <a href={`tel:${x.requester.phone ?? ''}`}>{x.requester.phone}</a>
                {x.callback && (
                  <span className="text-muted small"> · {formatDateTime(x.callback.dueAt, lang)}</span>
                )}
                {outcome && <span className="d-block small">{outcome}</span>}
              </span>
              <button
                type="button"
                className="btn btn-primary btn-sm"
                disabled={done.isPending}
                onClick={() => done.mutate(x.id)}
                aria-label={t('helpdesk.calledBackFor', { number: x.number })}
              >
                {t('helpdesk.calledBack')}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
