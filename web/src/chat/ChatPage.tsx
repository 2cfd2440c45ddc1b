import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ErrorAlert, FieldError, fieldError } from '../components/feedback.tsx';
import { Page } from '../components/Page.tsx';
import { LineWatch } from '../console/LineWatch.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { formatDateTime } from '../lib/format.ts';
import { type ChatQueue, mergeMessages, type StaffChat, staffChat } from './api.ts';
import { topicLabel, waited } from './labels.ts';
import { Transcript } from './Transcript.tsx';

const QUEUE_MS = 3000;
const CHAT_MS = 2000;

const ERRORS = {
  CONFLICT: 'chat.error.conflict',
  INVALID_STATE: 'chat.error.ended',
  'INVALID_STATE:call': 'chat.error.onCall',
  FORBIDDEN: 'chat.error.notYours',
} as const;

/**
 * CC-10: the operators' chat desk. The chats waiting (longest first: what they are about, how long
 * they have waited; nothing they wrote until one is answered), the operator's own (at most a few at
 * once, a new message marked), and the one open: its messages, an answer, end it, or pass it to the
 * back office as a ticket (HD-1).
 */
export function ChatPage() {
  const { t } = useI18n();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const open = params.get('chat');
  const queue = useQuery({
    queryKey: ['chat', 'queue'],
    queryFn: staffChat.queue,
    refetchInterval: QUEUE_MS,
  });
  const accept = useMutation({
    mutationFn: staffChat.accept,
    onSuccess: (c) => {
      qc.setQueryData(['chat', 'one', c.id], c);
      void qc.invalidateQueries({ queryKey: ['chat', 'queue'] });
      setParams({ chat: c.id });
    },
  });
  const q = queue.data;
  const full = q ? q.mine.length >= q.maxPerAgent : true;
  // A blended operator: a call ringing or answered comes first; the chats held go on meanwhile.
  const onCall = q?.onCall ?? false;
  return (
    <Page title={t('chat.staff.title')} actions={<LineWatch />}>
      {queue.error && <ErrorAlert error={queue.error} />}
      {q && <DeskLine q={q} />}
      <div className="row g-3">
        <div className="col-lg-4">
          <h2 className="h5">{t('chat.staff.waiting', { n: q?.waiting.length ?? 0 })}</h2>
          {accept.error && <ErrorAlert error={accept.error} messages={ERRORS} />}
          {q && q.waiting.length === 0 && <p>{t('chat.staff.noneWaiting')}</p>}
          <ul className="list-group mb-3">
            {q?.waiting.map((w, i) => (
              <li
                key={w.id}
                className="list-group-item d-flex justify-content-between align-items-center gap-2"
              >
                <span>
                  {topicLabel(t, w.topic)} · {w.language.toUpperCase()}
                  <br />
                  <span className="small">{t('chat.staff.waited', { time: waited(w.waitedSeconds) })}</span>
                </span>
                <button
                  type="button"
                  className="btn btn-sm btn-primary"
                  disabled={full || onCall || accept.isPending}
                  aria-label={t('chat.staff.acceptNth', { n: i + 1, topic: topicLabel(t, w.topic) })}
                  onClick={() => accept.mutate(w.id)}
                >
                  {t('chat.staff.accept')}
                </button>
              </li>
            ))}
          </ul>
          {q && onCall && q.waiting.length > 0 && (
            <p className="small" role="status">
              {t('chat.staff.onCall')}
            </p>
          )}
          {q && full && q.waiting.length > 0 && (
            <p className="small">{t('chat.staff.full', { n: q.maxPerAgent })}</p>
          )}
          <h2 className="h5">{t('chat.staff.mine', { n: q?.mine.length ?? 0, max: q?.maxPerAgent ?? 0 })}</h2>
          <ul className="list-group">
            {q?.mine.map((m) => (
              <li key={m.id} className="list-group-item">
                <button
                  type="button"
                  className="btn btn-link p-0 text-start"
                  aria-current={m.id === open ? 'true' : undefined}
                  onClick={() => setParams({ chat: m.id })}
                >
                  {topicLabel(t, m.topic)} · {m.language.toUpperCase()}
                </button>
                {m.lastAuthor === 'citizen' && m.id !== open && (
                  <span className="badge bg-primary ms-2">{t('chat.staff.newMessage')}</span>
                )}
              </li>
            ))}
          </ul>
        </div>
        <div className="col-lg-8">
          {open ? (
            <OpenChat key={open} id={open} onGone={() => setParams({})} />
          ) : (
            <p>{t('chat.staff.pick')}</p>
          )}
        </div>
      </div>
    </Page>
  );
}

function DeskLine({ q }: { q: ChatQueue }) {
  const { t, lang } = useI18n();
  return (
    <p>
      {q.desk.open
        ? t('chat.staff.deskOpen', { active: q.activeTotal })
        : t('chat.staff.deskClosed', {
            when: q.desk.nextOpening ? formatDateTime(q.desk.nextOpening, lang) : '—',
          })}
    </p>
  );
}

