import type { CallerBehaviour, KeyPress, Prompt, Random, SimulatedCall } from '../../telephony/index.ts';
import type { ContactEvent } from '../engine/events.ts';

/** What the console shows about the call an agent is offered, talking to, or has just finished. */
export interface CallCard {
  /** The call id, or the callback id for a callback on offer, or its outbound leg once answered. */
  callId: string;
  /** campaign: an agent's campaign call (OB-5), its card made when dialled. */
  kind: 'call' | 'callback' | 'campaign';
  /** For a callback: the inbound call that asked for it. */
  originCallId: string | null;
  line: string;
  /** The caller's number (for a callback, the number to call back). */
  callerId: string;
  ivr: { menu: string; digits: string | null; result: string }[];
  requestType: string | null;
  queueId: string | null;
  priority: number | null;
  arrivedAt: number;
  /** When the current wait in a queue began. */
  waitingSince: number | null;
  /** How long the caller waited before the answer. */
  waitedMs: number | null;
  answeredAt: number | null;
  /** CC-2: the operator code announced to the caller. */
  operatorCode: string | null;
  agentId: string | null;
  endedAt: number | null;
  /** When its outcome was recorded; null until then. */
  outcomeAt: number | null;
}

const RECENT = 2000;

/** A card as a call begins: nothing chosen, waited or answered yet. */
function newCard(
  callId: string,
  kind: 'call' | 'campaign',
  line: string,
  callerId: string,
  at: number,
  agentId: string | null,
): CallCard {
  return {
    callId,
    kind,
    originCallId: null,
    line,
    callerId,
    ivr: [],
    requestType: null,
    queueId: null,
    priority: null,
    arrivedAt: at,
    waitingSince: null,
    waitedMs: null,
    answeredAt: null,
    operatorCode: null,
    agentId,
    endedAt: null,
    outcomeAt: null,
  };
}

/**
 * Call cards kept from the engine's events while calls are in progress, and for a while after (so that
 * the agent sees the card during wrap-up). Persisted history is in contact_event; this is the live view.
 */
export class CallCards {
  private readonly active = new Map<string, CallCard>();
  private readonly recent = new Map<string, CallCard>();

  get(id: string): CallCard | undefined {
    return this.active.get(id) ?? this.recent.get(id);
  }

  readonly onEvent = (e: ContactEvent): void => {
    switch (e.type) {
      case 'call.arrived':
        this.active.set(e.callId, newCard(e.callId, 'call', e.line, e.callerId, e.at, null));
        return;
      case 'ivr.choice':
        this.active.get(e.callId)?.ivr.push({ menu: e.menu, digits: e.digits, result: e.result });
        return;
      case 'call.queued': {
        const card = this.active.get(e.callId);
        if (!card) return;
        card.requestType = e.requestType;
        card.queueId = e.queueId;
        card.priority = e.priority;
        card.waitingSince = e.at;
        return;
      }
      case 'call.presented': {
        const card = this.active.get(e.callId);
        if (card) card.agentId = e.agentId;
        return;
      }
      case 'call.answered': {
        const card = this.active.get(e.callId);
        if (!card) return;
        card.answeredAt = e.at;
        card.waitedMs = e.waitMs;
        card.operatorCode = e.operatorCode;
        card.agentId = e.agentId;
        return;
      }
      case 'call.ended':
        this.retire(e.callId, e.at);
        return;
      case 'call.outcome': {
        const card = this.get(e.callId);
        if (card) card.outcomeAt = e.at;
        return;
      }
      case 'callback.requested': {
        const origin = this.get(e.callId);
        this.active.set(e.callbackId, {
          callId: e.callbackId,
          kind: 'callback',
          originCallId: e.callId,
          line: e.line,
          callerId: e.number,
          ivr: origin ? [...origin.ivr] : [],
          requestType: e.requestType,
          queueId: e.queueId,
          priority: e.priority,
          arrivedAt: origin?.arrivedAt ?? e.at,
          waitingSince: origin?.waitingSince ?? e.at,
          waitedMs: null,
          answeredAt: null,
          operatorCode: null,
          agentId: null,
          endedAt: null,
          outcomeAt: null,
        });
        return;
      }
      case 'callback.restored':
        // Taken back after a restart: the IVR path of the original call is in contact_event only.
        this.active.set(e.callbackId, {
          callId: e.callbackId,
          kind: 'callback',
          originCallId: e.originCallId,
          line: e.line,
          callerId: e.number,
          ivr: [],
          requestType: e.requestType,
          queueId: e.queueId,
          priority: e.priority,
          arrivedAt: e.requestedAt,
          waitingSince: e.enqueuedAt,
          waitedMs: null,
          answeredAt: null,
          operatorCode: null,
          agentId: null,
          endedAt: null,
          outcomeAt: null,
        });
        return;
      case 'callback.answered': {
        const callback = this.get(e.callbackId);
        if (!callback) return;
        this.active.set(e.legId, {
          ...callback,
          callId: e.legId,
          ivr: [...callback.ivr],
          answeredAt: e.at,
          waitedMs: e.sinceRequestMs,
          operatorCode: e.operatorCode,
          agentId: e.agentId,
        });
        this.retire(e.callbackId, e.at);
        return;
      }
      case 'callback.expired':
        this.retire(e.callbackId, e.at);
        return;
      case 'campaign.dialled':
        this.active.set(e.legId, newCard(e.legId, 'campaign', e.line, e.number, e.at, e.agentId));
        return;
      case 'campaign.answered': {
        const card = this.active.get(e.legId);
        if (card) {
          card.answeredAt = e.at;
          card.operatorCode = e.operatorCode;
        }
        return;
      }
      case 'callback.failed':
        if (e.final) this.retire(e.callbackId, e.at);
        return;
      case 'outbound.ended':
        this.retire(e.legId, e.at);
        return;
      default:
        return;
    }
  };

