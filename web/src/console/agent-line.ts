import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef } from 'react';
import { useLiveCentre } from '../contact-centre/live.ts';
import type { StreamEvent } from '../contact-centre/types.ts';
import { api, isApiError } from '../lib/api.ts';

export const AGENT_KEY = ['cc', 'agent'] as const;

/**
 * The operator's own place on the phone line (CC-9), wherever the page: the agent's view from GET agent,
 * read again when the live stream says it changed (or every few seconds while the stream is down, so a
 * call is never missed). Holding the stream open is also what tells the server the operator is there.
 */
export function useAgentLine() {
  const qc = useQueryClient();
  const agent = useQuery({ queryKey: AGENT_KEY, queryFn: api.ccAgent, staleTime: 0, retry: false });
  const mine = useRef<{ agentId: string | null; callId: string | null }>({ agentId: null, callId: null });
  mine.current = {
    agentId: agent.data?.agentId ?? null,
    callId: agent.data?.call?.callId ?? null,
  };
  const onEvents = useCallback(
    (events: StreamEvent[]) => {
      const { agentId, callId } = mine.current;
      if (events.some((e) => (agentId && e.agentId === agentId) || (callId && e.callId === callId))) {
        void qc.invalidateQueries({ queryKey: AGENT_KEY });
      }
    },
    [qc],
  );
  const live = useLiveCentre(onEvents);
  const streamDown = live.status !== 'open';
  const centreOff =
    live.status === 'off' || isApiError(agent.error, 'INVALID_STATE') || isApiError(agent.error, 'CONFLICT');

  // On (re)connecting, whatever happened while the stream was not there is read again.
  useEffect(() => {
    if (live.status === 'open') void qc.invalidateQueries({ queryKey: AGENT_KEY });
  }, [live.status, qc]);

  // While the stream is down (or the last read failed) the view is polled, so a call is never missed.
  useEffect(() => {
    if ((!streamDown && !agent.isError) || centreOff) return;
    const id = window.setInterval(() => void qc.invalidateQueries({ queryKey: AGENT_KEY }), 5000);
    return () => window.clearInterval(id);
  }, [streamDown, agent.isError, centreOff, qc]);

  return { agent, live, centreOff };
}
