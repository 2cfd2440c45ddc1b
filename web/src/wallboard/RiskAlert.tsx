import type { Wallboard } from '../contact-centre/types.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { formatPercent } from '../lib/format.ts';
import { targetsAtRisk } from './targets.ts';

/** Issue 14 §10: said in words, before the day's figures show it, when a target is missed lately. */
export function RiskAlert({ recent }: { recent: Wallboard['recent'] }) {
  const { t, lang } = useI18n();
  const risks = targetsAtRisk(recent);
  if (risks.length === 0) return null;
  return (
    <div className="alert alert-danger" role="alert" data-testid="wb-risk">
      <strong>{t('wallboard.risk.title', { minutes: recent.minutes })}</strong>
      <ul className="mb-0">
        {risks.map((r) => (
          <li key={r.kind}>
            {t(r.kind === 'serviceLevel' ? 'wallboard.risk.serviceLevel' : 'wallboard.risk.abandoned', {
              value: formatPercent(r.value, lang),
              target: formatPercent(r.target, lang),
              calls: recent.decided,
            })}
          </li>
        ))}
      </ul>
    </div>
  );
}
