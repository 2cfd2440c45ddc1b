import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useParams } from 'react-router';
import {
  ErrorAlert,
  type ErrorMessages,
  FieldError,
  fieldError,
  useAnnounce,
} from '../components/feedback.tsx';
import { Page } from '../components/Page.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { formatDateTime } from '../lib/format.ts';
import { answerReferral, useReferral } from './api.ts';

const ERRORS: ErrorMessages = {
  NOT_FOUND: 'link.error.invalid',
  INVALID_STATE: 'referral.error.closed',
};

/**
 * HD-2, the third level's side: an outside department opens the link it was e-mailed (no login: the
 * link's secret names one case), reads the request and why it came to them, and answers; the answer
 * goes back to the regional offices, who tell the citizen.
 */
export function ReferralPage() {
  const { token = '' } = useParams();
  const { t, lang } = useI18n();
  const id = useId();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const referral = useReferral(token);
  const [answer, setAnswer] = useState('');
  const send = useMutation({
    mutationFn: () => answerReferral(token, answer),
    onSuccess: (r) => {
      qc.setQueryData(['helpdesk', 'referral', token], r);
      setAnswer('');
      announce(t('referral.sent'));
    },
  });
  const err = fieldError(send.error, 'body');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    send.mutate();
  };
  const r = referral.data;

  return (
    <Page title={r ? t('referral.title', { number: r.number }) : t('referral.titleLoading')}>
      {referral.isPending && <p role="status">{t('common.loading')}</p>}
      <ErrorAlert error={referral.error} messages={ERRORS} />
      {r && (
        <>
          <p>{t('referral.intro', { department: r.department })}</p>
          <dl className="row">
            <dt className="col-sm-3">{t('helpdesk.field.subject')}</dt>
            <dd className="col-sm-9">{r.subject}</dd>
            <dt className="col-sm-3">{t('helpdesk.field.queue')}</dt>
            <dd className="col-sm-9">{r.queueName}</dd>
            <dt className="col-sm-3">{t('referral.reason')}</dt>
            <dd className="col-sm-9">{r.reason}</dd>
            <dt className="col-sm-3">{t('referral.request')}</dt>
            <dd className="col-sm-9" style={{ whiteSpace: 'pre-wrap' }}>
              {r.request}
            </dd>
            <dt className="col-sm-3">{t('referral.expires')}</dt>
            <dd className="col-sm-9">{formatDateTime(r.expiresAt, lang)}</dd>
          </dl>
          {r.answers.length > 0 && (
            <section aria-labelledby={`${id}-answers`}>
              <h2 id={`${id}-answers`} className="h5">
                {t('referral.answers')}
              </h2>
              <ul className="list-unstyled" data-testid="referral-answers">
                {r.answers.map((a) => (
                  <li key={a.at} className="mb-2">
                    <span className="small text-muted">{formatDateTime(a.at, lang)}</span>
                    <div style={{ whiteSpace: 'pre-wrap' }}>{a.body}</div>
                  </li>
                ))}
              </ul>
            </section>
          )}
          {r.closed ? (
            <p className="alert alert-info">{t('referral.closed')}</p>
          ) : (
            <form onSubmit={submit} noValidate aria-label={t('referral.answerForm')}>
              <label htmlFor={`${id}-answer`} className="form-label fw-semibold">
                {t('referral.answer')}
              </label>
              <textarea
                id={`${id}-answer`}
                className={`form-control${err ? ' is-invalid' : ''}`}
                rows={5}
                value={answer}
                required
                aria-invalid={err ? true : undefined}
                aria-describedby={err ? `${id}-answer-error` : undefined}
                onChange={(e) => setAnswer(e.target.value)}
              />
              <FieldError
                id={`${id}-answer-error`}
                error={err}
                messages={{
                  INVALID_FIELD: 'referral.answerEmpty',
                  MALFORMED_REQUEST: 'referral.answerEmpty',
                }}
              />
              <ErrorAlert error={send.error && !err ? send.error : null} messages={ERRORS} />
              <button type="submit" className="btn btn-primary mt-2" disabled={send.isPending}>
                {t('referral.send')}
              </button>
            </form>
          )}
        </>
      )}
    </Page>
  );
}
