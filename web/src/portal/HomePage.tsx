import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { Page } from '../components/Page.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { personal } from './api.ts';

/** The portal's front door: book, or manage a booking; no SPID needed for either. */
export function HomePage() {
  const { t } = useI18n();
  const options = useQuery({
    queryKey: ['portal', 'login-options'],
    queryFn: personal.options,
    staleTime: 600_000,
  });
  return (
    <Page title={t('portal.home.title')}>
      <p className="lead">{t('portal.home.lead')}</p>
      <div className="row g-3">
        <div className="col-md-6">
          <div className="card card-bg h-100 shadow-sm">
            <div className="card-body">
              <h2 className="h4 card-title">{t('portal.home.book')}</h2>
              <p className="card-text">{t('portal.home.bookText')}</p>
              <Link className="btn btn-primary" to="/portale/prenota">
                {t('portal.home.bookAction')}
              </Link>
            </div>
          </div>
        </div>
        <div className="col-md-6">
          <div className="card card-bg h-100 shadow-sm">
            <div className="card-body">
              <h2 className="h4 card-title">{t('portal.home.manage')}</h2>
              <p className="card-text">{t('portal.home.manageText')}</p>
              <Link className="btn btn-outline-primary" to="/portale/gestisci">
                {t('portal.home.manageAction')}
              </Link>
            </div>
          </div>
        </div>
      </div>
      <p className="mt-4">
        <Link to="/portale/paga">{t('portal.home.payNotice')}</Link>
      </p>
      <p>
        <Link to="/portale/chat">{t('portal.home.chat')}</Link>
      </p>
      <p className="small">{t('portal.home.noSpid')}</p>
      {options.data?.spid && (
        <div className="card card-bg shadow-sm mt-3">
          <div className="card-body">
            <h2 className="h4 card-title">{t('portal.home.area')}</h2>
            <p className="card-text">{t('portal.home.areaText')}</p>
            <a className="btn btn-outline-primary" href={personal.loginUrl}>
              {t('portal.home.spid')}
            </a>
          </div>
        </div>
      )}
    </Page>
  );
}
