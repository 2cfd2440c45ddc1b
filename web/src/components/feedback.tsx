import { createContext, type ReactNode, useCallback, useContext, useMemo, useRef, useState } from 'react';
import { isMessageKey, type MessageKey, type Translate, useI18n } from '../i18n/i18n.tsx';
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

/** Fields whose words are not `field.<name>` in the dictionaries. */
const FIELD_LABELS: Record<string, MessageKey> = {
  rules: 'agendaEdit.rules',
};

/** An agenda rule's fields (`rules.0.endTime`) by the names of the editor's columns. */
const RULE_FIELDS: Record<string, MessageKey> = {
  weekday: 'agendaEdit.rule.weekday',
  startTime: 'agendaEdit.rule.start',
  endTime: 'agendaEdit.rule.end',
  slotMinutes: 'agendaEdit.rule.minutes',
  capacity: 'agendaEdit.rule.capacity',
  reservedPriority: 'agendaEdit.rule.reserved',
};

/**
 * A field as people call it (issue 14 §3): by its name, a numbered row by its number; a field the app
 * has no words for is "a field of the form", never the server's path in English.
 */
export function fieldLabel(t: Translate, field: string): string {
  const named = FIELD_LABELS[field] ?? `field.${field}`;
  if (isMessageKey(named)) return t(named);
  const band = /^staffing\.roster\.(\d+)/.exec(field);
  if (band) return t('field.rosterBand', { n: Number(band[1]) + 1 });
  const rule = /^rules\.(\d+)\.(\w+)$/.exec(field);
  const ruleField = rule && RULE_FIELDS[rule[2]!];
  if (rule && ruleField) return t('field.rule', { n: Number(rule[1]) + 1, what: t(ruleField) });
  const service = /^serviceCodes\.(\d+)$/.exec(field);
  if (service) return t('field.serviceN', { n: Number(service[1]) + 1 });
  const key = /^keys\.(\d+)$/.exec(field);
  if (key) return t('field.keyN', { n: Number(key[1]) + 1 });
  const item = /^items\.(\d+)\.serviceCode$/.exec(field);
  if (item) return t('field.itemServiceCode', { n: Number(item[1]) + 1 });
  const athlete = /^athletes\.(\d+)\.(fiscalCode|nre)$/.exec(field);
  if (athlete)
    return t('field.athleteLine', { n: Number(athlete[1]) + 1, what: t(`field.${athlete[2] as 'nre'}`) });
  const place = /^places\.(\d+)\./.exec(field);
  if (place) return t('field.placeN', { n: Number(place[1]) + 1 });
  const outcome = /^dispositions\.(\d+)\./.exec(field);
  if (outcome) return t('field.dispositionN', { n: Number(outcome[1]) + 1 });
  const closure = /^closures\.(\d+)\.(fromDate|toDate)$/.exec(field);
  if (closure)
    return t('field.closure', { n: Number(closure[1]) + 1, what: t(`field.${closure[2] as 'fromDate'}`) });
  return t('field.other');
}

/** The words for an error code (a booking's outcome named by its code), in the UI language. */
export const errorTitleKey = (code: string): MessageKey => ERROR_TITLES[code] ?? 'error.INTERNAL';

/** Messages for some error codes in one place (e.g. a CONFLICT that means something precise there). */
export type ErrorMessages = Partial<Record<string, MessageKey>>;

/**
 * The error in the UI language, from its code (and the field it names): never the server's own words,
 * which are English and may carry UTC timestamps.
 */
export function describeError(
  t: Translate,
  error: unknown,
  messages: ErrorMessages = {},
): { title: string; detail: string | null } {
  if (error instanceof ApiError) {
    // `CODE:field` first: the same code can mean different things on different fields.
    const key =
      (error.field ? messages[`${error.code}:${error.field}`] : undefined) ??
      messages[error.code] ??
      errorTitleKey(error.code);
    return {
      title: t(key),
      // A path parameter (`id`) says nothing the operator does not see already.
      detail:
        error.field && error.field !== 'id' ? t('error.field', { field: fieldLabel(t, error.field) }) : null,
    };
  }
  return { title: t('error.INTERNAL'), detail: null };
}

/** The error of a call, if it belongs next to the given field. */
export function fieldError(error: unknown, ...fields: string[]): ApiError | null {
  return error instanceof ApiError && error.field !== undefined && fields.includes(error.field)
    ? error
    : null;
}

function ErrorText({ error, messages }: { error: unknown; messages?: ErrorMessages | undefined }) {
  const { t } = useI18n();
  const { title, detail } = describeError(t, error, messages);
  return (
    <>
      <strong>{title}</strong>
      {detail && <> ({detail})</>}
    </>
  );
}

/** Shown under an input; the input points to it with aria-describedby and is aria-invalid. */
export function FieldError({
  id,
  error,
  messages,
}: {
  id: string;
  error: unknown;
  messages?: ErrorMessages;
}) {
  if (!error) return null;
  return (
    <div id={id} className="invalid-feedback d-block" role="alert">
      <ErrorText error={error} messages={messages} />
    </div>
  );
}

/** An error that belongs to no field. */
export function ErrorAlert({
  error,
  className = '',
  messages,
}: {
  error: unknown;
  className?: string;
  messages?: ErrorMessages;
}) {
  if (!error) return null;
  return (
    <div className={`alert alert-danger ${className}`} role="alert">
      <ErrorText error={error} messages={messages} />
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
