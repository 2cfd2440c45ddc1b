import { useMutation, useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useParams } from 'react-router';
import { ErrorAlert, type ErrorMessages } from '../components/feedback.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { formatEuro, formatTime } from '../lib/format.ts';
import { type KioskOutcome, kiosk } from './api.ts';
import { Rating } from './Rating.tsx';

const IDLE_MS = 60_000;
const RESULT_MS = 25_000;
const KEYS = [...'1234567890QWERTYUIOPASDFGHJKLZXCVBNM'];
const ERRORS: ErrorMessages = {
  NOT_FOUND: 'kiosk.error.noMatch',
  CONFLICT: 'kiosk.error.elsewhere',
  INVALID_STATE: 'kiosk.error.notToday',
  RATE_LIMITED: 'portal.error.tooMany',
};

/**
 * The self check-in kiosk of a facility (issue 13 §4, BK-9, "Fast Box"): touch first, large keys, no
 * physical keyboard needed; a barcode scanner types into the focused field and ends with Enter. Two
 * steps (booking code, fiscal code), then the queue ticket or where to pay, and the rating of the
 * service. It starts over by itself after a minute untouched, and some seconds after a result (a rating
 * left half-way is dropped with the rest: the next citizen must not find it).
 */
export function KioskPage() {
  const { facilityId = '' } = useParams();
  const { t, lang } = useI18n();
  const id = useId();
  const facility = useQuery({
    queryKey: ['kiosk', facilityId],
    queryFn: () => kiosk.facility(facilityId),
    retry: false,
  });
  const [step, setStep] = useState<'code' | 'fiscalCode'>('code');
  const [code, setCode] = useState('');
  const [fiscalCode, setFiscalCode] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const check = useMutation({ mutationFn: () => kiosk.checkIn(facilityId, code, fiscalCode) });
  const reset = useCallback(() => {
    setStep('code');
    setCode('');
    setFiscalCode('');
    check.reset();
  }, [check]);

  // Start over when nobody touches the screen for a minute, or some seconds after a result.
  const last = useRef(Date.now());
  useEffect(() => {
    const touch = () => {
      last.current = Date.now();
    };
    window.addEventListener('pointerdown', touch);
    window.addEventListener('keydown', touch);
    const timer = window.setInterval(() => {
      const idle = Date.now() - last.current;
      if (idle > (check.data ? RESULT_MS : IDLE_MS) && (code || fiscalCode || check.data || check.error))
        reset();
    }, 1000);
    return () => {
      window.removeEventListener('pointerdown', touch);
      window.removeEventListener('keydown', touch);
      window.clearInterval(timer);
    };
  }, [check.data, check.error, code, fiscalCode, reset]);
  useEffect(() => {
    document.title = `${t('kiosk.title')} — ${facility.data?.name ?? ''}`;
  }, [t, facility.data]);
  // Focus back on the field at each step (a scanner types where the focus is).
  useEffect(() => {
    if (step && !check.data && !check.isPending) input.current?.focus();
  }, [step, check.data, check.isPending]);

  const value = step === 'code' ? code : fiscalCode;
  const setValue = step === 'code' ? setCode : setFiscalCode;
  const max = step === 'code' ? 20 : 16;
  const next = () => {
    if (!value.trim()) return;
    if (step === 'code') setStep('fiscalCode');
    else check.mutate();
  };

  return (
    <div className="kiosk min-vh-100 d-flex flex-column">
      <header className="bg-primary text-white px-4 py-3">
        <h1 className="h2 mb-0">{t('kiosk.title')}</h1>
        <p className="mb-0 fs-5">{facility.data?.name ?? ''}</p>
      </header>
      <main id="main" className="flex-grow-1 container py-4">
        <ErrorAlert error={facility.error} />
        {check.data ? (
          <Result outcome={check.data} onDone={reset} />
        ) : (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              next();
            }}
          >
            <label htmlFor={`${id}-in`} className="kiosk-label">
              {step === 'code' ? t('kiosk.code') : t('kiosk.fiscalCode')}
            </label>
            <p className="fs-5">{step === 'code' ? t('kiosk.codeHint') : t('kiosk.fiscalCodeHint')}</p>
            <input
              ref={input}
              id={`${id}-in`}
              className="form-control kiosk-input text-uppercase"
              autoComplete="off"
              spellCheck={false}
              inputMode="none"
              maxLength={max}
              value={value}
              onChange={(e) => setValue(e.target.value.toUpperCase().replace(/[^A-Z0-9-]/g, ''))}
            />
            <ErrorAlert error={check.error} messages={ERRORS} className="mt-3 fs-5" />
            <fieldset className="kiosk-keys mt-3">
              <legend className="visually-hidden">{t('kiosk.keyboard')}</legend>
              {KEYS.map((k) => (
                <button
                  key={k}
                  type="button"
                  className="btn btn-outline-primary"
                  onClick={() => setValue((v) => (v + k).slice(0, max))}
                >
                  {k}
                </button>
              ))}
              {step === 'code' && (
                <button
                  type="button"
                  className="btn btn-outline-primary"
                  onClick={() => setValue((v) => `${v}-`.slice(0, max))}
                >
                  -
                </button>
              )}
              <button
                type="button"
                className="btn btn-outline-secondary kiosk-wide"
                onClick={() => setValue((v) => v.slice(0, -1))}
              >
                {t('kiosk.delete')}
              </button>
            </fieldset>
            <div className="d-flex gap-3 mt-4">
              <button type="button" className="btn btn-outline-secondary btn-lg flex-fill" onClick={reset}>
                {t('kiosk.restart')}
              </button>
              <button
                type="submit"
                className="btn btn-primary btn-lg flex-fill"
                disabled={!value.trim() || check.isPending}
              >
                {step === 'code' ? t('kiosk.next') : t('kiosk.checkIn')}
              </button>
            </div>
          </form>
        )}
      </main>
      <footer className="px-4 py-2 small text-secondary">
        {t('kiosk.privacy', { time: formatTime(new Date(), lang) })}
      </footer>
    </div>
  );
}

