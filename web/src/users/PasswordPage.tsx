import { type FormEvent, useId, useState } from 'react';
import { ErrorAlert, FieldError, fieldError, useAnnounce } from '../components/feedback.tsx';
import { Page } from '../components/Page.tsx';
import { type MessageKey, useI18n } from '../i18n/i18n.tsx';
import { usersApi, useUserMutation } from './api.ts';

/** A user replaces their own password; the server applies the policy and names the field it refuses. */
export function PasswordPage() {
  const { t } = useI18n();
  const id = useId();
  const announce = useAnnounce();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const [done, setDone] = useState(false);
  const change = useUserMutation(() => usersApi.changePassword(current, next));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone(false);
    if (next !== repeat) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    change.mutate(undefined, {
      onSuccess: () => {
        setCurrent('');
        setNext('');
        setRepeat('');
        setDone(true);
        announce(t('password.done'));
      },
    });
  };

  const field = (
    name: 'currentPassword' | 'newPassword' | 'repeat',
    label: MessageKey,
    value: string,
    set: (v: string) => void,
    error: unknown,
  ) => (
    <div className="mb-4">
      <label htmlFor={`${id}-${name}`} className="form-label fw-semibold">
        {t(label)}
      </label>
      <input
        id={`${id}-${name}`}
        type="password"
        className={`form-control${error ? ' is-invalid' : ''}`}
        autoComplete={name === 'currentPassword' ? 'current-password' : 'new-password'}
        required
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-${name}-error` : undefined}
        onChange={(e) => set(e.target.value)}
      />
      {error instanceof Error ? (
        <FieldError
          id={`${id}-${name}-error`}
          error={error}
          // The policy's refusal says what the policy is, not the server's English words.
          messages={name === 'newPassword' ? { INVALID_FIELD: 'password.refused' } : {}}
        />
      ) : error ? (
        <div id={`${id}-${name}-error`} className="invalid-feedback d-block" role="alert">
          {t('password.mismatch')}
        </div>
      ) : null}
    </div>
  );

  const currentError = fieldError(change.error, 'currentPassword');
  const newError = fieldError(change.error, 'newPassword');
  return (
    <div className="row justify-content-center">
      <div className="col-12 col-md-8 col-lg-6">
        <Page title={t('password.title')}>
          <p>{t('password.intro')}</p>
          <form onSubmit={submit} noValidate className="card card-body shadow-sm p-4">
            {done && (
              <div className="alert alert-success" role="status">
                {t('password.done')}
              </div>
            )}
            <ErrorAlert error={currentError || newError ? null : change.error} />
            {field('currentPassword', 'password.current', current, setCurrent, currentError)}
            {field('newPassword', 'password.new', next, setNext, newError)}
            {field('repeat', 'password.repeat', repeat, setRepeat, mismatch)}
            <button type="submit" className="btn btn-primary" disabled={change.isPending}>
              {change.isPending ? t('common.saving') : t('password.submit')}
            </button>
          </form>
        </Page>
      </div>
    </div>
  );
}