function OpenChat({ id, onGone }: { id: string; onGone: () => void }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const formId = useId();
  const [chat, setChat] = useState<StaffChat | null>(
    () => qc.getQueryData<StaffChat>(['chat', 'one', id]) ?? null,
  );
  const [error, setError] = useState<unknown>(null);
  const last = useRef(chat?.lastSeq ?? 0);
  const [text, setText] = useState('');
  const [passing, setPassing] = useState(false);

  const take = (c: StaffChat) => {
    setChat((have) => ({ ...c, messages: mergeMessages(have?.messages ?? [], c.messages) }));
    last.current = Math.max(last.current, c.lastSeq);
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: take only merges state; the poll restarts per chat.
  useEffect(() => {
    let stopped = false;
    const tick = async () => {
      try {
        const c = await staffChat.read(id, last.current);
        if (!stopped) take(c);
      } catch (e) {
        if (!stopped) setError(e);
      }
    };
    void tick();
    const timer = setInterval(tick, CHAT_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [id]);

  const act = useMutation({
    mutationFn: (f: () => Promise<StaffChat>) => f(),
    onSuccess: (c) => {
      take(c);
      void qc.invalidateQueries({ queryKey: ['chat', 'queue'] });
    },
  });
  if (error && !chat) return <ErrorAlert error={error} messages={ERRORS} />;
  if (!chat) return <p>{t('chat.loading')}</p>;
  const active = chat.state === 'active' && chat.mine;
  const messageError = fieldError(act.error, 'message');
  const send = () => {
    if (text.trim())
      act.mutate(() => staffChat.say(id, text.trim(), last.current), { onSuccess: () => setText('') });
  };
  return (
    <section aria-labelledby={`${formId}-h`}>
      <h2 className="h5" id={`${formId}-h`}>
        {t('chat.staff.conversation', { topic: topicLabel(t, chat.topic) })}
      </h2>
      <p className="small">
        {t(`chat.state.${chat.state}`)}
        {chat.ticketNumber && ` · ${t('chat.staff.ticket', { number: chat.ticketNumber })}`}
      </p>
      <Transcript
        messages={chat.messages}
        side="staff"
        label={t('chat.log')}
        documentHref={(seq) => staffChat.documentHref(chat.id, seq)}
      />
      {act.error && !messageError && <ErrorAlert error={act.error} messages={ERRORS} />}
      {active ? (
        <>
          <form
            noValidate
            className="mb-2"
            onSubmit={(e) => {
              e.preventDefault();
              send();
            }}
          >
            <div className="form-group mb-2">
              <label htmlFor={`${formId}-m`} className="active">
                {t('chat.staff.answer')}
              </label>
              <textarea
                id={`${formId}-m`}
                className="form-control"
                rows={3}
                maxLength={1000}
                value={text}
                aria-describedby={`${formId}-m-h ${formId}-m-e`}
                aria-invalid={messageError ? true : undefined}
                onChange={(e) => setText(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' && !e.shiftKey) {
                    e.preventDefault();
                    send();
                  }
                }}
              />
              <small id={`${formId}-m-h`} className="form-text">
                {t('chat.staff.enterHint')}
              </small>
              <FieldError id={`${formId}-m-e`} error={messageError} />
            </div>
            <div className="d-flex flex-wrap gap-2">
              <button type="submit" className="btn btn-primary" disabled={act.isPending || !text.trim()}>
                {t('chat.send')}
              </button>
              {!chat.ticketNumber && (
                <button type="button" className="btn btn-outline-primary" onClick={() => setPassing(true)}>
                  {t('chat.staff.pass')}
                </button>
              )}
              <button
                type="button"
                className="btn btn-outline-secondary"
                onClick={() => act.mutate(() => staffChat.close(id, last.current))}
              >
                {t('chat.staff.close')}
              </button>
            </div>
          </form>
          {passing && !chat.ticketNumber && (
            <PassToBackOffice
              pending={act.isPending}
              error={act.error}
              onPass={(queue, subject) =>
                act.mutate(() => staffChat.ticket(id, queue, subject, last.current), {
                  onSuccess: () => setPassing(false),
                })
              }
            />
          )}
        </>
      ) : (
        <button type="button" className="btn btn-outline-secondary" onClick={onGone}>
          {t('chat.staff.closeView')}
        </button>
      )}
    </section>
  );
}

function PassToBackOffice({
  pending,
  error,
  onPass,
}: {
  pending: boolean;
  error: unknown;
  onPass: (queue: string, subject: string) => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const queues = useQuery({
    queryKey: ['helpdesk', 'queues'],
    queryFn: staffChat.helpdeskQueues,
    staleTime: 600_000,
  });
  const [queue, setQueue] = useState('cup');
  const [subject, setSubject] = useState('');
  const subjectError = fieldError(error, 'subject');
  return (
    <form
      noValidate
      className="border rounded p-3 mt-3"
      onSubmit={(e) => {
        e.preventDefault();
        onPass(queue, subject.trim());
      }}
    >
      <h3 className="h6">{t('chat.staff.passTitle')}</h3>
      <div className="form-group">
        <label htmlFor={`${id}-q`} className="active">
          {t('chat.staff.queue')}
        </label>
        <select
          id={`${id}-q`}
          className="form-select"
          value={queue}
          onChange={(e) => setQueue(e.target.value)}
        >
          {(queues.data?.queues ?? [{ id: 'cup', name: 'CUP' }]).map((q) => (
            <option key={q.id} value={q.id}>
              {q.name}
            </option>
          ))}
        </select>
      </div>
      <div className="form-group">
        <label htmlFor={`${id}-s`} className="active">
          {t('chat.staff.subject')}
        </label>
        <input
          id={`${id}-s`}
          className="form-control"
          maxLength={200}
          value={subject}
          aria-describedby={`${id}-s-e`}
          aria-invalid={subjectError ? true : undefined}
          onChange={(e) => setSubject(e.target.value)}
        />
        <FieldError id={`${id}-s-e`} error={subjectError} />
      </div>
      <button type="submit" className="btn btn-primary" disabled={pending || subject.trim().length < 3}>
        {t('chat.staff.passSend')}
      </button>
    </form>
  );
}
