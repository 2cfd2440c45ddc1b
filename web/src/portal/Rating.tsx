import { useMutation } from '@tanstack/react-query';
import { useId } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { portal } from './api.ts';

/** Designers Italia's 1–5 rating: "Quanto è stato facile usare questo servizio?" (anonymous). */
export function Rating({ service }: { service: 'booking' | 'manage' | 'payment' }) {
  const { t } = useI18n();
  const id = useId();
  const rate = useMutation({ mutationFn: (n: number) => portal.rate(service, n) });
  return (
    <section className="card card-bg mt-4 portal-rating" aria-labelledby={`${id}-h`}>
      <div className="card-body">
        <h2 id={`${id}-h`} className="h5">
          {t('portal.rating.question')}
        </h2>
        {rate.isSuccess ? (
          <p role="status">{t('portal.rating.thanks')}</p>
        ) : (
          <fieldset>
            <legend className="visually-hidden">{t('portal.rating.question')}</legend>
            <div className="d-flex gap-2">
              {[1, 2, 3, 4, 5].map((n) => (
                <button
                  key={n}
                  type="button"
                  className="btn btn-outline-primary"
                  aria-label={t('portal.rating.stars', { n })}
                  onClick={() => rate.mutate(n)}
                  disabled={rate.isPending}
                >
                  {n}
                </button>
              ))}
            </div>
            <p className="small mt-1 mb-0">{t('portal.rating.scale')}</p>
          </fieldset>
        )}
      </div>
    </section>
  );
}
