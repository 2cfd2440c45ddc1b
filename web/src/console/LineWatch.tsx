import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link, useNavigate } from 'react-router';
import { useAnnounce } from '../components/feedback.tsx';
import { STATE_LABELS } from '../contact-centre/labels.ts';
import type { AgentConsole } from '../contact-centre/types.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { api } from '../lib/api.ts';
import { newIdempotencyKey } from '../lib/ids.ts';
import { AGENT_KEY, useAgentLine } from './agent-line.ts';

/**
 * CC-9 and CC-10 for a blended operator away from the console (the chat desk): the phone line goes on.
 * The page keeps the console's live stream open — so the operator is not logged off the line as a
 * console gone for good (60 s without one) — says the line's state in one line of the heading row, and
 * when a call rings offers to answer it, which takes them to the console with the call. Nothing for who
 * is not on the line.
 */
export function LineWatch() {
  const { t } = useI18n();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const navigate = useNavigate();
  // The console's stream, here: the operator is not taken for gone while answering chats.
  const { agent } = useAgentLine();
  const state = agent.data?.state ?? 'logged-out';
  const ringing = state === 'offered' && agent.data?.call?.kind !== 'campaign';
  useEffect(() => {
    if (ringing) announce(t('cc.incoming'));
  }, [ringing, announce, t]);
  const answer = useMutation({
    mutationFn: () => api.ccAct({ type: 'answer' }, newIdempotencyKey()),
    onSuccess: (a: AgentConsole) => {
      qc.setQueryData(AGENT_KEY, a);
      void navigate('/console');
    },
    // Gone meanwhile (the caller hung up, the offer timed out): the line's state says what it is now.
    onError: () => void qc.invalidateQueries({ queryKey: AGENT_KEY }),
  });

  if (!agent.data || state === 'logged-out') return null;
  if (ringing)
    return (
      <div className="d-flex align-items-center gap-2" role="alert" data-testid="line-watch">
        <strong>{t('lineWatch.ringing')}</strong>
        <button
          type="button"
          className="btn btn-sm btn-success"
          disabled={answer.isPending}
          onClick={() => answer.mutate()}
        >
          {t('lineWatch.answer')}
        </button>
      </div>
    );
  return (
    <p className="small mb-0 border rounded px-2 py-1 bg-light" data-testid="line-watch">
      <strong>{t('lineWatch.title')}</strong>: {t(STATE_LABELS[state])}
      {state === 'on-call' || state === 'wrap-up' ? ` · ${t('lineWatch.onCall')}` : ''}{' '}
      <Link to="/console">{t('lineWatch.console')}</Link>
    </p>
  );
}
