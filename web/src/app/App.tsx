import { QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { AgendaEditor } from '../agendas/AgendaEditor.tsx';
import { AgendasPage } from '../agendas/AgendasPage.tsx';
import { ArrivalsPage } from '../arrivals/ArrivalsPage.tsx';
import { LoginPage } from '../auth/LoginPage.tsx';
import { canOpen, homeOf, type View } from '../auth/roles.ts';
import { GroupBookingsPage } from '../backoffice/GroupBookingsPage.tsx';
import { ProtectionCasesPage } from '../backoffice/ProtectionCasesPage.tsx';
import { ChatPage } from '../chat/ChatPage.tsx';
import { Announcer, ErrorAlert } from '../components/feedback.tsx';
import { Page } from '../components/Page.tsx';
import { ConsolePage } from '../console/ConsolePage.tsx';
import { PromptsPage } from '../contact-centre/PromptsPage.tsx';
import { TrainingPage } from '../contact-centre/TrainingPage.tsx';
import { HelpdeskPage } from '../helpdesk/HelpdeskPage.tsx';
import { ReferralPage } from '../helpdesk/ReferralPage.tsx';
import { I18nProvider, useI18n } from '../i18n/i18n.tsx';
import { KnowledgePage } from '../knowledge/KnowledgePage.tsx';
import { AppShell } from '../layout/AppShell.tsx';
import { createQueryClient, useMe } from '../lib/queries.ts';
import { MessagesPage } from '../outreach/MessagesPage.tsx';
import { OfferPage } from '../outreach/OfferPage.tsx';
import { OutreachPage } from '../outreach/OutreachPage.tsx';
import { ReminderLinkPage } from '../outreach/ReminderLinkPage.tsx';
import { PlanningPage } from '../planning/PlanningPage.tsx';
import { AccessLogPage } from '../privacy/AccessLogPage.tsx';
import { ContactsPage } from '../reporting/ContactsPage.tsx';
import { SlaPage } from '../reporting/SlaPage.tsx';
import { WhenToCallPage } from '../reporting/WhenToCallPage.tsx';
import { PasswordPage } from '../users/PasswordPage.tsx';
import { UsersPage } from '../users/UsersPage.tsx';
import { WallboardPage } from '../wallboard/WallboardPage.tsx';
import { WallboardTv } from '../wallboard/WallboardTv.tsx';

export function App() {
  const [client] = useState(createQueryClient);
  return (
    <QueryClientProvider client={client}>
      <I18nProvider>
        <Announcer>
          <BrowserRouter>
            <Routes>
              {/* A reminder's link (OB-1): for patients, no login; the signed link is the key. */}
              <Route
                path="/l/:token"
                element={
                  <AppShell user={null}>
                    <ReminderLinkPage />
                  </AppShell>
                }
              />
              {/* A freed place offered to a patient booked further out (OB-2): the same, for one offer. */}
              <Route
                path="/o/:token"
                element={
                  <AppShell user={null}>
                    <OfferPage />
                  </AppShell>
                }
              />
              {/* HD-2: an outside department's link to the case it was sent (the third level, no login). */}
              <Route
                path="/terzo-livello/:token"
                element={
                  <AppShell user={null}>
                    <ReferralPage />
                  </AppShell>
                }
              />
              {/* MR-6: the public "when to call" table, for citizens (linked from the region's pages). */}
              <Route
                path="/quando-chiamare"
                element={
                  <AppShell user={null}>
                    <WhenToCallPage />
                  </AppShell>
                }
              />
              <Route path="*" element={<AppRoutes />} />
            </Routes>
          </BrowserRouter>
        </Announcer>
      </I18nProvider>
    </QueryClientProvider>
  );
}

function AppRoutes() {
  const me = useMe();
  const { t } = useI18n();
  const location = useLocation();
  const user = me.data ?? null;

  if (me.isPending) {
    return (
      // The login page never has the navigation: no empty bar drawn for it, to be taken away.
      <AppShell user={null} pending={location.pathname !== '/login'}>
        <p role="status">{t('common.loading')}</p>
      </AppShell>
    );
  }
  if (me.isError) {
    return (
      <AppShell user={null}>
        <ErrorAlert error={me.error} />
      </AppShell>
    );
  }
  if (!user && location.pathname !== '/login') {
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  }

  const guard = (view: View, element: ReactNode) =>
    user && canOpen(user.roles, view) ? element : <Forbidden />;

  // The wall screen's wallboard: the whole screen, no header nor navigation (issue 14 §12).
  if (location.pathname === '/wallboard/tv') return guard('wallboard', <WallboardTv />);

  return (
    <AppShell user={user}>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route path="/" element={<Home />} />
        <Route path="/console" element={guard('console', <ConsolePage />)} />
        <Route path="/chat" element={guard('chat', <ChatPage />)} />
        <Route path="/arrivi" element={guard('arrivals', <ArrivalsPage />)} />
        <Route path="/protection-cases" element={guard('protection', <ProtectionCasesPage />)} />
        <Route path="/prenotazioni-gruppo" element={guard('groups', <GroupBookingsPage />)} />
        <Route path="/helpdesk" element={guard('helpdesk', <HelpdeskPage />)} />
        <Route path="/schede" element={guard('knowledge', <KnowledgePage />)} />
        <Route path="/agendas" element={guard('agendas', <AgendasPage />)} />
        <Route path="/agendas/new" element={guard('agendas', <AgendaEditor />)} />
        <Route path="/agendas/:agendaId" element={guard('agendas', <AgendaEditor />)} />
        <Route path="/wallboard" element={guard('wallboard', <WallboardPage />)} />
        <Route path="/planning" element={guard('planning', <PlanningPage />)} />
        <Route path="/formazione" element={guard('training', <TrainingPage />)} />
        <Route path="/outreach" element={guard('outreach', <OutreachPage />)} />
        <Route path="/messages" element={guard('messages', <MessagesPage />)} />
        <Route path="/report" element={guard('report', <SlaPage />)} />
        <Route path="/contatti" element={guard('contacts', <ContactsPage />)} />
        <Route path="/privacy" element={guard('privacy', <AccessLogPage />)} />
        <Route path="/messaggi-vocali" element={guard('prompts', <PromptsPage />)} />
        <Route path="/users" element={guard('users', <UsersPage />)} />
        <Route path="/password" element={guard('password', <PasswordPage />)} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </AppShell>
  );
}

function Home() {
  const me = useMe();
  const { t } = useI18n();
  const home = me.data ? homeOf(me.data.roles) : null;
  if (home) return <Navigate to={home} replace />;
  return (
    <Page title={t('home.title')}>
      <p>{t('home.noView')}</p>
    </Page>
  );
}

function Forbidden() {
  const { t } = useI18n();
  return (
    <Page title={t('forbidden.title')}>
      <p>{t('forbidden.body')}</p>
    </Page>
  );
}

function NotFound() {
  const { t } = useI18n();
  return (
    <Page title={t('notFound.title')}>
      <p>{t('notFound.body')}</p>
    </Page>
  );
}
