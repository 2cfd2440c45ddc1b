import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { useI18n } from '../i18n/i18n.tsx';
import { formatTime } from '../lib/format.ts';
import type { ChatMessage } from './api.ts';
import './chat.css';

/**
 * A chat's messages as a log (role="log": a screen reader reads each new message once, politely). The
 * citizen's side shows the assistant's ways on (a portal page, an operator); `side` names the authors
 * from that side's point of view ("Tu" for the citizen; "Cittadino" for the operator).
 */
export function Transcript({
  messages,
  side,
  onOperator,
  label,
  documentHref,
}: {
  messages: ChatMessage[];
  side: 'citizen' | 'staff';
  onOperator?: (() => void) | undefined;
  label: string;
  /** Where the operator downloads a document the citizen sent (the citizen's side has no link). */
  documentHref?: ((seq: number) => string) | undefined;
}) {
  const { t, lang } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  const count = messages.length;
  useEffect(() => {
    // The newest message in view inside the box, without moving the page.
    if (count > 0 && box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [count]);
  const who = (m: ChatMessage) =>
    m.author === 'citizen'
      ? t(side === 'citizen' ? 'chat.author.you' : 'chat.author.citizen')
      : m.author === 'assistant'
        ? t('chat.author.assistant')
        : m.author === 'agent'
          ? m.operatorCode
            ? t('chat.author.operatorCode', { code: m.operatorCode })
            : t('chat.author.operator')
          : t('chat.author.system');
  return (
    <div
      ref={box}
      className="chat-log border rounded p-2 mb-3"
      role="log"
      aria-live="polite"
      aria-label={label}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take the focus to be scrolled by keyboard
      tabIndex={0}
    >
      <ol className="list-unstyled mb-0">
        {messages.map((m) => (
          <li key={m.seq} className={`chat-message chat-${m.author} p-2 mb-2 rounded`}>
            <div className="small fw-semibold">
              {who(m)} <span className="fw-normal text-secondary">{formatTime(m.at, lang)}</span>
            </div>
            <p className="mb-1 chat-body">{m.body}</p>
            {m.attachment && documentHref && (
              <p className="mb-1 small">
                <a href={documentHref(m.seq)} download={m.attachment.filename}>
                  {t('chat.document.download', { name: m.attachment.filename })}
                </a>
              </p>
            )}
            {side === 'citizen' && m.actions.length > 0 && (
              <ul className="list-inline mb-0">
                {m.actions.map((a) => (
                  <li key={a.label} className="list-inline-item">
                    {a.kind === 'link' ? (
                      <Link className="btn btn-sm btn-outline-primary" to={a.href}>
                        {a.label}
                      </Link>
                    ) : (
                      onOperator && (
                        <button type="button" className="btn btn-sm btn-primary" onClick={onOperator}>
                          {a.label}
                        </button>
                      )
                    )}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}
