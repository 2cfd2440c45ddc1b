import type { Static } from '@fastify/type-provider-typebox';
import type { WebSocket } from 'ws';
import type { StreamEventSchema } from './contact-centre.schemas.ts';
import type { LiveContactCentre } from './contact-centre.service.ts';
import type { ContactEvent } from './engine/events.ts';
import type { LiveSnapshot } from './live/live-centre.ts';

/** What changed since the last message: the event's type and keys, never the caller's number. */
export type StreamEvent = Static<typeof StreamEventSchema>;

/** WebSocket messages of GET /api/v1/contact-centre/stream. */
export type StreamMessage =
  | { type: 'snapshot'; reason: 'connect' | 'change'; snapshot: LiveSnapshot; events: StreamEvent[] }
  | { type: 'off'; label: 'simulazione'; message: string };

/** At most this many messages a second to each client (the latest snapshot each time). */
export const MESSAGES_PER_SECOND = 4;
const MAX_EVENTS = 200;
const OPEN = 1;

const str = (e: Record<string, unknown>, key: string): string | null => {
  const v = e[key];
  return typeof v === 'string' ? v : null;
};

function summary(event: ContactEvent): StreamEvent {
  const e = event as unknown as Record<string, unknown>;
  return {
    type: event.type,
    at: event.at,
    callId: str(e, 'callId') ?? str(e, 'callbackId') ?? str(e, 'legId'),
    agentId: str(e, 'agentId'),
    queueId: str(e, 'queueId') ?? str(e, 'toQueueId'),
    state: event.type === 'agent.state' ? event.to : null,
  };
}

/**
 * Pushes the live snapshot to the console and wallboard clients: once on connect, then after changes,
 * throttled so that a busy centre sends each client at most MESSAGES_PER_SECOND messages, each with the
 * latest snapshot and the events since the previous one. One subscription to the engine serves everyone.
 */
export class SnapshotStream {
  private readonly sockets = new Set<WebSocket>();
  private events: StreamEvent[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastSent = 0;
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly centre: LiveContactCentre,
    private readonly minIntervalMs = 1000 / MESSAGES_PER_SECOND,
  ) {}

  add(socket: WebSocket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.remove(socket));
    if (!this.unsubscribe) this.unsubscribe = this.centre.engine.subscribe(this.onEvent);
    send(socket, { type: 'snapshot', reason: 'connect', snapshot: this.centre.snapshot(), events: [] });
  }

  close(): void {
    for (const socket of this.sockets) socket.close(1001, 'server closing');
    this.sockets.clear();
    this.idle();
  }

  private remove(socket: WebSocket): void {
    this.sockets.delete(socket);
    if (this.sockets.size === 0) this.idle();
  }

  private idle(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.events = [];
  }

  private readonly onEvent = (event: ContactEvent): void => {
    if (this.events.length < MAX_EVENTS) this.events.push(summary(event));
    // Never inside the engine's step: the snapshot is taken once the input has been handled.
    if (this.timer) return;
    const wait = Math.max(0, this.lastSent + this.minIntervalMs - Date.now());
    this.timer = setTimeout(() => this.broadcast(), wait);
  };

  private broadcast(): void {
    this.timer = null;
    this.lastSent = Date.now();
    const events = this.events;
    this.events = [];
    const message: StreamMessage = {
      type: 'snapshot',
      reason: 'change',
      snapshot: this.centre.snapshot(),
      events,
    };
    const text = JSON.stringify(message);
    for (const socket of this.sockets) if (socket.readyState === OPEN) socket.send(text);
  }
}

export function send(socket: WebSocket, message: StreamMessage): void {
  if (socket.readyState === OPEN) socket.send(JSON.stringify(message));
}
