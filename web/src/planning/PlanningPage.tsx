import { Page } from '../components/Page.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { ErlangCalculator } from './ErlangCalculator.tsx';
import { MonthPlan } from './MonthPlan.tsx';
import './planning.css';

/**
 * Planning for supervisors and the CUP manager (WF-1, CC-5, MR-5): the Erlang calculator for one period,
 * the staffing and channel plan for a month from the tender's traffic curves, and its simulated what-if.
 */
export function PlanningPage() {
  const { t } = useI18n();
  return (
    <Page title={t('planning.title')}>
      <p className="lead">{t('planning.intro')}</p>
      <ErlangCalculator />
      <MonthPlan />
    </Page>
  );
}
