import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { NavLink, useNavigate } from 'react-router';
import { barViewsFor, VIEWS } from '../auth/roles.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { api } from '../lib/api.ts';
import { keys } from '../lib/queries.ts';
import type { Me } from '../lib/types.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';

/**
 * Header with the user and the language, navigation by role, the main landmark and the footer.
 * `pending`: who is signed in is not known yet — the navigation's bar is drawn empty, so that nothing moves
 * under the pointer when the page comes. The footer is always kept below the fold, for the same reason.
 */
export function AppShell({
  user,
  pending = false,
  children,
}: {
  user: Me | null;
  pending?: boolean;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const logout = useMutation({
    mutationFn: api.logout,
    onSettled: () => {
      qc.clear();
      qc.setQueryData(keys.me, null);
      navigate('/login', { replace: true });
    },
  });

  return (
    <div className="d-flex flex-column min-vh-100">
      <a className="visually-hidden-focusable skip-link" href="#main">
        {t('shell.skip')}
      </a>
      {/* Printed, a page is its content only (a club's list of bookings, a report). */}
      <header className="it-header-wrapper d-print-none">
        <div className="it-header-slim-wrapper">
          <div className="container-xxl">
            <div className="it-header-slim-wrapper-content">
              <span className="navbar-brand">{t('shell.region')}</span>
              <div className="it-header-slim-right-zone gap-3">
                <LanguageSwitch />
                {user && (
                  <>
                    <span className="text-white small" data-testid="current-user">
                      {t('shell.signedInAs', { user: user.username })}
                      {user.announcedCode && ` · ${t('shell.operatorCode', { code: user.announcedCode })}`}
                    </span>
                    <button
                      type="button"
                      className="btn btn-sm btn-outline-light"
                      onClick={() => logout.mutate()}
                      disabled={logout.isPending}
                    >
                      {t('shell.logout')}
                    </button>
                  </>
                )}
              </div>
            </div>
          </div>
        </div>
        <div className="it-header-center-wrapper it-small-header">
          <div className="container-xxl">
            <div className="it-header-center-content-wrapper">
              <div className="it-brand-wrapper">
                <span className="it-brand-text">
                  <span className="it-brand-title">{t('app.name')}</span>
                  <span className="it-brand-tagline d-none d-md-block">{t('app.tagline')}</span>
                </span>
              </div>
            </div>
          </div>
        </div>
        {!user && pending && (
          <div className="app-nav" aria-hidden="true">
            <div className="container-xxl">
              <ul className="nav">
                <li className="nav-item">
                  <span className="nav-link">{'\u00a0'}</span>
                </li>
              </ul>
            </div>
          </div>
        )}
        {user && (
          <nav className="app-nav" aria-label={t('shell.nav')}>
            <div className="container-xxl">
              <ul className="nav">
                {barViewsFor(user.roles).map((v) => (
                  <li className="nav-item" key={v}>
                    <NavLink className="nav-link" to={VIEWS[v].path}>
                      {t(VIEWS[v].label)}
                    </NavLink>
                  </li>
                ))}
              </ul>
            </div>
          </nav>
        )}
      </header>
      {/* The footer waits below the fold: a page drawn before its data, then filled, would push it down. */}
      <main id="main" tabIndex={-1} className="container-xxl flex-grow-1 py-4 min-vh-100">
        {children}
      </main>
      <footer className="it-footer-small-prints py-3 d-print-none">
        <div className="container-xxl">
          <p className="mb-0 small text-white">
            {t('shell.footer')} ·{' '}
            <a className="text-white" href="/docs">
              {t('shell.apiDocs')}
            </a>
          </p>
        </div>
      </footer>
    </div>
  );
}
