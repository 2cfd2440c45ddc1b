import { useEffect, useRef, useState } from 'react';
import type { Snapshot, StreamEvent, StreamMessage } from './types.ts';

export const STREAM_PATH = '/api/v1/contact-centre/stream';

export type StreamStatus = 'connecting' | 'open' | 'off' | 'closed';

export interface LiveState {
  snapshot: Snapshot | null;
  status: StreamStatus;
  /** Bumped by every message, so that views can refetch what the snapshot does not carry. */
  version: number;
}

/** Waits before the next connection attempt: 1 s, 2 s, 4 s … capped at 15 s. */
export function reconnectDelay(attempt: number): number {
  return Math.min(15_000, 1000 * 2 ** Math.max(0, attempt));
}

function streamUrl(): string {
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${window.location.host}${STREAM_PATH}`;
}

/**
 * The live picture of the contact centre over the WebSocket stream (the session cookie authenticates
 * it: same origin). Reconnects by itself after a drop; says 'off' when the server runs without a centre.
 * `onEvents` receives the events summarised by each message (agent state changes, offers, answers …).
 */
export function useLiveCentre(onEvents?: (events: StreamEvent[]) => void): LiveState {
  const [state, setState] = useState<LiveState>({ snapshot: null, status: 'connecting', version: 0 });
  const handler = useRef(onEvents);
  handler.current = onEvents;

  useEffect(() => {
    if (typeof WebSocket === 'undefined') return;
    let socket: WebSocket | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let attempt = 0;
    let stopped = false;
    let off = false;

    const connect = () => {
      socket = new WebSocket(streamUrl());
      socket.onopen = () => {
        attempt = 0;
      };
      socket.onmessage = (e) => {
        let message: StreamMessage;
        try {
          message = JSON.parse(String(e.data)) as StreamMessage;
        } catch {
          return;
        }
        if (message.type === 'off') {
          off = true;
          setState((s) => ({ ...s, snapshot: null, status: 'off', version: s.version + 1 }));
          return;
        }
        setState((s) => ({ snapshot: message.snapshot, status: 'open', version: s.version + 1 }));
        if (message.events.length > 0) handler.current?.(message.events);
      };
      socket.onclose = () => {
        if (stopped || off) return;
        setState((s) => ({ ...s, status: 'closed' }));
        timer = setTimeout(connect, reconnectDelay(attempt++));
      };
    };
    connect();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      socket?.close();
    };
  }, []);

  return state;
}
