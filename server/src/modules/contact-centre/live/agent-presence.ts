import type { Logger } from '../../../platform/logger.ts';
import type { Scheduler } from '../../telephony/index.ts';
import type { ContactEvent } from '../engine/events.ts';
import type { LiveEngine } from './live-centre.ts';

/**
 * Why a person was logged off the line without asking (issue 8 §17, the ghost agent): they logged out of
 * the app, their session ended, or their console's stream was gone longer than the grace period. It is
 * the reason of their `logged-out` state, so the console can say what happened at the next login.
 */
export const LOGOFF_REASONS = ['app-logout', 'session-ended', 'stream-lost'] as const;
export type LogoffReason = (typeof LOGOFF_REASONS)[number];

/** Seconds a console's stream may be gone (a reload, a network blip) before its agent is logged off. */
export const STREAM_GRACE_SECONDS = 60;

const ON_A_CALL: ReadonlySet<string> = new Set(['on-call']);

/**
 * Keeps the people on the line honest: an agent whose person is gone is logged off, so that no call rings
 * a ghost and the wallboard counts only people who are there. An agent in a conversation is not cut off:
 * the logoff waits for the end of the call (the console shows the warning meanwhile). Only agents whose
 * console opened a stream during this login are watched for a lost stream (an API client never opens one).
 */
export class AgentPresence {
  private readonly streams = new Map<string, number>();
  private readonly watched = new Set<string>();
  private readonly pendingLogoff = new Map<string, LogoffReason>();
  private readonly goneSince = new Map<string, number>();

  constructor(
    private readonly engine: LiveEngine,
    private readonly scheduler: Scheduler,
    private readonly log: Logger,
    private readonly graceMs = STREAM_GRACE_SECONDS * 1000,
  ) {
    engine.subscribe(this.onEvent);
  }

  /** A console stream of this agent's person opened. */
  streamOpened(agentId: string): void {
    this.streams.set(agentId, (this.streams.get(agentId) ?? 0) + 1);
    this.goneSince.delete(agentId);
    if (this.engine.isHuman(agentId)) this.watched.add(agentId);
    // Back within the grace period (or before the call ended): nothing to do any more.
    if (this.pendingLogoff.get(agentId) === 'stream-lost') this.pendingLogoff.delete(agentId);
  }

  streamClosed(agentId: string): void {
    const left = Math.max(0, (this.streams.get(agentId) ?? 0) - 1);
    this.streams.set(agentId, left);
    if (left > 0 || !this.watched.has(agentId)) return;
    const since = this.scheduler.now();
    this.goneSince.set(agentId, since);
    this.scheduler.at(since + this.graceMs, () => {
      if (this.goneSince.get(agentId) === since) this.logOff(agentId, 'stream-lost');
    });
  }

  /** The logoff waiting for the end of this agent's call, if any (the console's warning). */
  pending(agentId: string): LogoffReason | null {
    return this.pendingLogoff.get(agentId) ?? null;
  }

  /**
   * Logs the agent off the line now, or at the end of the conversation in progress. An offer ringing is
   * given back to the queue first. Nothing happens for an agent not logged in.
   */
  logOff(agentId: string, reason: LogoffReason): 'logged-off' | 'at-end-of-call' | 'not-logged-in' {
    if (this.engine.stopped) return 'not-logged-in';
    if (this.engine.agent(agentId)?.state === 'offered') {
      try {
        this.engine.act({ type: 'agent.decline', agentId });
      } catch {
        // The offer rang out at this very moment (a timer due first): the agent is paused already.
      }
    }
    // Read after the engine caught up with its timers: the state is the current one.
    const view = this.engine.agent(agentId);
    if (!view || view.state === 'logged-out') return 'not-logged-in';
    if (ON_A_CALL.has(view.state) || view.state === 'offered') {
      this.pendingLogoff.set(agentId, reason);
      this.log.info(
        { agentId, reason, source: this.engine.source },
        'agent logged off the line at the end of the call',
      );
      return 'at-end-of-call';
    }
    this.pendingLogoff.delete(agentId);
    this.watched.delete(agentId);
    this.goneSince.delete(agentId);
    this.engine.act({ type: 'agent.logout', agentId, reason });
    this.log.info({ agentId, reason, source: this.engine.source }, 'agent logged off the line');
    return 'logged-off';
  }

  /** The call of an agent with a logoff waiting is over: it takes effect now. */
  private readonly onEvent = (event: ContactEvent): void => {
    if (event.type !== 'agent.state' || ON_A_CALL.has(event.to)) return;
    if (event.to === 'logged-out') {
      this.pendingLogoff.delete(event.agentId);
      this.watched.delete(event.agentId);
      return;
    }
    const reason = this.pendingLogoff.get(event.agentId);
    // Out of the engine's step: the engine is handling the input that ended the call.
    if (reason) this.scheduler.at(this.scheduler.now(), () => this.logOff(event.agentId, reason));
  };
}
