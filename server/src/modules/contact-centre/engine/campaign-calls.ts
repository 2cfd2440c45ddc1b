import { AppError, invalidField } from '../../../platform/errors.ts';
import type { OutboundFailure } from '../../telephony/index.ts';
import { dialable, newCall } from './calls.ts';
import { connect } from './conversation.ts';
import type { EngineCore } from './core.ts';
import { normaliseNumber } from './lines.ts';
import { prompts } from './prompts.ts';
import type { Agent } from './state.ts';
import { cancel } from './timers.ts';

/** An agent's request to call a campaign's contact now (OB-5, preview or progressive). */
export interface CampaignDial {
  agentId: string;
  /** The leg's id, chosen by whoever recorded the attempt first (unique, never reused). */
  legId: string;
  campaignId: string;
  number: string;
}

interface Dial {
  readonly legId: string;
  readonly campaignId: string;
  readonly agent: Agent;
  readonly number: string;
  readonly line: NonNullable<ReturnType<EngineCore['lines']['get']>>;
  /** Where the agent goes back to if nobody answers, and after the wrap-up of an answered call. */
  readonly before: { state: 'ready' | 'paused'; reason: string | null };
}

/**
 * OB-5: the agent's outbound leg for a campaign. The agent, ready, paused or in wrap-up, asks to call a
 * contact; the engine seizes a channel of the campaign line and dials while the agent waits on the line
 * ('on-call', reason 'campagna'). Answered: a conversation like any other (operator code first, CC-2),
 * then wrap-up. Not answered (or cancelled by the agent): the agent is back in the state they left.
 * The attempt and its outcome are the campaign's business: the driver records them from the events.
 */
export class CampaignDialler {
  private readonly byLeg = new Map<string, Dial>();

  constructor(private readonly core: EngineCore) {}

  dial(agent: Agent, input: CampaignDial): void {
    const core = this.core;
    if (agent.state !== 'ready' && agent.state !== 'paused' && agent.state !== 'wrap-up') {
      throw new AppError(
        'INVALID_STATE',
        `agent ${agent.id} cannot place a campaign call while ${agent.state}`,
      );
    }
    if (!dialable(input.number)) throw invalidField('number', 'number must be a telephone number');
    if (this.byLeg.has(input.legId) || core.calls.has(input.legId)) {
      throw new AppError('CONFLICT', `leg ${input.legId} is already in the engine`);
    }
    const line = core.lines.get(normaliseNumber(core.config.lines[0]!.number))!;
    if (!line.seize()) throw new AppError('INVALID_STATE', 'no free channel on the line: try again shortly');
    let before: Dial['before'] = { state: 'ready', reason: null };
    if (agent.state === 'paused') before = { state: 'paused', reason: agent.reason };
    if (agent.state === 'wrap-up') {
      // Wrap-up ends here: its time counts for the last call, as when the agent ends it; the agent goes
      // back where that call would have left them.
      cancel(agent.wrapTimer);
      agent.wrapTimer = null;
      const last = agent.lastCall;
      if (last) last.queue?.recordHandling(core.now - last.connectedAt);
      if (last?.resume) before = last.resume;
    }
    const dial: Dial = {
      legId: input.legId,
      campaignId: input.campaignId,
      agent,
      number: normaliseNumber(input.number),
      line,
      before,
    };
    this.byLeg.set(dial.legId, dial);
    agent.dialling = dial.legId;
    core.agents.setState(agent, 'on-call', 'campagna', dial.legId);
    core.emit({
      type: 'campaign.dialled',
      at: core.now,
      legId: dial.legId,
      campaignId: dial.campaignId,
      agentId: agent.id,
      line: line.number,
      number: dial.number,
      channelsInUse: line.inUse,
    });
    core.command({
      type: 'originate',
      callId: dial.legId,
      to: dial.number,
      from: line.number,
      tag: 'campaign',
    });
  }

  /** Whether the agent is waiting for a campaign call to be answered. */
  ringingFor(agent: Agent): boolean {
    return agent.dialling !== null && this.byLeg.has(agent.dialling);
  }

  /** The agent gives up while it rings. */
  cancelRinging(agent: Agent): void {
    const dial = this.byLeg.get(agent.dialling!)!;
    this.core.command({ type: 'hang-up', callId: dial.legId, cause: 'normal' });
    this.failed(dial.legId, 'cancelled');
  }

  answered(legId: string): boolean {
    const dial = this.byLeg.get(legId);
    if (!dial) return false;
    const core = this.core;
    this.byLeg.delete(legId);
    const agent = dial.agent;
    agent.dialling = null;
    const call = newCall(core, {
      id: legId,
      direction: 'outbound',
      callbackId: null,
      campaignId: dial.campaignId,
      resume: dial.before,
      callerId: dial.number,
      line: dial.line,
    });
    core.emit({
      type: 'campaign.answered',
      at: core.now,
      legId,
      campaignId: dial.campaignId,
      agentId: agent.id,
      operatorCode: agent.code,
    });
    connect(core, call, agent, prompts.campaignGreeting());
    return true;
  }

  failed(legId: string, reason: OutboundFailure | 'hung-up' | 'cancelled'): boolean {
    const dial = this.byLeg.get(legId);
    if (!dial) return false;
    const core = this.core;
    this.byLeg.delete(legId);
    const agent = dial.agent;
    agent.dialling = null;
    core.emit({
      type: 'outbound.ended',
      at: core.now,
      legId,
      line: dial.line.number,
      tag: 'campaign',
      answered: false,
      talkMs: 0,
    });
    core.emit({
      type: 'campaign.failed',
      at: core.now,
      legId,
      campaignId: dial.campaignId,
      agentId: agent.id,
      reason,
    });
    core.agents.setState(agent, dial.before.state, dial.before.reason, null);
    core.callbacks.releaseChannel(dial.line);
    if (dial.before.state === 'ready') core.router.serveAgent(agent);
    return true;
  }
}
