import type { Clock } from '../../../platform/clock.ts';
import { AppError, invalidField } from '../../../platform/errors.ts';
import type { Random, SwitchEvent } from '../../telephony/index.ts';
import { AgentRegistry } from './agents.ts';
import { callOffered } from './arrival.ts';
import { CallbackDesk, type RestoredCallback } from './callbacks.ts';
import { type CampaignDial, CampaignDialler } from './campaign-calls.ts';
import { type ContactCentreConfig, type ResolvedConfig, resolveConfig } from './config.ts';
import { agentHangsUp, callerHungUp, endWrapUp, type OutcomeInput, setOutcome } from './conversation.ts';
import { type EngineCommand, EngineCore, type SelfServiceAnswer } from './core.ts';
import type { AgentState, ContactEventSink } from './events.ts';
import { callDigits, selfCancelAnswer } from './ivr-walk.ts';
import { LineRuntime } from './lines.ts';
import { Router } from './routing.ts';
import { type Agent, type AgentPool, QueueRuntime } from './state.ts';
import { SurveyDesk } from './survey.ts';
import { agentPhoneLeft, transfer } from './transfer.ts';
import { type VirtualCallRequest, VirtualOperator } from './virtual-operator.ts';
import { callEntryOwner } from './waiting.ts';

// Shared by every input that commands nothing; readonly by type (not frozen: one array kind at the loops).
const NO_COMMANDS: readonly EngineCommand[] = [];

/** What agents (through the console, or simulated) ask of the engine. */
export type AgentAction =
  | { type: 'agent.login'; agentId: string; code: string; skills: Record<string, number>; ready?: boolean }
  /** `reason`: why, when the agent did not ask (e.g. 'app-logout'); kept on the logged-out state. */
  | { type: 'agent.logout'; agentId: string; reason?: string }
  | { type: 'agent.ready'; agentId: string }
  | { type: 'agent.pause'; agentId: string; reason: string }
  | { type: 'agent.answer'; agentId: string }
  | { type: 'agent.decline'; agentId: string }
  | { type: 'agent.hang-up'; agentId: string }
  | { type: 'agent.transfer'; agentId: string; queueId?: string; number?: string }
  | ({ type: 'agent.outcome'; agentId: string } & OutcomeInput)
  | { type: 'agent.skills'; agentId: string; skills: Record<string, number> }
  /** OB-5: call a campaign's contact now (the agent waits on the line while it rings). */
  | ({ type: 'agent.dial' } & CampaignDial);

/** CC-3: a callback pending before a restart, handed back by whoever persisted it (see CallbackDesk.restore). */
export type CallbackRestore = { type: 'callback.restore' } & RestoredCallback;

/** The driver's answer to a `persist` command (see PersistCommand). */
export type PersistAnswer = { type: 'persisted'; ref: string } | { type: 'persist-failed'; ref: string };

/** A tick only lets due timers fire; drivers send one at `nextTimerAt()`. */
/** The booking system's answer for a caller in the self-service cancellation (OB-4). */
export type SelfServiceInput = { type: 'self-service.answer'; callId: string; answer: SelfServiceAnswer };

/** OB-3: the driver asks the virtual operator to call a patient about a booking. */
export type VirtualCallInput = { type: 'virtual.call' } & VirtualCallRequest;

export type EngineInput =
  | SwitchEvent
  | AgentAction
  | CallbackRestore
  | PersistAnswer
  | SelfServiceInput
  | VirtualCallInput
  | { type: 'tick' };

export interface AgentView {
  id: string;
  code: string;
  state: AgentState;
  reason: string | null;
  since: number;
  /** The call (or callback) on offer or in conversation. */
  callId: string | null;
  lastCallId: string | null;
  skills: Record<string, number>;
}

export interface EngineSnapshot {
  at: number;
  lines: {
    number: string;
    name: string;
    service: string;
    channels: number;
    inUse: number;
    open: boolean;
    /** When `open` next changes (epoch ms): the closing or the next opening; null: not within a year. */
    changesAt: number | null;
    /** CC-7: a retired number's last day of the redirect message (Rome date); after it, the number is ceased. */
    redirectUntil: string | null;
  }[];
  queues: {
    id: string;
    name: string;
    service: string;
    waiting: number;
    staffed: number;
    oldestWaitMs: number;
    estimatedWaitSeconds: number | null;
  }[];
  agents: AgentView[];
  callsInProgress: number;
  callbacksPending: number;
}

/** A clock may also give epoch milliseconds directly, sparing a Date per input (the simulator's does). */
export type EngineClock = Clock & { nowMs?: () => number };

export interface EngineOptions {
  config: ContactCentreConfig;
  clock: EngineClock;
  random: Random;
  sink: ContactEventSink;
}

/** The core as the engine itself sees it: with the parts' full types, which the parts need not know. */
class WiredCore extends EngineCore {
  declare agents: AgentRegistry;
  declare router: Router;
  declare callbacks: CallbackDesk;
  declare surveys: SurveyDesk;
  campaigns!: CampaignDialler;
  virtual!: VirtualOperator;
}

