import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef } from 'react';
import { useLiveCentre } from '../contact-centre/live.ts';
import type { AgentCounts, Snapshot } from '../contact-centre/types.ts';
import { api } from '../lib/api.ts';

const WALLBOARD_KEY = ['cc', 'wallboard'] as const;
/** The stored figures are refetched at most this often while calls move, and at least every 15 s. */
const REFETCH_MIN_MS = 1500;
const REFETCH_MAX_MS = 15_000;

/** Agents by state now, from the live snapshot (the stream), the moment it changes. */
export function agentsNow(snapshot: Snapshot): AgentCounts {
  const c: AgentCounts = { loggedIn: 0, ready: 0, offered: 0, onCall: 0, wrapUp: 0, paused: 0 };
  for (const a of snapshot.agents) {
    if (a.state === 'logged-out') continue;
    c.loggedIn++;
    if (a.state === 'ready') c.ready++;
    else if (a.state === 'offered') c.offered++;
    else if (a.state === 'on-call') c.onCall++;
    else if (a.state === 'wrap-up') c.wrapUp++;
    else if (a.state === 'paused') c.paused++;
  }
  return c;
}

/**
 * The wallboard's data for both its views (the detailed page and the TV): the stored figures, refetched
 * when the live stream says calls moved, and the "now" figures straight from the stream.
 */
export function useWallboard() {
  const qc = useQueryClient();
  const board = useQuery({
    queryKey: WALLBOARD_KEY,
    queryFn: api.ccWallboard,
    refetchInterval: REFETCH_MAX_MS,
    staleTime: 0,
  });
  const last = useRef(0);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const refetch = useCallback(() => {
    if (pending.current) return;
    const wait = Math.max(0, last.current + REFETCH_MIN_MS - Date.now());
    pending.current = setTimeout(() => {
      pending.current = null;
      last.current = Date.now();
      void qc.invalidateQueries({ queryKey: WALLBOARD_KEY });
    }, wait);
  }, [qc]);
  useEffect(() => () => void (pending.current && clearTimeout(pending.current)), []);
  const live = useLiveCentre(refetch);
  const snapshot = live.snapshot;
  const data = board.data ?? null;
  const storage = snapshot?.storage ?? data?.storage ?? null;
  const queues = snapshot
    ? snapshot.queues.map((q) => ({ ...q, longestWaitSeconds: q.oldestWaitMs / 1000 }))
    : (data?.queues ?? []).map((q) => ({ ...q, staffed: null as number | null }));
  const waitingNow = snapshot ? snapshot.queues.reduce((n, q) => n + q.waiting, 0) : data?.waitingNow;
  const longest = queues.reduce((m, q) => Math.max(m, q.longestWaitSeconds), 0);
  const now = snapshot ? agentsNow(snapshot) : (data?.agents.now ?? null);
  return { board, live, snapshot, data, storage, queues, waitingNow, longest, now };
}
