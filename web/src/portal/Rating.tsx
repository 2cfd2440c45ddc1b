import { useMutation } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { ErrorAlert } from '../components/feedback.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import type { Schema } from '../lib/openapi.ts';
import { portal, type RatingBody } from './api.ts';

type Reason = NonNullable<RatingBody['reason']>;
type Difficulty = Schema<'RatingDifficulty'>;
type Liked = Schema<'RatingLiked'>;
/**
 * Designers Italia C.SE.1.7's fixed answers, in the criterion's order: below 4 stars what was difficult,
 * from 4 what was liked. The API's generated types name each list; `every` makes the build fail when the
 * server's list gains an answer these lack.
 */
const DIFFICULTIES = every<Difficulty>()([
  'unclear',
  'incomplete',
  'unsure-progress',
  'technical-problems',
  'other',
]);
const LIKED = every<Liked>()(['clear', 'complete', 'sure-progress', 'no-technical-problems', 'other']);
const DETAIL_MAX = 200;

/** The list as given, accepted only if it holds every member of T (and nothing else). */
function every<T extends string>() {
  return <const L extends readonly T[]>(list: [T] extends [L[number]] ? L : never): readonly T[] => list;
}

/**
 * Designers Italia's rating at the end of a service (criterion C.SE.1.7, anonymous): "Quanto è stato facile
 * usare questo servizio?" on 1–5; then, in two steps, where the difficulties were (below 4) or what was
 * liked (from 4), and a few words. Sent once, at the end. `words={false}` leaves the words out (the kiosk:
 * a shared touch screen with no keyboard for free text), so the answer is the last step.
 */
export function Rating({ service, words = true }: { service: RatingBody['service']; words?: boolean }) {
  const { t } = useI18n();
  const id = useId();
  const [rating, setRating] = useState<number | null>(null);
  const [step, setStep] = useState<1 | 2>(1);
  const [reason, setReason] = useState<Reason | null>(null);
  const [detail, setDetail] = useState('');
  const stepHeading = useRef<HTMLHeadingElement>(null);
  const send = useMutation({
    mutationFn: () =>
      portal.rate({
        service,
        rating: rating!,
        ...(reason ? { reason } : {}),
        ...(detail.trim() ? { detail: detail.trim() } : {}),
      }),
  });
  // Each step is announced where it starts: the focus moves to its question.
  const shownStep = rating === null ? null : step;
  useEffect(() => {
    if (shownStep !== null) stepHeading.current?.focus();
  }, [shownStep]);

  const low = rating !== null && rating < 4;
  const answers: readonly Reason[] = low ? DIFFICULTIES : LIKED;
  const steps = words ? 2 : 1;
  return (
    <section className="card card-bg mt-4 portal-rating" aria-labelledby={`${id}-h`}>
      <div className="card-body">
        <h2 id={`${id}-h`} className="h5">
          {t('portal.rating.question')}
        </h2>
        {send.isSuccess ? (
          <p role="status">{t('portal.rating.thanks')}</p>
        ) : rating === null ? (
          <fieldset>
            <legend className="visually-hidden">{t('portal.rating.question')}</legend>
            <div className="d-flex gap-2">
              {[1, 2, 3, 4, 5].map((n) => (
                <button
                  key={n}
                  type="button"
                  className="btn btn-outline-primary"
                  aria-label={t('portal.rating.stars', { n })}
                  onClick={() => {
                    setRating(n);
                    setStep(1);
                    setReason(null);
                  }}
                >
                  {n}
                </button>
              ))}
            </div>
            <p className="small mt-1 mb-0">{t('portal.rating.scale')}</p>
          </fieldset>
        ) : (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (step === 1 && words) setStep(2);
              else send.mutate();
            }}
          >
            <p className="small mb-2">{t('portal.rating.given', { n: rating })}</p>
            {step === 1 ? (
              <fieldset>
                <legend>
                  <h3 className="h6 d-flex justify-content-between" ref={stepHeading} tabIndex={-1}>
                    <span>{t(low ? 'portal.rating.difficulties' : 'portal.rating.liked')}</span>
                    <span className="small">{t('portal.rating.step', { n: 1, of: steps })}</span>
                  </h3>
                </legend>
                {answers.map((a) => (
                  <div className="form-check" key={a}>
                    <input
                      className="form-check-input"
                      type="radio"
                      name={`${id}-reason`}
                      id={`${id}-${a}`}
                      checked={reason === a}
                      onChange={() => setReason(a)}
                    />
                    <label className="form-check-label" htmlFor={`${id}-${a}`}>
                      {t(
                        `portal.rating.reason.${low ? 'low' : 'high'}.${a}` as 'portal.rating.reason.low.other',
                      )}
                    </label>
                  </div>
                ))}
              </fieldset>
            ) : (
              <div>
                <h3 className="h6 d-flex justify-content-between" ref={stepHeading} tabIndex={-1}>
                  <span>{t('portal.rating.more')}</span>
                  <span className="small">{t('portal.rating.step', { n: 2, of: steps })}</span>
                </h3>
                <label htmlFor={`${id}-detail`} className="form-label">
                  {t('portal.rating.detail')}
                </label>
                <textarea
                  id={`${id}-detail`}
                  className="form-control"
                  rows={3}
                  maxLength={DETAIL_MAX}
                  value={detail}
                  aria-describedby={`${id}-detail-help`}
                  onChange={(e) => setDetail(e.target.value)}
                />
                <p id={`${id}-detail-help`} className="small mb-0">
                  {t('portal.rating.detailHelp', { n: DETAIL_MAX - detail.length })}
                </p>
              </div>
            )}
            <ErrorAlert error={send.error} className="mt-2" />
            <div className="d-flex gap-2 mt-3">
              <button
                type="button"
                className="btn btn-outline-primary"
                onClick={() => (step === 2 ? setStep(1) : setRating(null))}
              >
                {t('portal.rating.back')}
              </button>
              <button type="submit" className="btn btn-primary" disabled={send.isPending}>
                {t(step === 1 && words ? 'portal.rating.next' : 'portal.rating.send')}
              </button>
            </div>
          </form>
        )}
      </div>
    </section>
  );
}
