import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ContactEvent } from './events.ts';
import { play, richCentre, step } from './random-steps.ts';

const CALL_SCOPED = new Set([
  'call.busy',
  'call.turned-away',
  'call.out-of-hours',
  'ivr.choice',
  'call.queued',
  'call.answered',
  'call.abandoned',
  'call.transferred',
]);

/** Inbound calls live from call.arrived to call.ended; answered callback legs from callback.answered to outbound.ended. */
function checkLifecycle(events: ContactEvent[]): void {
  const arrived = new Map<string, number>();
  const endedCount = new Map<string, number>();
  const legs = new Set<string>();
  const legsEnded = new Set<string>();
  for (const e of events) {
    if (e.type === 'call.arrived') {
      expect(arrived.has(e.callId), `${e.callId} arrives twice`).toBe(false);
      arrived.set(e.callId, e.at);
    } else if (e.type === 'call.ended') {
      expect(arrived.has(e.callId), `${e.callId} ends without arriving`).toBe(true);
      endedCount.set(e.callId, (endedCount.get(e.callId) ?? 0) + 1);
    } else if (e.type === 'callback.answered') {
      legs.add(e.legId);
    } else if (e.type === 'outbound.ended') {
      legsEnded.add(e.legId);
    } else if (CALL_SCOPED.has(e.type) && 'callId' in e && typeof e.callId === 'string') {
      const live =
        (arrived.has(e.callId) && !endedCount.has(e.callId)) ||
        (legs.has(e.callId) && !legsEnded.has(e.callId));
      expect(live, `${e.type} of ${e.callId} outside its life`).toBe(true);
    }
  }
  for (const id of arrived.keys()) expect(endedCount.get(id), `${id} must end exactly once`).toBe(1);
  const dialled = events.flatMap((e) =>
    e.type === 'callback.dialled' || e.type === 'survey.dialled' ? [e.legId] : [],
  );
  const legEnds = events.flatMap((e) => (e.type === 'outbound.ended' ? [e.legId] : []));
  expect([...legEnds].sort()).toEqual([...dialled].sort());
}

function checkAgents(events: ContactEvent[]): void {
  const state = new Map<string, string>();
  const holding = new Map<string, string | null>();
  for (const e of events) {
    if (e.type === 'agent.state') {
      expect(e.from, `${e.agentId} jumps from a state it was not in`).toBe(
        state.get(e.agentId) ?? 'logged-out',
      );
      state.set(e.agentId, e.to);
      if (e.to === 'offered') {
        expect(e.from).toBe('ready');
        expect(holding.get(e.agentId) ?? null, `${e.agentId} is offered a second call`).toBeNull();
        holding.set(e.agentId, e.callId);
      } else if (e.to === 'on-call' && e.from === 'on-call') {
        // A callback: dialling (reason 'richiamata') and then connected to its outbound leg.
        expect(holding.get(e.agentId)).toBe(`${e.callId?.split('-cb')[0]}-cb`);
        holding.set(e.agentId, e.callId);
      } else if (e.to === 'on-call') {
        expect(e.from).toBe('offered');
        expect(holding.get(e.agentId)).toBe(e.callId);
      } else {
        holding.set(e.agentId, null);
      }
    } else if (e.type === 'call.presented') {
      expect(state.get(e.agentId)).toBe('offered');
      expect(holding.get(e.agentId)).toBe(e.callId);
    }
  }
}

/** Replays the queues from the events: each presented entry must be the most urgent one waiting. */
function checkOrder(events: ContactEvent[]): void {
  const waiting = new Map<string, { priority: number; order: number }>();
  const known = new Map<string, { priority: number; order: number }>();
  /** Restored out-of-hours callbacks: they take their place when they join, at opening. */
  const atOpening = new Map<string, number>();
  let order = 0;
  const better = (a: { priority: number; order: number }, b: { priority: number; order: number }) =>
    a.priority > b.priority || (a.priority === b.priority && a.order < b.order);
  for (const e of events) {
    switch (e.type) {
      case 'call.queued': {
        const entry = { priority: e.priority, order: order++ };
        waiting.set(e.callId, entry);
        known.set(e.callId, entry);
        break;
      }
      case 'call.requeued':
        waiting.set(e.callId, known.get(e.callId)!);
        break;
      case 'callback.requested':
        if (!e.outOfHours) {
          const entry = waiting.get(e.callId)!;
          waiting.delete(e.callId);
          waiting.set(e.callbackId, entry);
          known.set(e.callbackId, entry);
        }
        break;
      case 'callback.restored':
        // A place now (kept through a retry delay), ahead of everyone who comes later.
        if (e.keepsPlace) known.set(e.callbackId, { priority: e.priority, order: order++ });
        else atOpening.set(e.callbackId, e.priority);
        break;
      case 'callback.queued': {
        const entry = known.get(e.callbackId) ?? {
          priority: atOpening.get(e.callbackId) ?? 1,
          order: order++,
        };
        known.set(e.callbackId, entry);
        waiting.set(e.callbackId, entry);
        break;
      }
      case 'call.abandoned':
        waiting.delete(e.callId);
        break;
      case 'callback.expired':
        waiting.delete(e.callbackId);
        break;
      case 'call.presented': {
        const mine = waiting.get(e.callId);
        expect(mine, `${e.callId} presented without waiting`).toBeDefined();
        for (const [id, other] of waiting) {
          if (id !== e.callId) expect(better(other, mine!), `${id} overtaken by ${e.callId}`).toBe(false);
        }
        waiting.delete(e.callId);
        break;
      }
    }
  }
}

describe('engine invariants over random event sequences', () => {
  it('every call ends exactly once; outbound legs too; no agent ever holds two calls', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 30, maxLength: 150, size: 'max' }), (steps) => {
        const h = play(richCentre(), steps, false);
        checkLifecycle(h.log.events);
        checkAgents(h.log.events);
      }),
      { numRuns: 200 },
    );
  });

  it('a higher priority is never overtaken, and equal priorities are served first come first served', () => {
    const config = { ...richCentre(), lines: richCentre().lines.map((l) => ({ ...l, channels: 100 })) };
    fc.assert(
      fc.property(fc.array(step, { minLength: 30, maxLength: 150, size: 'max' }), (steps) => {
        const h = play(config, steps, true);
        checkOrder(h.log.events);
        checkLifecycle(h.log.events);
      }),
      { numRuns: 200 },
    );
  });
});
