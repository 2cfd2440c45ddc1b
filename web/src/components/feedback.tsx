import { createContext, type ReactNode, useCallback, useContext, useMemo, useRef, useState } from 'react';
import { type MessageKey, type Translate, useI18n } from '../i18n/i18n.tsx';
import { ApiError } from '../lib/api.ts';

const ERROR_TITLES: Record<string, MessageKey> = {
  NETWORK: 'error.NETWORK',
  UNAUTHENTICATED: 'error.UNAUTHENTICATED',
  FORBIDDEN: 'error.FORBIDDEN',
  NOT_FOUND: 'error.NOT_FOUND',
  SLOT_TAKEN: 'error.SLOT_TAKEN',
  CONFLICT: 'error.CONFLICT',
  INVALID_STATE: 'error.INVALID_STATE',
  PRESCRIPTION_EXPIRED: 'error.PRESCRIPTION_EXPIRED',
  GUARANTEE_SLOT_AVAILABLE: 'error.GUARANTEE_SLOT_AVAILABLE',
  INVALID_FIELD: 'error.INVALID_FIELD',
  MALFORMED_REQUEST: 'error.MALFORMED_REQUEST',
  RATE_LIMITED: 'error.RATE_LIMITED',
};

/** A title in the UI language for the error's code, and the server's own words (in English) as detail. */
export function describeError(t: Translate, error: unknown): { title: string; detail: string | null } {
  if (error instanceof ApiError) {
    return { title: t(ERROR_TITLES[error.code] ?? 'error.INTERNAL'), detail: error.message || null };
  }
  return { title: t('error.INTERNAL'), detail: error instanceof Error ? error.message : null };
}

/** The error of a call, if it belongs next to the given field. */
export function fieldError(error: unknown, ...fields: string[]): ApiError | null {
  return error instanceof ApiError && error.field !== undefined && fields.includes(error.field)
    ? error
    : null;
}

function ErrorText({ error }: { error: unknown }) {
  const { t } = useI18n();
  const { title, detail } = describeError(t, error);
  return (
    <>
      <strong>{title}</strong>
      {detail && (
        <>
          {' '}
          <span lang="en">({detail})</span>
        </>
      )}
    </>
  );
}

/** Shown under an input; the input points to it with aria-describedby and is aria-invalid. */
export function FieldError({ id, error }: { id: string; error: unknown }) {
  if (!error) return null;
  return (
    <div id={id} className="invalid-feedback d-block" role="alert">
      <ErrorText error={error} />
    </div>
  );
}

/** An error that belongs to no field. */
export function ErrorAlert({ error, className = '' }: { error: unknown; className?: string }) {
  if (!error) return null;
  return (
    <div className={`alert alert-danger ${className}`} role="alert">
      <ErrorText error={error} />
    </div>
  );
}

type Announce = (message: string, politeness?: 'polite' | 'assertive') => void;
const AnnounceContext = createContext<Announce>(() => {});

/**
 * One pair of live regions for the page: results and outcomes are read out by screen readers without
 * moving the focus (WCAG 4.1.3). Repeating a message still announces it.
 */
export function Announcer({ children }: { children: ReactNode }) {
  const [polite, setPolite] = useState('');
  const [assertive, setAssertive] = useState('');
  const toggle = useRef(false);
  const announce = useCallback<Announce>((message, politeness = 'polite') => {
    toggle.current = !toggle.current;
    // A trailing non-breaking space alternates so the same text twice is still a change.
    const text = toggle.current ? message : `${message}\u00a0`;
    if (politeness === 'assertive') setAssertive(text);
    else setPolite(text);
  }, []);
  const value = useMemo(() => announce, [announce]);
  return (
    <AnnounceContext.Provider value={value}>
      {children}
      <div className="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="announcer">
        {polite}
      </div>
      <div className="visually-hidden" aria-live="assertive" aria-atomic="true">
        {assertive}
      </div>
    </AnnounceContext.Provider>
  );
}

export function useAnnounce(): Announce {
  return useContext(AnnounceContext);
}
