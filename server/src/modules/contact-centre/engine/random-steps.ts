// Test support only (imported by engine.property.test.ts): random step sequences played on the engine.
import fc from 'fast-check';
import { AppError } from '../../../platform/errors.ts';
import type { ContactCentreConfig } from './config.ts';
import type { AgentAction } from './engine.ts';
import { Harness, routingCentre, TEST_LINE } from './test-harness.ts';

const LIMITED = '0000000003';
const RESERVED = '0000000004';
const CALLERS = ['3330000001', '3330000002', '3330000003', '0971411111', 'anonimo'];
const AGENTS = ['a', 'b', 'c', 'd'];

/** Everything at once: few channels, overflow, a full queue, callbacks, surveys, short hours, an allow-list. */
export function richCentre(): ContactCentreConfig {
  const base = routingCentre();
  return {
    ...base,
    lines: [
      { ...base.lines[0]!, channels: 4 },
      {
        number: LIMITED,
        name: 'Orario ridotto',
        service: 'test',
        channels: 3,
        flow: 'f',
        hours: { timeZone: 'Europe/Rome', weekly: { tue: [['09:00', '09:20']] }, holidays: 'IT' },
        outOfHoursCallback: { queue: 'q', requestType: 'booking', priority: 1 },
      },
      {
        number: RESERVED,
        name: 'Riservata',
        service: 'test',
        channels: 2,
        flow: 'f',
        hours: 'always',
        allowedCallers: ['0971411111'],
        notAuthorisedText: 'Linea riservata.',
      },
    ],
    agents: { wrapUpSeconds: 20, offerTimeoutSeconds: 15 },
    announcements: { repeatEverySeconds: 45 },
    callbacks: {
      enabled: true,
      thresholdSeconds: 30,
      retryDelaySeconds: 60,
      expirySeconds: 900,
      maxAttempts: 2,
    },
    survey: { share: 0.5, delaySeconds: 5 },
  };
}

export type Step =
  | { t: 'arrive'; line: number; caller: number }
  | { t: 'press'; call: number; key: string }
  | { t: 'hangup'; call: number }
  | { t: 'agent'; agent: number; action: string; pick: number }
  | { t: 'outbound'; leg: number; answered: boolean }
  | { t: 'restore'; line: number; priority: number; placeSeconds: number; opensIn: number; attempts: number }
  | { t: 'wait'; seconds: number };

export const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      t: fc.constant('arrive' as const),
      line: fc.nat(2),
      caller: fc.nat(CALLERS.length - 1),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      t: fc.constant('press' as const),
      call: fc.nat(20),
      key: fc.constantFrom('1', '2', '3', '9', '*', '0971555666#'),
    }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('hangup' as const), call: fc.nat(20) }) },
  {
    weight: 6,
    arbitrary: fc.record({
      t: fc.constant('agent' as const),
      agent: fc.nat(AGENTS.length - 1),
      action: fc.constantFrom(
        'login',
        'ready',
        'pause',
        'answer',
        'answer',
        'decline',
        'hangup',
        'logout',
        'transfer',
        'outcome',
        'skills',
      ),
      pick: fc.nat(5),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ t: fc.constant('outbound' as const), leg: fc.nat(10), answered: fc.boolean() }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      t: fc.constant('restore' as const),
      line: fc.nat(1),
      priority: fc.nat(2),
      placeSeconds: fc.nat(600),
      // 0: joins now (or after its retry delay); more: an out-of-hours request opening that much later.
      opensIn: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 300 })),
      attempts: fc.nat(1),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ t: fc.constant('wait' as const), seconds: fc.integer({ min: 0, max: 200 }) }),
  },
);

const SKILL_SETS: Record<string, number>[] = [{ s: 1, t: 1 }, { s: 1 }, { t: 2 }, { s: 3, t: 1 }];

