import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';
import { ErrorAlert } from '../components/feedback.tsx';
import { Page } from '../components/Page.tsx';
import { type MessageKey, useI18n } from '../i18n/i18n.tsx';
import { api, isApiError } from '../lib/api.ts';
import { keys, useMe } from '../lib/queries.ts';
import { useLoginProviders } from '../users/api.ts';
import { homeOf } from './roles.ts';

/** What the login form says about its own errors: wrong credentials, a back-off, a locked account. */
function loginErrorKey(e: unknown): MessageKey | null {
  if (isApiError(e, 'UNAUTHENTICATED')) return 'login.failed';
  // The server names the username when the account is locked; a back-off is a matter of seconds.
  if (isApiError(e, 'RATE_LIMITED')) return e.field === 'username' ? 'login.locked' : 'login.throttled';
  return null;
}

/** Why a single sign-on came back refused (the server's `?sso=` reasons). */
const SSO_REFUSALS: Record<string, MessageKey> = {
  unavailable: 'login.sso.unavailable',
  expired: 'login.sso.expired',
  failed: 'login.sso.failed',
  'no-username': 'login.sso.no-username',
  conflict: 'login.sso.conflict',
  'no-role': 'login.sso.no-role',
  disabled: 'login.sso.disabled',
};

export function LoginPage() {
  const { t } = useI18n();
  const me = useMe();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const id = useId();
  const providers = useLoginProviders();
  const [search] = useSearchParams();
  const ssoRefusal = SSO_REFUSALS[search.get('sso') ?? ''];
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const login = useMutation({
    mutationFn: () => api.login(username.trim(), password),
    onSuccess: (result) => {
      qc.clear();
      qc.setQueryData(keys.me, result.user);
      const from = (location.state as { from?: string } | null)?.from;
      navigate(from && from !== '/login' ? from : (homeOf(result.user.roles) ?? '/'), { replace: true });
    },
  });

  if (me.data) return <Navigate to={homeOf(me.data.roles) ?? '/'} replace />;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!login.isPending) login.mutate();
  };

  return (
    <div className="row justify-content-center">
      <div className="col-12 col-md-8 col-lg-5">
        <Page title={t('login.title')} focusHeading={false}>
          <p>{t('login.intro')}</p>
          {ssoRefusal && (
            <div className="alert alert-danger" role="alert">
              {t(ssoRefusal)}
            </div>
          )}
          {providers.data?.singleSignOn && (
            <div className="mb-4">
              {/* A full navigation, not a fetch: the provider's pages take over the browser. */}
              <a href={providers.data.singleSignOn.loginUrl} className="btn btn-primary w-100">
                {t('login.sso')}
              </a>
              <p className="text-center mt-3 mb-0">{t('login.or')}</p>
            </div>
          )}
          <form onSubmit={submit} noValidate className="card card-body shadow-sm p-4">
            {loginErrorKey(login.error) ? (
              <div className="alert alert-danger" role="alert">
                {t(loginErrorKey(login.error)!)}
              </div>
            ) : (
              <ErrorAlert error={login.error} />
            )}
            <div className="mb-4">
              <label htmlFor={`${id}-user`} className="form-label fw-semibold">
                {t('login.username')}
              </label>
              <input
                id={`${id}-user`}
                name="username"
                className="form-control"
                autoComplete="username"
                required
                // The only field of the page: where the user starts typing.
                ref={(el) => {
                  if (el && !username && document.activeElement === document.body) el.focus();
                }}
                value={username}
                onChange={(e) => setUsername(e.target.value)}
              />
            </div>
            <div className="mb-4">
              <label htmlFor={`${id}-password`} className="form-label fw-semibold">
                {t('login.password')}
              </label>
              <input
                id={`${id}-password`}
                name="password"
                type="password"
                className="form-control"
                autoComplete="current-password"
                required
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            </div>
            <button type="submit" className="btn btn-primary w-100" disabled={login.isPending}>
              {login.isPending ? t('login.submitting') : t('login.submit')}
            </button>
          </form>
        </Page>
      </div>
    </div>
  );
}