/** The ticket, or where to pay first; then the service's rating (C.SE.1.7), without the words. */
function Result({ outcome: o, onDone }: { outcome: KioskOutcome; onDone: () => void }) {
  const { t, lang } = useI18n();
  return (
    <section aria-live="polite">
      {o.outcome === 'checked_in' ? (
        <div className="text-center">
          <p className="fs-3 mb-1">{t('kiosk.done')}</p>
          <p className="mb-0 fs-4">{t('kiosk.ticket')}</p>
          <p className="kiosk-ticket" data-testid="kiosk-ticket">
            {o.ticket}
          </p>
          <p className="fs-4">
            {o.service}, {formatTime(o.start, lang)} — {o.unitName}
          </p>
          <p className="fs-5">{t('kiosk.wait')}</p>
        </div>
      ) : (
        <div>
          <p className="fs-3">{t('kiosk.payFirst', { amount: formatEuro(o.amountCents) })}</p>
          {o.qrSvg ? (
            <>
              <img
                className="portal-qr kiosk-qr"
                src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(o.qrSvg)}`}
                alt={t('portal.notice.qrAlt')}
              />
              <p className="fs-5 font-monospace">{o.groupedNumber}</p>
              <p className="fs-5">{t('kiosk.payQr')}</p>
            </>
          ) : (
            <p className="fs-5">{t('kiosk.payDesk')}</p>
          )}
        </div>
      )}
      <div className="kiosk-rating">
        <Rating service="kiosk" words={false} />
      </div>
      <button type="button" className="btn btn-primary btn-lg mt-3" onClick={onDone}>
        {t('kiosk.finish')}
      </button>
    </section>
  );
}
