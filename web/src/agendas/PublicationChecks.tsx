import type { Translate } from '../i18n/i18n.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import type { AgendaFill } from '../lib/types.ts';

type Issue = AgendaFill['checks'][number];

/** A publication problem (BK-11) in words: what is wrong, and what the manager does about it. */
export function describeCheck(t: Translate, issue: Issue): { problem: string; fix: string } {
  const items = issue.items.join(', ');
  switch (issue.code) {
    case 'no-slots':
      return { problem: t('agendas.check.noSlots'), fix: t('agendas.check.noSlots.fix') };
    case 'closure-open-slots':
      return {
        problem: t('agendas.check.closureOpen', { count: issue.count }),
        fix: t('agendas.check.closureOpen.fix'),
      };
    case 'closure-bookings':
      return {
        problem: t('agendas.check.closureBookings', { count: issue.count }),
        fix: t('agendas.check.closureBookings.fix'),
      };
    case 'reserved-class-without-slots':
      return {
        problem: t('agendas.check.reserved', { classes: items }),
        fix: t('agendas.check.reserved.fix'),
      };
    case 'service-not-in-catalogue':
      return {
        problem: t('agendas.check.catalogue', { services: items }),
        fix: t('agendas.check.catalogue.fix'),
      };
  }
}

/** The agenda's publication problems with their fix, or that it has none (never colour alone). */
export function PublicationChecks({ checks }: { checks: Issue[] }) {
  const { t } = useI18n();
  if (checks.length === 0) return <span className="small text-success">{t('agendas.check.ok')}</span>;
  return (
    <ul className="list-unstyled small mb-0 agenda-checks">
      {checks.map((c) => {
        const { problem, fix } = describeCheck(t, c);
        return (
          <li key={c.code} data-check={c.code}>
            <span className="badge bg-warning text-dark me-1">{t('agendas.check.flag')}</span>
            <strong>{problem}</strong> <span className="text-muted">{fix}</span>
          </li>
        );
      })}
    </ul>
  );
}
