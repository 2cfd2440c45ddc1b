import { describe, expect, it } from 'vitest';
import { PenaltyMeasures, rulesFor, TENDER_PENALTIES } from './penalties.ts';
import { type FoldEvent, PenaltyFold } from './penalty-fold.ts';

// A caller who took a callback is measured to the callback's answer (issue 12 §2): counted once, when the
// callback is answered or given up, never as lost.
describe('a call that took a callback', () => {
  const LINE = '848821821';
  const setup = () => {
    const measures = new PenaltyMeasures(TENDER_PENALTIES, rulesFor(TENDER_PENALTIES, 'cup'));
    const fold = new PenaltyFold(() => measures);
    const value = (id: string) => measures.values()[measures.rules.findIndex((r) => r.id === id)];
    return { fold, value };
  };
  const asked = (callId: string, callbackId: string, at: number): FoldEvent[] => [
    { type: 'call.arrived', at, callId, line: LINE },
    { type: 'callback.requested', callbackId, callId, line: LINE },
    { type: 'call.ended', at: at + 30_000, callId, outcome: 'callback', durationMs: 30_000 },
  ];
  const answered = (callId: string, at: number, after: number): FoldEvent[] => [
    { type: 'call.arrived', at, callId, line: LINE },
    { type: 'call.answered', at: at + after, callId, waitMs: after, transferred: false },
    { type: 'call.ended', at: at + 100_000, callId, outcome: 'answered', durationMs: 100_000 },
  ];

  it('counts only once its callback is answered, as not within 20 s and not lost', () => {
    const { fold, value } = setup();
    for (const e of [...answered('a', 0, 5_000), ...asked('b', 'cb', 1_000)]) fold.add(e);
    // Not counted yet: one call measured, within 20 s.
    expect(value('tempo-massimo-attesa')).toBe(1);
    fold.add({ type: 'callback.answered', at: 600_000, callbackId: 'cb' });
    expect(value('tempo-massimo-attesa')).toBe(1 / 2);
    expect(value('chiamate-perdute')).toBe(0);
    fold.settle();
    expect(value('tempo-massimo-attesa')).toBe(1 / 2);
  });

  it('a callback given up, or still pending at the end, counts as never answered', () => {
    const { fold, value } = setup();
    for (const e of [...asked('b', 'cb1', 0), ...asked('c', 'cb2', 0), ...answered('a', 0, 1_000)])
      fold.add(e);
    fold.add({ type: 'callback.failed', callbackId: 'cb1', final: false });
    expect(value('tempo-massimo-attesa')).toBe(1);
    fold.add({ type: 'callback.expired', callbackId: 'cb1' });
    expect(value('tempo-massimo-attesa')).toBe(1 / 2);
    fold.settle();
    expect(value('tempo-massimo-attesa')).toBe(1 / 3);
    expect(value('chiamate-perdute')).toBe(0);
  });
});
