import { useQuery } from '@tanstack/react-query';
import { staffChat } from '../chat/api.ts';
import { waited } from '../chat/labels.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { formatPercent } from '../lib/format.ts';

const REFRESH_MS = 5000;

/**
 * CC-10 on the wallboard: the chat queue now (how many wait, the longest wait, how many are answered)
 * and today's chats as docs/indicators.md defines them, so the supervisor sees the written channel
 * beside the phone lines.
 */
export function ChatNow() {
  const { t, lang } = useI18n();
  const queue = useQuery({
    queryKey: ['chat', 'queue'],
    queryFn: staffChat.queue,
    refetchInterval: REFRESH_MS,
  });
  const day = useQuery({
    queryKey: ['chat', 'summary'],
    queryFn: staffChat.summary,
    refetchInterval: REFRESH_MS,
  });
  const q = queue.data;
  const s = day.data;
  if (!q || !s) return null;
  const longest = q.waiting.reduce((m, w) => Math.max(m, w.waitedSeconds), 0);
  const rows: [string, string][] = [
    [t('wallboard.chat.waiting'), String(q.waiting.length)],
    [t('wallboard.chat.longest'), q.waiting.length ? waited(longest) : '—'],
    [t('wallboard.chat.active'), String(q.activeTotal)],
    [t('wallboard.chat.started'), String(s.started)],
    [t('wallboard.chat.selfService'), String(s.selfService)],
    [
      t('wallboard.chat.answered'),
      s.answered
        ? t('wallboard.chat.answeredDetail', {
            n: s.answered,
            share: formatPercent(s.answeredWithin60s / s.answered, lang),
          })
        : '0',
    ],
    [t('wallboard.chat.abandoned'), String(s.abandoned)],
    [t('wallboard.chat.requestsLeft'), String(s.requestsLeft)],
    [
      t('wallboard.chat.rating'),
      s.averageRating === null
        ? '—'
        : t('wallboard.chat.ratingValue', { avg: s.averageRating, n: s.ratings }),
    ],
  ];
  return (
    <section className="mb-4" aria-labelledby="wb-chat-title" data-testid="wb-chat">
      <h2 className="h5" id="wb-chat-title">
        {t('wallboard.chat.title')}{' '}
        <span className={`badge ${q.desk.open ? 'text-bg-success' : 'text-bg-secondary'}`}>
          {q.desk.open ? t('wallboard.lines.open') : t('wallboard.lines.closed')}
        </span>
      </h2>
      <table className="table table-sm wb-table">
        <tbody>
          {rows.map(([label, value]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td className="text-end">{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
