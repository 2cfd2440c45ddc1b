import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useI18n } from '../i18n/i18n.tsx';
import { LanguageSwitch } from '../layout/LanguageSwitch.tsx';

/** The portal's frame: the region's slim header, the portal's name, the main landmark and the footer. */
export function PortalShell({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="d-flex flex-column min-vh-100">
      <a className="visually-hidden-focusable skip-link" href="#main">
        {t('shell.skip')}
      </a>
      <header className="it-header-wrapper">
        <div className="it-header-slim-wrapper">
          <div className="container-xxl">
            <div className="it-header-slim-wrapper-content">
              <span className="navbar-brand">{t('shell.region')}</span>
              <div className="it-header-slim-right-zone">
                <LanguageSwitch />
              </div>
            </div>
          </div>
        </div>
        <div className="it-header-center-wrapper it-small-header">
          <div className="container-xxl">
            <div className="it-header-center-content-wrapper">
              <div className="it-brand-wrapper">
                <Link to="/portale">
                  <div className="it-brand-text">
                    <div className="it-brand-title">{t('portal.name')}</div>
                    <div className="it-brand-tagline d-none d-md-block">{t('portal.tagline')}</div>
                  </div>
                </Link>
              </div>
            </div>
          </div>
        </div>
      </header>
      {/* The footer waits below the fold: what a page adds when its data comes would push it down. */}
      <main id="main" className="container portal-main flex-grow-1 py-4 min-vh-100" tabIndex={-1}>
        {children}
      </main>
      <footer className="it-footer-small-prints py-3">
        <div className="container-xxl">
          <ul className="list-inline mb-0 small">
            <li className="list-inline-item me-3">
              <Link className="text-white" to="/portale/accessibilita">
                {t('portal.footer.accessibility')}
              </Link>
            </li>
            <li className="list-inline-item me-3">
              <Link className="text-white" to="/portale/privacy">
                {t('portal.footer.privacy')}
              </Link>
            </li>
            <li className="list-inline-item">
              <a className="text-white" href="/quando-chiamare">
                {t('portal.footer.whenToCall')}
              </a>
            </li>
          </ul>
        </div>
      </footer>
    </div>
  );
}
