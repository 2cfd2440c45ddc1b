// Test support only (imported by *.test.ts): drives the engine by hand with a manual clock.
import { ManualClock } from '../../../platform/clock.ts';
import { SeededRandom, type TelephonyCommand } from '../../telephony/index.ts';
import type { ContactCentreConfig } from './config.ts';
import type { SelfServiceAnswer, SelfServiceCommand } from './core.ts';
import { type AgentAction, ContactCentreEngine, type EngineInput } from './engine.ts';
import { type ContactEvent, ContactEventLog } from './events.ts';
import type { RoutingStrategy } from './queues.ts';

export class Harness {
  readonly clock: ManualClock;
  readonly log = new ContactEventLog();
  readonly engine: ContactCentreEngine;
  readonly commands: TelephonyCommand[] = [];
  /** Writes the engine asked for; acknowledged at once unless `holdWrites` (then by `stored`/`notStored`). */
  readonly writes: string[] = [];
  holdWrites = false;
  /** Self-service requests the engine made (OB-4), answered by the test with `answer`. */
  readonly selfService: SelfServiceCommand[] = [];
  private calls = 0;

  constructor(config: ContactCentreConfig, start = '2025-03-04T09:00:00+01:00', seed = 1) {
    this.clock = new ManualClock(start);
    this.engine = new ContactCentreEngine({
      config,
      clock: this.clock,
      random: new SeededRandom(seed),
      sink: this.log,
    });
  }

  get now(): number {
    return this.clock.now().getTime();
  }

  send(input: EngineInput): TelephonyCommand[] {
    const out: TelephonyCommand[] = [];
    const writes: string[] = [];
    for (const c of this.engine.handle(input)) {
      if (c.type === 'persist') writes.push(c.ref);
      else if (c.type === 'self-service') this.selfService.push(c);
      else out.push(c);
    }
    this.commands.push(...out);
    this.writes.push(...writes);
    if (!this.holdWrites) for (const ref of writes) out.push(...this.send({ type: 'persisted', ref }));
    return out;
  }

  /** The booking system's answer to a self-service request. */
  answer(callId: string, answer: SelfServiceAnswer): TelephonyCommand[] {
    return this.send({ type: 'self-service.answer', callId, answer });
  }

  /** The driver's answer to a held write. */
  stored(ref: string): TelephonyCommand[] {
    return this.send({ type: 'persisted', ref });
  }

  notStored(ref: string): TelephonyCommand[] {
    return this.send({ type: 'persist-failed', ref });
  }

  act(action: AgentAction): TelephonyCommand[] {
    return this.send(action);
  }

  /** Places a call; returns its id. */
  call(dialledNumber: string, callerId = '3331234567', callId = `c${++this.calls}`): string {
    this.send({ type: 'call-offered', callId, callerId, dialledNumber });
    return callId;
  }

  press(callId: string, digits: string): TelephonyCommand[] {
    return this.send({ type: 'digits', callId, digits });
  }

  hangUp(callId: string): TelephonyCommand[] {
    return this.send({ type: 'hang-up', callId });
  }

  login(agentId: string, skills: Record<string, number>, code = '1234'): void {
    this.act({ type: 'agent.login', agentId, code, skills, ready: true });
  }

  /** Moves time forward, firing every timer on the way at its own time. */
  advance(seconds: number): void {
    const target = this.now + seconds * 1000;
    for (;;) {
      const next = this.engine.nextTimerAt();
      if (next === null || next > target) break;
      this.clock.set(new Date(Math.max(next, this.now)));
      this.send({ type: 'tick' });
    }
    this.clock.set(new Date(target));
  }

  events<T extends ContactEvent['type']>(type: T): Extract<ContactEvent, { type: T }>[] {
    return this.log.events.filter((e): e is Extract<ContactEvent, { type: T }> => e.type === type);
  }

  last<T extends ContactEvent['type']>(type: T): Extract<ContactEvent, { type: T }> | undefined {
    return this.events(type).at(-1);
  }

  commandsFor(callId: string): TelephonyCommand[] {
    return this.commands.filter((c) => c.callId === callId);
  }

  prompts(callId: string): string[] {
    return this.commandsFor(callId).flatMap((c) => (c.type === 'play' ? [c.prompt.id] : []));
  }
}

export const TEST_LINE = '0000000002';

/** Key 1: booking (priority 2) and key 2: information (priority 0) share queue q; key 3 goes to q2. */
export function routingCentre(strategy: RoutingStrategy = 'longest-idle'): ContactCentreConfig {
  return {
    flows: [
      {
        id: 'f',
        name: 'prova',
        start: 'menu',
        nodes: {
          menu: {
            type: 'menu',
            text: 'Prema 1, 2 o 3',
            options: { '1': 'alta', '2': 'bassa', '3': 'altra' },
            onFailure: 'bassa',
          },
          alta: { type: 'queue', queue: 'q', requestType: 'booking', priority: 2 },
          bassa: { type: 'queue', queue: 'q', requestType: 'information', priority: 0 },
          altra: { type: 'queue', queue: 'q2', requestType: 'cancellation', priority: 1 },
        },
      },
    ],
    queues: [
      { id: 'q', name: 'Coda', service: 'test', skills: [{ skill: 's' }], strategy },
      {
        id: 'q2',
        name: 'Coda due',
        service: 'test',
        skills: [{ skill: 't' }],
        overflow: [{ afterSeconds: 60, skills: [{ skill: 's' }] }],
        maxLength: 3,
      },
    ],
    lines: [{ number: TEST_LINE, name: 'Prova', service: 'test', channels: 100, hours: 'always', flow: 'f' }],
    agents: { wrapUpSeconds: 0 },
    callbacks: { enabled: false },
    survey: { share: 0 },
  };
}

export function dial(h: Harness, key: string): string {
  const c = h.call(TEST_LINE);
  h.press(c, key);
  return c;
}
