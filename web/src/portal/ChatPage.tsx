import { type UseMutationResult, useMutation } from '@tanstack/react-query';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { type ChatKey, type CitizenChat, citizenChat, mergeMessages } from '../chat/api.ts';
import { Transcript } from '../chat/Transcript.tsx';
import { ErrorAlert, FieldError, fieldError } from '../components/feedback.tsx';
import { Page } from '../components/Page.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { fileBase64 } from '../lib/files.ts';
import { formatDateTime } from '../lib/format.ts';

const STORAGE = 'sportello.chat';
type Step = UseMutationResult<CitizenChat, Error, (k: ChatKey) => Promise<CitizenChat>>;
/** How often the page asks for news: a chat is a conversation, not a page to reload. */
export const POLL_MS = 2000;

const CHAT_ERRORS = {
  INVALID_STATE: 'chat.error.ended',
  NOT_FOUND: 'chat.error.lost',
  RATE_LIMITED: 'chat.error.tooMany',
  CONFLICT: 'chat.error.documents',
} as const;
/** A document's refusal (its type, size, the virus scan, an unreadable file) is said on the picker. */
const DOCUMENT_FIELDS = ['document', 'document.content'];

function storedKey(): ChatKey | null {
  try {
    const raw = sessionStorage.getItem(STORAGE);
    return raw ? (JSON.parse(raw) as ChatKey) : null;
  } catch {
    return null;
  }
}

/**
 * CC-10: the citizen's chat. An automatic reception answers first (and says so); the citizen may ask for
 * an operator at any time: in hours they wait in the queue, told their place, then who answers (the
 * operator's code); out of hours they may leave a written request with an e-mail address. The chat's key
 * is kept for the tab's life, so reloading the page keeps the conversation.
 */
