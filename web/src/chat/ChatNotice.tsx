import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { canOpen } from '../auth/roles.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useMe } from '../lib/queries.ts';
import { staffChat } from './api.ts';
import { waited } from './labels.ts';

const EVERY_MS = 5000;

/**
 * CC-10 in the console, beside the phone: the chats waiting (how many, the longest wait) and the
 * operator's own (a citizen's new message), with the way to the chat desk. Nothing when no chat waits
 * and none is held, or for whom the desk is not open.
 */
export function ChatNotice() {
  const { t } = useI18n();
  const me = useMe();
  const allowed = me.data ? canOpen(me.data.roles, 'chat') : false;
  const queue = useQuery({
    queryKey: ['chat', 'queue'],
    queryFn: staffChat.queue,
    enabled: allowed,
    refetchInterval: EVERY_MS,
    retry: false,
  });
  const q = queue.data;
  if (!allowed || !q || (q.waiting.length === 0 && q.mine.length === 0)) return null;
  const longest = Math.max(0, ...q.waiting.map((w) => w.waitedSeconds));
  const unread = q.mine.filter((m) => m.lastAuthor === 'citizen').length;
  // One line in the page's heading row: nothing below it moves when it appears (a 1280×720 screen).
  return (
    <p className="small mb-0 border rounded px-2 py-1 bg-light" data-testid="chat-notice">
      <strong>{t('chat.notice.title')}</strong>:{' '}
      {q.waiting.length > 0
        ? t('chat.notice.waiting', { n: q.waiting.length, time: waited(longest) })
        : t('chat.notice.noneWaiting')}
      {q.mine.length > 0 && (
        <> · {t(unread > 0 ? 'chat.notice.mineUnread' : 'chat.notice.mine', { n: q.mine.length, unread })}</>
      )}
      {q.onCall && q.waiting.length > 0 && <> · {t('chat.notice.onCall')}</>}{' '}
      <Link to="/chat">{t('chat.notice.open')}</Link>
    </p>
  );
}