/** Plays random steps against the engine, swallowing refused agent actions; then closes every call. */
export function play(config: ContactCentreConfig, steps: Step[], uniformSkills: boolean): Harness {
  const h = new Harness(config, '2025-03-04T09:00:00+01:00');
  const lines = [TEST_LINE, LIMITED, RESERVED];
  const ended = new Set<string>();
  let restored = 0;
  h.log.events.length = 0;
  /** Inbound calls not ended, and answered callback legs not ended (they can be transferred to a queue). */
  const live = () => {
    for (const e of h.log.events) {
      if (e.type === 'call.ended') ended.add(e.callId);
      if (e.type === 'outbound.ended') ended.add(e.legId);
    }
    const ids = h.log.events.flatMap((e) =>
      e.type === 'call.arrived' ? [e.callId] : e.type === 'callback.answered' ? [e.legId] : [],
    );
    return ids.filter((id) => !ended.has(id));
  };
  const legs = () => {
    const done = new Set(h.events('outbound.ended').map((e) => e.legId));
    const answered = new Set(h.log.events.flatMap((e) => (e.type === 'callback.answered' ? [e.legId] : [])));
    const surveysAnswered = new Set(
      h.commands.flatMap((c) => (c.type === 'play' && c.prompt.id === 'survey-intro' ? [c.callId] : [])),
    );
    return h.commands
      .flatMap((c) => (c.type === 'originate' ? [c.callId] : []))
      .filter((id) => !done.has(id) && !answered.has(id) && !surveysAnswered.has(id));
  };
  const tryAct = (action: AgentAction) => {
    try {
      h.act(action);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
    }
  };
  // Two agents start ready so that offers happen from the first steps; the rest is random.
  tryAct({
    type: 'agent.login',
    agentId: 'a',
    code: '100',
    skills: uniformSkills ? { s: 1, t: 1 } : { s: 1 },
    ready: true,
  });
  tryAct({ type: 'agent.login', agentId: 'b', code: '101', skills: { s: 1, t: 1 }, ready: true });
  for (const s of steps) {
    switch (s.t) {
      case 'arrive':
        h.call(lines[s.line]!, CALLERS[s.caller]);
        break;
      case 'press': {
        const calls = live();
        if (calls.length > 0) h.press(calls[s.call % calls.length]!, s.key);
        break;
      }
      case 'hangup': {
        const calls = live();
        if (calls.length > 0) h.hangUp(calls[s.call % calls.length]!);
        break;
      }
      case 'outbound': {
        const open = legs();
        const leg = open[s.leg % Math.max(1, open.length)];
        if (leg)
          h.send(
            s.answered
              ? { type: 'outbound-answered', callId: leg }
              : { type: 'outbound-failed', callId: leg, reason: 'no-answer' },
          );
        break;
      }
      case 'restore': {
        // A callback from before a restart: keeps a place taken up to 10 minutes ago, or opens later.
        const id = `r${++restored}`;
        const notBefore = h.now + s.opensIn * 1000;
        h.send({
          type: 'callback.restore',
          callbackId: `${id}-cb`,
          originCallId: id,
          number: CALLERS[s.line]!,
          line: lines[s.line]!,
          queueId: 'q',
          requestType: 'booking',
          priority: s.priority,
          requestedAt: h.now - s.placeSeconds * 1000,
          notBefore: s.opensIn > 0 ? notBefore : h.now - s.placeSeconds * 1000,
          expiresAt: notBefore + 900_000,
          enqueuedAt: s.opensIn > 0 ? notBefore : h.now - s.placeSeconds * 1000,
          attempts: s.attempts,
          lastFailedAt: s.attempts > 0 ? h.now - 30_000 : null,
        });
        break;
      }
      case 'wait':
        h.advance(s.seconds);
        break;
      case 'agent': {
        const agentId = AGENTS[s.agent]!;
        const view = h.engine.agent(agentId);
        const skills = uniformSkills ? { s: 1, t: 1 } : SKILL_SETS[s.pick % SKILL_SETS.length]!;
        switch (s.action) {
          case 'login':
            tryAct({ type: 'agent.login', agentId, code: `10${s.agent}`, skills, ready: s.pick % 2 === 0 });
            break;
          case 'ready':
          case 'answer':
          case 'decline':
          case 'hangup':
          case 'logout':
            tryAct({ type: `agent.${s.action === 'hangup' ? 'hang-up' : s.action}`, agentId } as AgentAction);
            break;
          case 'pause':
            tryAct({ type: 'agent.pause', agentId, reason: 'pausa' });
            break;
          case 'transfer':
            tryAct(
              s.pick % 2
                ? { type: 'agent.transfer', agentId, queueId: 'q2' }
                : { type: 'agent.transfer', agentId, number: '0971999999' },
            );
            break;
          case 'outcome':
            if (view?.callId ?? view?.lastCallId) {
              tryAct({
                type: 'agent.outcome',
                agentId,
                callId: (view.callId ?? view.lastCallId)!,
                requestType: 'booking',
                resolvedFirstContact: true,
                escalated: false,
              });
            }
            break;
          case 'skills':
            if (!uniformSkills) tryAct({ type: 'agent.skills', agentId, skills });
            break;
        }
      }
    }
  }
  // Close down: callers hang up, pending outbound legs fail, time passes until nothing is left.
  for (let round = 0; round < 30; round++) {
    for (const id of live()) h.hangUp(id);
    for (const leg of legs()) h.send({ type: 'outbound-failed', callId: leg, reason: 'no-answer' });
    for (const agentId of AGENTS) {
      if (h.engine.agent(agentId)?.state === 'on-call') tryAct({ type: 'agent.hang-up', agentId });
    }
    h.advance(1000);
    if (live().length === 0 && legs().length === 0 && h.engine.snapshot().callsInProgress === 0) break;
  }
  return h;
}
