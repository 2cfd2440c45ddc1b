import { Page } from '../components/Page.tsx';
import { useI18n } from '../i18n/i18n.tsx';

/**
 * The supervisor's real-time wallboard (MR-4: calls in queue, refused and accepted calls, average wait,
 * agents active, arrival rate per service) is built on the contact-centre REST/WebSocket API, which is
 * not there yet. Until then this page says so, and the navigation already leads here.
 */
export function WallboardPage() {
  const { t } = useI18n();
  return (
    <Page title={t('wallboard.title')}>
      <div className="alert alert-info" role="status">
        {t('wallboard.pending')}
      </div>
      <p>{t('wallboard.what')}</p>
    </Page>
  );
}