export function ChatPage() {
  const { t, lang } = useI18n();
  const [key, setKey] = useState<ChatKey | null>(storedKey);
  const [chat, setChat] = useState<CitizenChat | null>(null);
  const [lost, setLost] = useState<unknown>(null);
  const last = useRef(0);

  const take = useCallback((c: CitizenChat) => {
    setChat((have) => ({ ...c, messages: mergeMessages(have?.messages ?? [], c.messages) }));
    last.current = Math.max(last.current, c.lastSeq);
  }, []);

  const forget = () => {
    sessionStorage.removeItem(STORAGE);
    last.current = 0;
    setKey(null);
    setChat(null);
    setLost(null);
  };

  useEffect(() => {
    if (!key) return;
    let stopped = false;
    const tick = async () => {
      try {
        const c = await citizenChat.read(key, last.current);
        if (stopped) return;
        take(c);
        setLost(null);
      } catch (e) {
        if (!stopped) setLost(e);
      }
    };
    void tick();
    const timer = setInterval(tick, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [key, take]);

  const start = useMutation({
    mutationFn: (message: string) => citizenChat.start(message, lang),
    onSuccess: (s) => {
      sessionStorage.setItem(STORAGE, JSON.stringify({ id: s.id, token: s.token }));
      last.current = 0;
      take(s.chat);
      setKey({ id: s.id, token: s.token });
    },
  });
  const step = useMutation({
    mutationFn: (f: (k: ChatKey) => Promise<CitizenChat>) => f(key!),
    onSuccess: take,
  });
  const operator = () => step.mutate((k) => citizenChat.operator(k, last.current));

  return (
    <Page title={t('chat.portal.title')}>
      <div className="callout note" role="note">
        <div className="callout-title">{t('chat.portal.automaticTitle')}</div>
        <p>{t('chat.portal.automatic')}</p>
      </div>
      {!key || !chat ? (
        <>
          {key && !lost && <p>{t('chat.loading')}</p>}
          {lost !== null && <ErrorAlert error={lost} messages={CHAT_ERRORS} />}
          <Composer
            label={t('chat.portal.first')}
            hint={t('chat.portal.firstHint')}
            action={t('chat.portal.start')}
            pending={start.isPending}
            error={start.error}
            onSend={(m) => start.mutate(m)}
          />
        </>
      ) : (
        <>
          {/* A poll that failed (the network, the server): said, and tried again every few seconds. */}
          {lost !== null && <ErrorAlert error={lost} messages={CHAT_ERRORS} />}
          <Conversation chat={chat} step={step} onOperator={operator} onNew={forget} last={last} />
        </>
      )}
    </Page>
  );
}

function Conversation({
  chat,
  step,
  onOperator,
  onNew,
  last,
}: {
  chat: CitizenChat;
  step: Step;
  onOperator: () => void;
  onNew: () => void;
  last: { current: number };
}) {
  const { t, lang } = useI18n();
  const [leaving, setLeaving] = useState(false);
  const closed = chat.state === 'closed';
  const outOfHours = !chat.desk.open && chat.state === 'assistant';
  return (
    <>
      <Status chat={chat} />
      <Transcript
        messages={chat.messages}
        side="citizen"
        label={t('chat.log')}
        onOperator={closed || chat.state !== 'assistant' ? undefined : onOperator}
      />
      {step.error !== null && !fieldError(step.error, 'message', 'email', 'rating', ...DOCUMENT_FIELDS) && (
        <ErrorAlert error={step.error} messages={CHAT_ERRORS} />
      )}
      {!closed && (
        <>
          <Composer
            label={t('chat.portal.write')}
            action={t('chat.send')}
            pending={step.isPending}
            error={fieldError(step.error, 'message')}
            onSend={(m, done) => {
              step.mutate((k) => citizenChat.say(k, m, last.current), { onSuccess: done });
            }}
          />
          {(chat.state === 'waiting' || chat.state === 'active') && (
            <SendDocument step={step} last={last} maxMegabytes={chat.documentMaxMegabytes} />
          )}
          <div className="d-flex flex-wrap gap-2 mb-3">
            {chat.state === 'assistant' && chat.desk.open && (
              <button type="button" className="btn btn-outline-primary" onClick={onOperator}>
                {t('chat.portal.askOperator')}
              </button>
            )}
            {(chat.state === 'waiting' || outOfHours) && !leaving && (
              <button type="button" className="btn btn-outline-primary" onClick={() => setLeaving(true)}>
                {t('chat.portal.leaveRequest')}
              </button>
            )}
            <button
              type="button"
              className="btn btn-outline-secondary"
              onClick={() => step.mutate((k) => citizenChat.close(k, last.current))}
            >
              {t('chat.portal.end')}
            </button>
          </div>
          {(leaving || outOfHours) && chat.state !== 'active' && (
            <LeaveRequest step={step} last={last} nextOpening={chat.desk.nextOpening} lang={lang} />
          )}
        </>
      )}
      {closed && (
        <>
          {chat.rating === null ? (
            <Rating step={step} last={last} />
          ) : (
            <p role="status">{t('chat.portal.thanksRating')}</p>
          )}
          <button type="button" className="btn btn-primary mt-2" onClick={onNew}>
            {t('chat.portal.new')}
          </button>
        </>
      )}
    </>
  );
}

function Status({ chat }: { chat: CitizenChat }) {
  const { t } = useI18n();
  const text =
    chat.state === 'waiting'
      ? t('chat.portal.position', { n: chat.position ?? 1 })
      : chat.state === 'active'
        ? chat.operatorCode
          ? t('chat.portal.withOperator', { code: chat.operatorCode })
          : t('chat.portal.withSomeone')
        : chat.state === 'closed'
          ? chat.ticketNumber && chat.outcome === 'message-left'
            ? t('chat.portal.requestLeft', { number: chat.ticketNumber })
            : t('chat.portal.ended')
          : t('chat.portal.withAssistant');
  return (
    <p className="fw-semibold" role="status">
      {text}
    </p>
  );
}

function Composer({
  label,
  hint,
  action,
  pending,
  error,
  onSend,
}: {
  label: string;
  hint?: string;
  action: string;
  pending: boolean;
  error: unknown;
  onSend: (message: string, done: () => void) => void;
}) {
  const id = useId();
  const [text, setText] = useState('');
  const send = () => {
    if (text.trim()) onSend(text.trim(), () => setText(''));
  };
  return (
    <form
      noValidate
      className="mb-3"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <div className="form-group mb-2">
        <label htmlFor={`${id}-m`} className="active">
          {label}
        </label>
        <textarea
          id={`${id}-m`}
          className="form-control"
          rows={2}
          maxLength={1000}
          value={text}
          aria-describedby={`${hint ? `${id}-h ` : ''}${id}-e`}
          aria-invalid={fieldError(error, 'message') ? true : undefined}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            // Enter sends, Shift+Enter goes to a new line (as in every chat).
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault();
              send();
            }
          }}
        />
        {hint && (
          <small id={`${id}-h`} className="form-text">
            {hint}
          </small>
        )}
        <FieldError id={`${id}-e`} error={fieldError(error, 'message')} />
      </div>
      <button type="submit" className="btn btn-primary" disabled={pending || !text.trim()}>
        {action}
      </button>
    </form>
  );
}