/**
 * The contact-centre engine (principle 1): a deterministic state machine. `handle(input)` takes a switch
 * event, an agent action, a restored callback, a storage answer or a tick, and returns the commands for
 * the switch and the durable writes it waits on; every step is reported to the event sink. Time comes only from the injected clock and chance only from the injected random
 * source, so the same inputs at the same times always give the same commands and events.
 */
export class ContactCentreEngine {
  readonly config: ResolvedConfig;
  private readonly core: WiredCore;
  private readonly clock: EngineClock;

  constructor(options: EngineOptions) {
    this.config = resolveConfig(options.config);
    this.clock = options.clock;
    const core = new WiredCore(this.config, options.sink, options.random);
    this.core = core;
    core.now = this.time();
    core.agents = new AgentRegistry(core);
    for (const flow of this.config.flows) core.flows.set(flow.id, flow);
    for (const line of this.config.lines) {
      const runtime = new LineRuntime(line);
      core.lines.set(runtime.number, runtime);
    }
    for (const q of this.config.queues) {
      const strategy = q.strategy ?? 'longest-idle';
      const stages = [q.skills, ...(q.overflow ?? []).map((s) => s.skills)];
      const stagePools: AgentPool[][] = [];
      const seen = new Set<AgentPool>();
      for (const reqs of stages) {
        for (const req of reqs) seen.add(core.agents.pool(req, strategy));
        stagePools.push([...seen]);
      }
      core.queues.set(q.id, new QueueRuntime(q, stagePools));
    }
    core.agents.attachQueues([...core.queues.values()]);
    core.router = new Router(core);
    core.callbacks = new CallbackDesk(core);
    core.surveys = new SurveyDesk(core);
    core.campaigns = new CampaignDialler(core);
    core.virtual = new VirtualOperator(core);
    core.callEntries = callEntryOwner(core);
  }

  /**
   * Handles one input at the clock's time, after firing the timers due by then. Invalid agent actions
   * throw an AppError; the commands of timers fired before the throw are kept for `drainCommands`.
   */
  handle(input: EngineInput): readonly EngineCommand[] {
    const core = this.core;
    core.now = Math.max(core.now, this.time());
    core.timers.runDue(core.now);
    this.apply(input);
    return this.drainCommands();
  }

  private time(): number {
    return this.clock.nowMs ? this.clock.nowMs() : this.clock.now().getTime();
  }

  /** Commands produced but not yet returned (only after a handle() that threw). */
  drainCommands(): readonly EngineCommand[] {
    const out = this.core.commands;
    // Many inputs command nothing (a tick, an agent's status): no new array for those.
    if (out.length === 0) return NO_COMMANDS;
    this.core.commands = [];
    return out;
  }

  /** When the next timer is due (epoch ms), or null. */
  nextTimerAt(): number | null {
    return this.core.timers.nextAt();
  }

  private apply(input: EngineInput): void {
    const core = this.core;
    switch (input.type) {
      case 'tick':
        return;
      case 'callback.restore':
        core.callbacks.restore(input);
        return;
      case 'persisted':
        core.callbacks.persisted(input.ref);
        return;
      case 'persist-failed':
        core.callbacks.persistFailed(input.ref);
        return;
      case 'call-offered':
        callOffered(core, input);
        return;
      case 'self-service.answer': {
        const call = core.calls.get(input.callId);
        if (call) selfCancelAnswer(core, call, input.answer);
        else core.virtual.answer(input.callId, input.answer);
        return;
      }
      case 'virtual.call':
        core.virtual.place(input);
        return;
      case 'digits': {
        const call = core.calls.get(input.callId);
        if (call) callDigits(core, call, input.digits);
        else if (!core.surveys.digits(input.callId, input.digits))
          core.virtual.digits(input.callId, input.digits);
        return;
      }
      case 'hang-up': {
        const call = core.calls.get(input.callId);
        if (call) callerHungUp(core, call);
        else
          core.surveys.hungUp(input.callId) ||
            core.callbacks.outboundFailed(input.callId, 'hung-up') ||
            core.campaigns.failed(input.callId, 'hung-up') ||
            core.virtual.hungUp(input.callId);
        return;
      }
      case 'agent-hang-up':
        agentPhoneLeft(core, input.callId, input.answered);
        return;
      case 'outbound-answered':
        if (
          !core.callbacks.outboundAnswered(input.callId) &&
          !core.surveys.answered(input.callId) &&
          !core.campaigns.answered(input.callId) &&
          !core.virtual.answered(input.callId)
        ) {
          core.command({ type: 'hang-up', callId: input.callId, cause: 'normal' });
        }
        return;
      case 'outbound-failed':
        core.callbacks.outboundFailed(input.callId, input.reason) ||
          core.surveys.failed(input.callId) ||
          core.campaigns.failed(input.callId, input.reason) ||
          core.virtual.failed(input.callId, input.reason);
        return;
      default:
        this.agentAction(input);
    }
  }