  private retire(id: string, at: number): void {
    const card = this.active.get(id);
    if (!card) return;
    card.endedAt = at;
    this.active.delete(id);
    this.recent.set(id, card);
    if (this.recent.size > RECENT) {
      const oldest = this.recent.keys().next().value;
      if (oldest !== undefined) this.recent.delete(oldest);
    }
  }
}

/** What a caller injected by hand does: what to key, in order, at each prompt that asks for it. */
interface Script {
  keys: string[];
  /** Digits not given: choose like the scenario's callers. */
  free: boolean;
  /** Seconds on hold before hanging up; never when not given. */
  patienceSeconds: number | null;
}

const MAX_SCRIPTS = 1000;

/** A number without its country prefix: 0971… and +390971… are the same person. */
const national = (n: string) => n.replace(/^(\+39|0039)/, '');

/** Seconds a scripted caller takes to press a key. */
export const SCRIPTED_THINK_SECONDS = 1;

/**
 * The scenario's callers, except for calls injected by hand (POST /simulated-calls): those press the
 * given keys (IVR menus first, then the callback offer, then 1 to confirm the number read back, by
 * default), hang up only after the patience given (never by default) and never redial,
 * so that a person at the console, a test or an e2e run can follow them.
 */
export class ScriptedCallers implements CallerBehaviour {
  private readonly scripts = new Map<string, Script>();
  private next: Script | null = null;
  /** People our outbound calls reach, by number: whether each call is answered, and what they key. */
  private readonly people = new Map<string, { answers: boolean[]; keys: string[] }>();

  constructor(private readonly base: CallerBehaviour) {}

  /** Places one scripted call: `offer` dials it (synchronously) and returns its id. */
  place(digits: string | undefined, patienceSeconds: number | undefined, offer: () => string): string {
    const script: Script = {
      // One key per prompt ("21"), or, with commas, what to key at each prompt ("2,75369723#,15031950#,1").
      keys: digits ? (digits.includes(',') ? digits.split(',') : [...digits]) : [],
      free: digits === undefined,
      patienceSeconds: patienceSeconds ?? null,
    };
    this.next = script;
    try {
      const id = offer();
      if (!this.scripts.has(id)) this.scripts.set(id, script);
      // Scripted calls are few (placed by hand); keep the latest ones, past the end of each call, since
      // the switch still asks about redialling after the engine has ended it.
      if (this.scripts.size > MAX_SCRIPTS) this.scripts.delete(this.scripts.keys().next().value!);
      return id;
    } finally {
      this.next = null;
    }
  }

  /**
   * A person our outbound calls reach (a campaign's, the virtual operator's): each call to `number` is
   * answered or not, in the order given (then like the scenario's people), and at each prompt asking
   * for a key they press the next of `keys` (then nothing).
   */
  scriptPerson(number: string, answers: boolean[], keys: string[]): void {
    this.people.set(national(number), { answers: [...answers], keys: [...keys] });
    if (this.people.size > MAX_SCRIPTS) this.people.delete(this.people.keys().next().value!);
  }

  private scriptOf(call: SimulatedCall): Script | undefined {
    let script = this.scripts.get(call.id);
    if (!script && this.next && call.direction === 'inbound') {
      script = this.next;
      this.scripts.set(call.id, script);
      this.next = null;
    }
    return script;
  }

  patienceSeconds(call: SimulatedCall, random: Random): number {
    const script = this.scriptOf(call);
    if (!script) return this.base.patienceSeconds(call, random);
    return script.patienceSeconds ?? Number.POSITIVE_INFINITY;
  }

  respond(call: SimulatedCall, prompt: Prompt, random: Random): KeyPress | null {
    const person = call.direction === 'outbound' ? this.people.get(national(call.callerId)) : undefined;
    if (person) {
      const key = person.keys.shift();
      return key === undefined ? null : { digits: key, afterSeconds: SCRIPTED_THINK_SECONDS };
    }
    const script = this.scriptOf(call);
    if (!script) return this.base.respond(call, prompt, random);
    if (prompt.id === 'callback-number') {
      return { digits: `${call.callerId}#`, afterSeconds: SCRIPTED_THINK_SECONDS };
    }
    const key = script.keys.shift();
    if (key !== undefined) return { digits: key, afterSeconds: SCRIPTED_THINK_SECONDS };
    // Having asked for the callback, the caller confirms the number read back (CC-3).
    if (prompt.id === 'callback-confirm-number') return { digits: '1', afterSeconds: SCRIPTED_THINK_SECONDS };
    if (script.free && prompt.id.startsWith('ivr:')) return this.base.respond(call, prompt, random);
    return null;
  }

  redialAfterSeconds(call: SimulatedCall, reason: 'abandoned' | 'busy', random: Random): number | null {
    return this.scripts.has(call.id) ? null : this.base.redialAfterSeconds(call, reason, random);
  }

  answerOutbound(call: SimulatedCall, random: Random): { answered: boolean; afterSeconds: number } {
    const answered = this.people.get(national(call.callerId))?.answers.shift();
    if (answered !== undefined) return { answered, afterSeconds: answered ? 3 : 30 };
    return this.base.answerOutbound(call, random);
  }
}
