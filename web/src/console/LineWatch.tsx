import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef } from 'react';
import { Link, useNavigate } from 'react-router';
import { useAnnounce } from '../components/feedback.tsx';
import { STATE_LABELS } from '../contact-centre/labels.ts';
import { useLiveCentre } from '../contact-centre/live.ts';
import type { AgentConsole, StreamEvent } from '../contact-centre/types.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { api } from '../lib/api.ts';
import { newIdempotencyKey } from '../lib/ids.ts';
import { AGENT_KEY } from './ContactCentreSlot.tsx';

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
  const agent = useQuery({ queryKey: AGENT_KEY, queryFn: api.ccAgent, staleTime: 0, retry: false });
  const agentId = useRef<string | null>(null);
  agentId.current = agent.data?.agentId ?? null;
  const onEvents = useCallback(
    (events: StreamEvent[]) => {
      if (events.some((e) => agentId.current && e.agentId === agentId.current))
        void qc.invalidateQueries({ queryKey: AGENT_KEY });
    },
    [qc],
  );
  const live = useLiveCentre(onEvents);
  const streamDown = live.status !== 'open';
  const state = agent.data?.state ?? 'logged-out';
  // While the stream is down the state is polled, so a ringing call is still seen.
  useEffect(() => {
    if (!streamDown || live.status === 'off' || agent.isError) return;
    const id = window.setInterval(() => void qc.invalidateQueries({ queryKey: AGENT_KEY }), 5000);
    return () => window.clearInterval(id);
  }, [streamDown, live.status, agent.isError, qc]);
  useEffect(() => {
    if (live.status === 'open') void qc.invalidateQueries({ queryKey: AGENT_KEY });
  }, [live.status, qc]);
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