  private agentAction(input: AgentAction): void {
    const core = this.core;
    if (input.type === 'agent.login') {
      const agent = core.agents.login(input.agentId, input.code, input.skills);
      if (input.ready) this.makeReady(agent);
      return;
    }
    const agent = core.agents.get(input.agentId);
    switch (input.type) {
      case 'agent.logout':
        if (agent.state === 'wrap-up') endWrapUp(core, agent, 'logged-out', input.reason ?? null);
        else if (agent.state === 'ready' || agent.state === 'paused')
          core.agents.setState(agent, 'logged-out', input.reason ?? null, null);
        else throw new AppError('INVALID_STATE', `agent ${agent.id} cannot log out while ${agent.state}`);
        return;
      case 'agent.ready':
        this.makeReady(agent);
        return;
      case 'agent.pause':
        if (!core.config.agents.pauseReasons.includes(input.reason)) {
          throw invalidField('reason', `reason must be one of ${core.config.agents.pauseReasons.join(', ')}`);
        }
        if (agent.state === 'wrap-up') endWrapUp(core, agent, 'paused', input.reason);
        else if (agent.state === 'ready' || agent.state === 'paused')
          core.agents.setState(agent, 'paused', input.reason, null);
        else throw new AppError('INVALID_STATE', `agent ${agent.id} cannot pause while ${agent.state}`);
        return;
      case 'agent.answer':
        core.router.accept(agent);
        return;
      case 'agent.decline':
        core.router.returnOffer(agent, 'declined');
        return;
      case 'agent.hang-up':
        if (core.campaigns.ringingFor(agent)) core.campaigns.cancelRinging(agent);
        else agentHangsUp(core, agent);
        return;
      case 'agent.dial':
        core.campaigns.dial(agent, input);
        return;
      case 'agent.transfer':
        if (input.queueId) transfer(core, agent, { queueId: input.queueId });
        else if (input.number) transfer(core, agent, { number: input.number });
        else throw invalidField('queueId', 'a transfer needs a queueId or a number');
        return;
      case 'agent.outcome':
        setOutcome(core, agent, input);
        return;
      case 'agent.skills':
        core.agents.setSkills(agent, input.skills);
        core.router.serveAgent(agent);
        return;
    }
  }

  private makeReady(agent: Agent): void {
    const core = this.core;
    if (agent.state === 'wrap-up') {
      endWrapUp(core, agent, 'ready', null);
    } else if (agent.state === 'paused') {
      core.agents.setState(agent, 'ready', null, null);
      core.router.serveAgent(agent);
    } else if (agent.state !== 'ready') {
      throw new AppError('INVALID_STATE', `agent ${agent.id} cannot be ready while ${agent.state}`);
    }
  }

  /** State and current call of an agent, cheaply (for simulated agents deciding what to do). */
  agentStatus(agentId: string): { state: AgentState; callId: string | null } | undefined {
    const a = this.core.agents.byId.get(agentId);
    return a ? { state: a.state, callId: a.call?.id ?? a.offer?.id ?? a.dialling } : undefined;
  }

  /** Whether the engine holds the callback: not yet answered, expired or finally failed. */
  holdsCallback(callbackId: string): boolean {
    return this.core.callbacks.has(callbackId);
  }

  agent(agentId: string): AgentView | undefined {
    const a = this.core.agents.byId.get(agentId);
    return a ? agentView(a) : undefined;
  }

  /** The live picture for a wallboard or a supervisor (MR-4). */
  snapshot(): EngineSnapshot {
    const core = this.core;
    const now = Math.max(core.now, this.time());
    return {
      at: now,
      lines: [...core.lines.values()].map((l) => ({
        number: l.number,
        name: l.config.name,
        service: l.config.service,
        channels: l.config.channels,
        inUse: l.inUse,
        open: l.calendar.isOpen(now),
        changesAt: l.calendar.nextChange(now),
        redirectUntil: l.config.redirect?.until ?? null,
      })),
      queues: [...core.queues.values()].map((q) => {
        let oldest = now;
        for (const stage of q.stages)
          for (const e of stage.heap.values()) oldest = Math.min(oldest, e.enqueuedAt);
        const estimate = q.estimatedWaitSeconds(q.waiting + 1);
        return {
          id: q.id,
          name: q.config.name,
          service: q.config.service,
          waiting: q.waiting,
          staffed: q.staffed,
          oldestWaitMs: now - oldest,
          estimatedWaitSeconds: Number.isFinite(estimate) ? Math.round(estimate) : null,
        };
      }),
      agents: [...core.agents.byId.values()].map(agentView),
      callsInProgress: core.calls.size,
      callbacksPending: core.callbacks.pending,
    };
  }
}

function agentView(a: Agent): AgentView {
  return {
    id: a.id,
    code: a.code,
    state: a.state,
    reason: a.reason,
    since: a.since,
    callId: a.call?.id ?? a.offer?.id ?? a.dialling,
    lastCallId: a.lastCall?.id ?? null,
    skills: Object.fromEntries(a.skills),
  };
}
