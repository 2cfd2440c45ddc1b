import { QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { Announcer } from '../components/feedback.tsx';
import { Page } from '../components/Page.tsx';
import { I18nProvider, useI18n } from '../i18n/i18n.tsx';
import { createQueryClient } from '../lib/queries.ts';
import { BookPage } from './BookPage.tsx';
import { ChatPage } from './ChatPage.tsx';
import { CheckoutPage } from './CheckoutPage.tsx';
import { HomePage } from './HomePage.tsx';
import { KioskPage } from './KioskPage.tsx';
import { ManagePage } from './ManagePage.tsx';
import { PayNoticePage } from './PayNoticePage.tsx';
import { PersonalAreaPage } from './PersonalAreaPage.tsx';
import { PortalShell } from './PortalShell.tsx';
import { AccessibilityPage, PrivacyPage } from './StatementPages.tsx';

export function PortalApp() {
  const [client] = useState(createQueryClient);
  return (
    <QueryClientProvider client={client}>
      <I18nProvider>
        <Announcer>
          <BrowserRouter>
            <Routes>
              {/* The kiosk runs full screen, without the portal's header and footer. */}
              <Route path="/portale/totem/:facilityId" element={<KioskPage />} />
              <Route path="*" element={<PortalPages />} />
            </Routes>
          </BrowserRouter>
        </Announcer>
      </I18nProvider>
    </QueryClientProvider>
  );
}

function PortalPages() {
  return (
    <PortalShell>
      <Routes>
        <Route path="/portale" element={<HomePage />} />
        <Route path="/portale/prenota" element={<BookPage />} />
        <Route path="/portale/gestisci" element={<ManagePage />} />
        <Route path="/portale/area-personale" element={<PersonalAreaPage />} />
        <Route path="/portale/pagamento/:checkoutId" element={<CheckoutPage />} />
        <Route path="/portale/paga" element={<PayNoticePage />} />
        <Route path="/portale/chat" element={<ChatPage />} />
        <Route path="/portale/accessibilita" element={<AccessibilityPage />} />
        <Route path="/portale/privacy" element={<PrivacyPage />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </PortalShell>
  );
}

function NotFound() {
  const { t } = useI18n();
  return (
    <Page title={t('portal.notFound')}>
      <a href="/portale">{t('portal.backHome')}</a>
    </Page>
  );
}
