import { useId } from 'react';
import { ErrorAlert } from '../components/feedback.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { formatCalendarDate } from '../lib/format.ts';
import { useOpenPrescriptions } from '../lib/queries.ts';

/**
 * The served patient's prescriptions still to book (issue 14 §8): the operator opens one instead of
 * having the 15-character NRE dictated. Expired ones are not listed (the server applies the region's
 * validity); the one already open is marked.
 */
export function OpenPrescriptions({
  fiscalCode,
  currentNre,
  onOpen,
}: {
  fiscalCode: string;
  currentNre: string | null;
  onOpen: (nre: string) => void;
}) {
  const { t, lang } = useI18n();
  const id = useId();
  const query = useOpenPrescriptions(fiscalCode);
  const items = query.data?.items ?? [];
  if (query.isPending) return null;
  return (
    <div className="open-prescriptions mt-2" data-testid="open-prescriptions">
      <h3 id={`${id}-title`} className="h6 mb-1">
        {t('openPrescriptions.title')}
      </h3>
      <ErrorAlert error={query.error} />
      {query.data && items.length === 0 && <p className="small mb-0">{t('openPrescriptions.none')}</p>}
      {items.length > 0 && (
        <ul className="list-unstyled mb-0" aria-labelledby={`${id}-title`}>
          {items.map((p) => {
            const open = p.items.filter((i) => i.state === 'open');
            const shown = open.slice(0, 2).map((i) => i.service.description);
            const current = currentNre === p.nre;
            return (
              <li key={p.nre} className="d-flex gap-2 align-items-start mb-1">
                <button
                  type="button"
                  className={`btn btn-sm ${current ? 'btn-primary' : 'btn-outline-primary'}`}
                  aria-pressed={current}
                  onClick={() => onOpen(p.nre)}
                >
                  <span aria-hidden="true">{current ? t('openPrescriptions.current') : '→'}</span>
                  <span className="visually-hidden">{t('openPrescriptions.open', { nre: p.nre })}</span>
                </button>
                <span className="small">
                  <span className="fw-semibold">
                    {shown.join(', ')}
                    {open.length > 2 && ` ${t('openPrescriptions.more', { count: open.length - 2 })}`}
                  </span>{' '}
                  <span className={`badge priority-badge priority-${p.priority}`}>{p.priority}</span>
                  <span className="d-block text-muted">
                    <span className="font-monospace">{p.nre}</span>{' '}
                    {t('openPrescriptions.issued', { date: formatCalendarDate(p.issuedOn, lang) })}
                    {p.bookableUntil &&
                      ` · ${t('openPrescriptions.until', { date: formatCalendarDate(p.bookableUntil, lang) })}`}
                  </span>
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
