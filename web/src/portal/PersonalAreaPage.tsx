import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ErrorAlert } from '../components/feedback.tsx';
import { Page } from '../components/Page.tsx';
import { type MessageKey, useI18n } from '../i18n/i18n.tsx';
import { ApiError } from '../lib/api.ts';
import { formatEuro, formatLongDate, formatTime } from '../lib/format.ts';
import { personal } from './api.ts';
import { ActingBanner, BackToOwnArea, Delegations } from './Delegations.tsx';

const OUTCOMES: Record<string, MessageKey> = {
  'accesso-non-riuscito': 'portal.area.failed',
  'sessione-scaduta': 'portal.area.expired',
  'nessuna-prenotazione': 'portal.area.unknown',
  'non-configurato': 'portal.area.off',
  'servizio-non-disponibile': 'portal.area.unavailable',
};
const PAID: Record<string, MessageKey> = {
  issued: 'portal.notice.issued',
  paid: 'portal.notice.paid',
  invalidated: 'portal.notice.invalidated',
  refund_due: 'portal.notice.refundDue',
  refunded: 'portal.notice.refunded',
};

/**
 * The personal area after SPID/CIE (issue 13 §1, §3): every booking of the person, from any channel,
 * their prescriptions and their payments. A failed login says why and offers the no-login paths.
 */
export function PersonalAreaPage() {
  const { t, lang } = useI18n();
  const id = useId();
  const [params] = useSearchParams();
  const outcome = params.get('esito');
  const me = useQuery({ queryKey: ['portal', 'me'], queryFn: personal.me, retry: false, enabled: !outcome });
  const d = me.data;
  // While a delegate acts for the person, the area is named as theirs, not "yours".
  const of = d?.actingAs ? { name: `${d.person.givenName} ${d.person.familyName}` } : null;
  return (
    <Page title={of ? t('portal.area.titleOf', of) : t('portal.area.title')}>
      {outcome && (
        <div className="alert alert-warning" role="alert">
          <p className="mb-2">{t(OUTCOMES[outcome] ?? 'portal.area.failed')}</p>
          <Link to="/portale">{t('portal.area.noLogin')}</Link>
        </div>
      )}
      {me.isPending && !outcome && <p role="status">{t('common.loading')}</p>}
      {me.error && !outcome && <AreaError error={me.error} />}
      {d && (
        <>
          <ActingBanner area={d} />
          {!d.actingAs && (
            <p className="lead">
              {t('portal.area.hello', { name: `${d.person.givenName} ${d.person.familyName}` })}
            </p>
          )}
          <section aria-labelledby={`${id}-b`} className="mb-4">
            <h2 id={`${id}-b`} className="h4">
              {of ? t('portal.area.bookingsOf', of) : t('portal.area.bookings')}
            </h2>
            {d.bookings.length === 0 && <p>{t('portal.area.none')}</p>}
            <ul className="list-unstyled">
              {d.bookings.map((b) => (
                <li key={b.code} className="card shadow-sm mb-2">
                  <div className="card-body">
                    <p className="fw-semibold mb-1">{b.service}</p>
                    <p className="mb-1">
                      {formatLongDate(b.start, lang)} {formatTime(b.start, lang)}, {b.facility}
                    </p>
                    <p className="small mb-1">
                      {b.code} · {t(`portal.channel.${b.channel}` as 'portal.channel.web')} ·{' '}
                      {t(`portal.status.${b.status}` as 'portal.status.booked')}
                    </p>
                    <Link to={`/portale/gestisci?codice=${encodeURIComponent(b.code)}`}>
                      {t('portal.area.open')}
                    </Link>
                  </div>
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby={`${id}-p`} className="mb-4">
            <h2 id={`${id}-p`} className="h4">
              {of ? t('portal.area.prescriptionsOf', of) : t('portal.area.prescriptions')}
            </h2>
            <ul>
              {d.prescriptions.map((p) => (
                <li key={p.nre}>
                  {p.nre}: {p.items.map((i) => i.description).join(', ')} —{' '}
                  {t(`portal.priority.${p.priority}` as 'portal.priority.D')}
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby={`${id}-m`}>
            <h2 id={`${id}-m`} className="h4">
              {of ? t('portal.area.paymentsOf', of) : t('portal.area.payments')}
            </h2>
            {d.payments.length === 0 && <p>{t('portal.area.noPayments')}</p>}
            <ul>
              {d.payments.map((n) => (
                <li key={n.noticeNumber}>
                  {n.groupedNumber}: {formatEuro(n.amountCents)},{' '}
                  {t(PAID[n.status] ?? 'portal.notice.issued')} ({n.bookingCode})
                </li>
              ))}
            </ul>
          </section>
          {/* One's own delegations, not the delegator's: hidden while acting for someone. */}
          {!d.actingAs && <Delegations />}
        </>
      )}
    </Page>
  );
}

/** The area could not be read: the session is over, or the delegation acted through has ended. */
function AreaError({ error }: { error: unknown }) {
  const { t } = useI18n();
  const ended = error instanceof ApiError && error.field === 'delegation';
  if (!ended) return <ErrorAlert error={error} messages={{ UNAUTHENTICATED: 'portal.area.expired' }} />;
  return (
    <div className="alert alert-warning" role="alert">
      <p className="mb-2">{t('portal.delegation.over')}</p>
      <BackToOwnArea />
    </div>
  );
}
