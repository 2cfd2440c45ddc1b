import { type Random, type Scheduler, sample } from '../../telephony/index.ts';
import type { ContactCentreEngine } from '../engine/engine.ts';
import type { ContactEvent } from '../engine/events.ts';
import type { ContactCentreRuntime } from '../engine/runtime.ts';
import type { HandlingSpec } from './scenario.ts';

interface Seat {
  id: string;
  code: string;
  loggedIn: boolean;
  /** Logs out as soon as the current call and its wrap-up are done. */
  leaving: boolean;
}

/**
 * Simulated agents: they accept offers after ringing, talk for a sampled time, set an outcome, hang up,
 * do their after-call work and become ready again. Staffing changes log agents in, or let surplus agents
 * leave when their current call is over. They act only through the same engine inputs as people do.
 */
export class SimulatedAgents {
  private readonly seats: Seat[] = [];
  private readonly byId = new Map<string, Seat>();

  constructor(
    private readonly runtime: ContactCentreRuntime,
    private readonly engine: ContactCentreEngine,
    private readonly scheduler: Scheduler,
    private readonly random: Random,
    private readonly handling: HandlingSpec,
    private readonly skills: Record<string, number>,
    /** True when the engine ends wrap-up by itself (no after-call work to simulate). */
    private readonly engineEndsWrapUp: boolean,
  ) {}

  /** Agents logged in and staying. */
  get active(): number {
    let n = 0;
    for (const s of this.seats) if (s.loggedIn && !s.leaving) n++;
    return n;
  }

  setTarget(target: number): void {
    let active = this.active;
    // Those about to leave stay on first; then logged-out seats come back in order; then new ones.
    for (const seat of this.seats) {
      if (active >= target) break;
      if (seat.loggedIn && seat.leaving) {
        seat.leaving = false;
        active++;
      }
    }
    for (const seat of this.seats) {
      if (active >= target) break;
      if (!seat.loggedIn) {
        this.login(seat);
        active++;
      }
    }
    while (active < target) {
      const n = this.seats.length + 1;
      const seat: Seat = {
        id: `op-${String(n).padStart(3, '0')}`,
        code: String(1000 + n),
        loggedIn: false,
        leaving: false,
      };
      this.seats.push(seat);
      this.byId.set(seat.id, seat);
      this.login(seat);
      active++;
    }
    // Surplus: the most recently added leave first; idle ones at once.
    for (let i = this.seats.length - 1; i >= 0 && active > target; i--) {
      const seat = this.seats[i]!;
      if (!seat.loggedIn || seat.leaving) continue;
      seat.leaving = true;
      active--;
      const state = this.engine.agentStatus(seat.id)?.state;
      if (state === 'ready' || state === 'paused') this.logout(seat);
    }
  }

  /** Reacts to the engine's events about our agents. */
  readonly onEvent = (event: ContactEvent): void => {
    switch (event.type) {
      case 'call.presented':
        this.later(
          this.handling.ring,
          event.agentId,
          (view) => view.state === 'offered' && view.callId === event.callId,
          {
            type: 'agent.answer',
            agentId: event.agentId,
          },
        );
        return;
      case 'call.answered':
        this.talk(event.agentId, event.callId, event.requestType);
        return;
      case 'callback.answered':
        this.talk(event.agentId, event.legId, event.requestType);
        return;
      case 'agent.state': {
        const seat = this.byId.get(event.agentId);
        if (!seat) return;
        if (event.to === 'wrap-up' && !this.engineEndsWrapUp) {
          const seconds = sample(this.handling.afterCallWork, this.random);
          this.scheduler.at(this.scheduler.now() + Math.round(seconds * 1000), () => {
            if (this.engine.agentStatus(seat.id)?.state !== 'wrap-up') return;
            this.runtime.dispatch(
              seat.leaving
                ? { type: 'agent.logout', agentId: seat.id }
                : { type: 'agent.ready', agentId: seat.id },
            );
            if (seat.leaving) seat.loggedIn = false;
          });
        } else if (event.to === 'ready' && seat.leaving) {
          this.scheduler.at(this.scheduler.now(), () => {
            if (seat.leaving && this.engine.agentStatus(seat.id)?.state === 'ready') this.logout(seat);
          });
        } else if (event.to === 'paused' && event.reason !== 'accesso') {
          // An offer rang out: back to work shortly, unless leaving.
          this.scheduler.at(this.scheduler.now() + 5000, () => {
            if (this.engine.agentStatus(seat.id)?.state !== 'paused') return;
            if (seat.leaving) this.logout(seat);
            else this.runtime.dispatch({ type: 'agent.ready', agentId: seat.id });
          });
        }
        return;
      }
      default:
        return;
    }
  };

  private talk(agentId: string, callId: string, requestType: string): void {
    if (!this.byId.has(agentId)) return;
    const resolved = this.random.next() < this.handling.firstContactResolution;
    const escalated = !resolved && this.random.next() < this.handling.escalation;
    const seconds = sample(this.handling.talk, this.random);
    this.scheduler.at(this.scheduler.now() + Math.round(seconds * 1000), () => {
      const view = this.engine.agentStatus(agentId);
      if (view?.state !== 'on-call' || view.callId !== callId) return;
      this.runtime.dispatch({
        type: 'agent.outcome',
        agentId,
        callId,
        requestType,
        resolvedFirstContact: resolved,
        escalated,
      });
      this.runtime.dispatch({ type: 'agent.hang-up', agentId });
    });
  }

  private later(
    delay: Parameters<typeof sample>[0],
    agentId: string,
    still: (view: NonNullable<ReturnType<ContactCentreEngine['agentStatus']>>) => boolean,
    action: Parameters<ContactCentreRuntime['dispatch']>[0],
  ): void {
    if (!this.byId.has(agentId)) return;
    const seconds = sample(delay, this.random);
    this.scheduler.at(this.scheduler.now() + Math.round(seconds * 1000), () => {
      const view = this.engine.agentStatus(agentId);
      if (view && still(view)) this.runtime.dispatch(action);
    });
  }

  private login(seat: Seat): void {
    seat.loggedIn = true;
    seat.leaving = false;
    this.runtime.dispatch({
      type: 'agent.login',
      agentId: seat.id,
      code: seat.code,
      skills: this.skills,
      ready: true,
    });
  }

  private logout(seat: Seat): void {
    seat.loggedIn = false;
    seat.leaving = false;
    this.runtime.dispatch({ type: 'agent.logout', agentId: seat.id });
  }
}
