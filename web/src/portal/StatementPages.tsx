import { Page } from '../components/Page.tsx';
import { useI18n } from '../i18n/i18n.tsx';

/** The accessibility statement's summary (the full one is published on AgID's form, by the region). */
export function AccessibilityPage() {
  const { t } = useI18n();
  return (
    <Page title={t('portal.accessibility.title')}>
      <p>{t('portal.accessibility.body')}</p>
      <p>{t('portal.accessibility.feedback')}</p>
    </Page>
  );
}

export function PrivacyPage() {
  const { t } = useI18n();
  return (
    <Page title={t('portal.privacy.title')}>
      <p>{t('portal.privacy.body')}</p>
    </Page>
  );
}
