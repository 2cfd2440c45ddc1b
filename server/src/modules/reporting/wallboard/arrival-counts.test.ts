import { describe, expect, it } from 'vitest';
import type { ContactEvent } from '../../contact-centre/index.ts';
import { ArrivalCounts, addPiece, emptyPiece } from './arrival-counts.ts';

// The pieces a window is summed from: a call counts, whole, in the piece it arrived in; a callback's
// answer where it happened (as the statistics count it); a call still waiting short of the target at the
// instant judged counts nowhere yet. Expected figures counted from the calls below.
const M = 60_000;
const e = (x: Record<string, unknown>) =>
  ({ line: '848821821', transferred: false, ...x }) as unknown as ContactEvent;
const queued = (callId: string, at: number) =>
  e({ type: 'call.queued', at, callId, queueId: 'cup', service: 'cup', requestType: 'booking' });

describe('ArrivalCounts', () => {
  const fold = new ArrivalCounts([0, 60 * M, 120 * M], 20);
  for (const ev of [
    // Arrives at 0:59, answered at 1:01 after 90 s: all of it in the first piece.
    e({ type: 'call.arrived', at: 59 * M, callId: 'a' }),
    queued('a', 59.5 * M),
    e({ type: 'call.answered', at: 61 * M, callId: 'a', waitMs: 90_000 }),
    // Arrives before the first piece: not counted anywhere, nor its answer.
    e({ type: 'call.arrived', at: -1, callId: 'early' }),
    queued('early', 0),
    e({ type: 'call.answered', at: 1000, callId: 'early', waitMs: 1000 }),
    // Arrives at 1:30, leaves for a callback; the callback is answered at 1:50 (second piece).
    e({ type: 'call.arrived', at: 90 * M, callId: 'b' }),
    queued('b', 90 * M + 5000),
    e({ type: 'callback.requested', at: 91 * M, callId: 'b', callbackId: 'cb' }),
    e({
      type: 'callback.answered',
      at: 110 * M,
      callbackId: 'cb',
      queueId: 'cup',
      requestType: 'booking',
      sinceRequestMs: 19 * M,
    }),
    // Arrives at 1:59:50 and waits: at 2:00 it has waited 5 s, under the target.
    e({ type: 'call.arrived', at: 120 * M - 10_000, callId: 'c' }),
    queued('c', 120 * M - 5000),
    // After the last piece: ignored.
    e({ type: 'call.arrived', at: 120 * M, callId: 'late' }),
  ])
    fold.add(ev);

  it('counts each call in the piece it arrived in, whatever the time of its later events', () => {
    const first = fold.piece(0, 120 * M);
    expect(first.total).toMatchObject({
      arrived: 1,
      offered: 1,
      answered: 1,
      answeredWithinTarget: 0,
      waitMs: 90_000,
    });
    expect(first.queues.get('cup')).toMatchObject({ offered: 1, answered: 1 });
    expect(first.services.get('cup')).toBe('cup');
  });

  it("counts a callback's answer where it happened, and a call waiting short of the target nowhere yet", () => {
    const second = fold.piece(1, 120 * M);
    expect(second.total).toMatchObject({
      arrived: 2,
      offered: 2,
      answered: 0,
      callbacksRequested: 1,
      callbacksAnswered: 1,
    });
    expect(second.waitingUnderTarget.get('cup')).toBe(1);
    // Judged 16 s later, c has waited 21 s: decided.
    expect(fold.piece(1, 120 * M + 16_000).waitingUnderTarget.get('cup')).toBeUndefined();
  });

  it('adds pieces into a window', () => {
    const sum = emptyPiece();
    addPiece(sum, fold.piece(0, 120 * M));
    addPiece(sum, fold.piece(1, 120 * M));
    expect(sum.total).toMatchObject({ arrived: 3, offered: 3, answered: 1 });
    expect(sum.queues.get('cup')).toMatchObject({ offered: 3 });
    expect(sum.waitingUnderTarget.get('cup')).toBe(1);
  });
});
