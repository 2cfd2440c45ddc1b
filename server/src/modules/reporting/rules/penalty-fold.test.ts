import { describe, expect, it } from 'vitest';
import { PenaltyMeasures, rulesFor, TENDER_PENALTIES } from './penalties.ts';
import { type FoldEvent, type FoldWindow, PenaltyFold } from './penalty-fold.ts';

const LINE = '848821821';
const setup = (window: FoldWindow = {}) => {
  const measures = new PenaltyMeasures(TENDER_PENALTIES, rulesFor(TENDER_PENALTIES, 'cup'));
  const fold = new PenaltyFold(() => measures, window);
  const value = (id: string) => measures.values()[measures.rules.findIndex((r) => r.id === id)];
  return { fold, value };
};
const asked = (callId: string, callbackId: string, at: number): FoldEvent[] => [
  { type: 'call.arrived', at, callId, line: LINE },
  { type: 'callback.requested', callbackId, callId },
  { type: 'call.ended', at: at + 30_000, callId, outcome: 'callback', durationMs: 30_000 },
];
const answered = (callId: string, at: number, after: number): FoldEvent[] => [
  { type: 'call.arrived', at, callId, line: LINE },
  { type: 'call.answered', at: at + after, callId, waitMs: after, transferred: false },
  { type: 'call.ended', at: at + 100_000, callId, outcome: 'answered', durationMs: 100_000 },
];
const outcome = (
  callId: string,
  at: number,
  resolved: boolean,
  callbackId: string | null = null,
): FoldEvent => ({
  type: 'call.outcome',
  at,
  callId,
  callbackId,
  resolvedFirstContact: resolved,
});

// A caller who took a callback is measured to the callback's answer (issue 12 §2): counted once, as
// answered when the callback was, never as lost.
describe('a call that took a callback', () => {
  it('counts as answered at its callback’s answer: not within 20 s, and not lost', () => {
    const { fold, value } = setup();
    for (const e of [...answered('a', 0, 5_000), ...asked('b', 'cb', 1_000)]) fold.add(e);
    fold.add({ type: 'callback.answered', at: 600_000, callbackId: 'cb' });
    fold.settle();
    expect(value('tempo-massimo-attesa')).toBe(1 / 2);
    expect(value('chiamate-perdute')).toBe(0);
  });

  it('a callback given up, still pending, or answered after the cutoff counts as never answered', () => {
    const { fold, value } = setup({ from: 0, to: 1_000, cutoff: 5_000_000 });
    for (const e of [...asked('b', 'cb1', 0), ...asked('c', 'cb2', 0), ...asked('d', 'cb3', 0)]) fold.add(e);
    for (const e of answered('a', 0, 1_000)) fold.add(e);
    fold.add({ type: 'callback.answered', at: 10_000_000, callbackId: 'cb3' });
    // cb1 expired (no fact), cb2 pending, cb3 answered at 10,000 s, after the cutoff at 5,000 s.
    fold.settle();
    expect(value('tempo-massimo-attesa')).toBe(1 / 4);
    expect(value('chiamate-perdute')).toBe(0);
  });

  it('a callback answered within 20 s of the call’s start would count within (the definition is the start)', () => {
    const { fold, value } = setup();
    for (const e of asked('b', 'cb', 0)) fold.add(e);
    fold.add({ type: 'callback.answered', at: 19_000, callbackId: 'cb' });
    fold.settle();
    expect(value('tempo-massimo-attesa')).toBe(1);
  });
});

describe('classified conversations', () => {
  it('an outcome recorded in wrap-up, after the call ended, counts for resolution and its time', () => {
    const { fold, value } = setup();
    for (const e of answered('a', 0, 5_000)) fold.add(e);
    // Classified 20 s after the hang-up, 120 s from the call's start: within 4 minutes.
    fold.add(outcome('a', 120_000, true));
    for (const e of answered('b', 0, 5_000)) fold.add(e);
    fold.add(outcome('b', 300_000, true)); // 5 minutes from the start: not within 4.
    fold.settle();
    expect(value('evase-primo-contatto')).toBe(1);
    expect(value('soluzione-primo-contatto-cup')).toBe(1 / 2);
  });

  it('a callback’s conversation counts for resolution in the period of the call that asked for it', () => {
    const { fold, value } = setup({ from: 0, to: 1_000 });
    for (const e of asked('b', 'cb', 0)) fold.add(e);
    fold.add({ type: 'callback.answered', at: 4_000_000, callbackId: 'cb' });
    fold.add(outcome('leg-1', 4_100_000, false, 'cb'));
    const before = setup({ from: 1_000, to: 2_000 });
    for (const e of [...asked('b', 'cb', 0), outcome('leg-1', 4_100_000, false, 'cb')]) before.fold.add(e);
    // The call arrived at 0: in [0, 1000) its callback's outcome is measured (unresolved), in [1000, …) not.
    fold.settle();
    expect(value('evase-primo-contatto')).toBe(0);
    // A callback's conversation has no call start to time from: resolution time is not measured.
    expect(value('soluzione-primo-contatto-cup')).toBeNull();
    before.fold.settle();
    expect(before.value('evase-primo-contatto')).toBeNull();
  });
});