/** HD-3: a document for the operator (the prescription's photo, a letter), sent as soon as it is chosen. */
function SendDocument({
  step,
  last,
  maxMegabytes,
}: {
  step: Step;
  last: { current: number };
  maxMegabytes: number;
}) {
  const { t } = useI18n();
  const id = useId();
  const error = fieldError(step.error, ...DOCUMENT_FIELDS);
  return (
    <div className="mb-3">
      {/* Bootstrap Italia's upload: the browser's own picker (its words in the browser's language) hidden
          behind a labelled button in ours. */}
      <input
        id={`${id}-f`}
        type="file"
        className="upload"
        accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
        disabled={step.isPending}
        aria-describedby={`${id}-h ${id}-e`}
        aria-invalid={error ? true : undefined}
        onChange={async (e) => {
          const input = e.currentTarget;
          const file = input.files?.[0];
          if (!file) return;
          const content = await fileBase64(file);
          step.mutate(
            (k) =>
              citizenChat.document(
                k,
                { filename: file.name, contentType: file.type || 'application/octet-stream', content },
                last.current,
              ),
            { onSettled: () => (input.value = '') },
          );
        }}
      />
      <label htmlFor={`${id}-f`}>{t('chat.portal.document')}</label>
      <small id={`${id}-h`} className="form-text d-block">
        {t('chat.portal.documentHint', { mb: maxMegabytes })}
      </small>
      <FieldError id={`${id}-e`} error={error} messages={{ INVALID_FIELD: 'chat.error.document' }} />
    </div>
  );
}

function LeaveRequest({
  step,
  last,
  nextOpening,
  lang,
}: {
  step: Step;
  last: { current: number };
  nextOpening: string | null;
  lang: 'it' | 'en';
}) {
  const { t } = useI18n();
  const id = useId();
  const [email, setEmail] = useState('');
  const [message, setMessage] = useState('');
  const emailError = fieldError(step.error, 'email');
  return (
    <form
      noValidate
      className="border rounded p-3 mb-3"
      onSubmit={(e) => {
        e.preventDefault();
        step.mutate((k) => citizenChat.leave(k, email.trim(), message, last.current));
      }}
    >
      <h2 className="h5">{t('chat.portal.leaveTitle')}</h2>
      {nextOpening && <p>{t('chat.portal.backAt', { when: formatDateTime(nextOpening, lang) })}</p>}
      <div className="form-group">
        <label htmlFor={`${id}-e`} className="active">
          {t('chat.portal.email')}
        </label>
        <input
          id={`${id}-e`}
          type="email"
          className="form-control"
          autoComplete="email"
          required
          maxLength={200}
          value={email}
          aria-describedby={`${id}-e-error`}
          aria-invalid={emailError ? true : undefined}
          onChange={(e) => setEmail(e.target.value)}
        />
        <FieldError
          id={`${id}-e-error`}
          error={emailError}
          messages={{ INVALID_FIELD: 'chat.error.email' }}
        />
      </div>
      <div className="form-group">
        <label htmlFor={`${id}-m`} className="active">
          {t('chat.portal.requestText')}
        </label>
        <textarea
          id={`${id}-m`}
          className="form-control"
          rows={3}
          maxLength={1000}
          value={message}
          onChange={(e) => setMessage(e.target.value)}
        />
      </div>
      <button type="submit" className="btn btn-primary" disabled={step.isPending || !email.trim()}>
        {t('chat.portal.sendRequest')}
      </button>
    </form>
  );
}

function Rating({ step, last }: { step: Step; last: { current: number } }) {
  const { t } = useI18n();
  const name = useId();
  const [value, setValue] = useState(0);
  return (
    <form
      className="mb-2"
      onSubmit={(e) => {
        e.preventDefault();
        if (value) step.mutate((k) => citizenChat.close(k, last.current, value));
      }}
    >
      <fieldset>
        <legend className="h6">{t('chat.portal.rate')}</legend>
        <div className="d-flex gap-3 flex-wrap">
          {[1, 2, 3, 4, 5].map((n) => (
            <div className="form-check form-check-inline" key={n}>
              <input
                className="form-check-input"
                type="radio"
                name={name}
                id={`${name}-${n}`}
                value={n}
                checked={value === n}
                onChange={() => setValue(n)}
              />
              <label className="form-check-label" htmlFor={`${name}-${n}`}>
                {t(`chat.rating.${n}` as 'chat.rating.1')}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
      <button type="submit" className="btn btn-outline-primary mt-2" disabled={!value || step.isPending}>
        {t('chat.portal.sendRating')}
      </button>
    </form>
  );
}
