import { describe, expect, it } from 'vitest';
import {
  assessPenalties,
  type EndedCall,
  PenaltyMeasures,
  type PenaltyTable,
  rulesFor,
  TENDER_PENALTIES,
  validatePenaltyTable,
} from './penalties.ts';

const rule = (id: string) => TENDER_PENALTIES.rules.find((r) => r.id === id)!;

describe('the tender’s penalty table (MR-5, seed 003 §6.1)', () => {
  it('holds the inbound service levels: 20 s in 90%, ≤ 10% lost, ≥ 70% first contact, 4′/9′ in 90%, 0.5% per point', () => {
    expect(() => validatePenaltyTable(TENDER_PENALTIES)).not.toThrow();
    expect(rule('tempo-massimo-attesa')).toMatchObject({
      comparison: 'at-least',
      threshold: 0.9,
      targetSeconds: 20,
    });
    expect(rule('chiamate-perdute')).toMatchObject({ comparison: 'at-most', threshold: 0.1 });
    expect(rule('evase-primo-contatto')).toMatchObject({ comparison: 'at-least', threshold: 0.7 });
    expect(rule('soluzione-primo-contatto-cup')).toMatchObject({ targetSeconds: 240, services: ['cup'] });
    expect(rule('soluzione-primo-contatto-csb')).toMatchObject({
      targetSeconds: 540,
      services: ['regionale'],
    });
    for (const r of TENDER_PENALTIES.rules) expect(r.penaltyPerPoint).toBe(0.005);
    expect(rulesFor(TENDER_PENALTIES, 'cup').map((r) => r.id)).not.toContain('soluzione-primo-contatto-csb');
    expect(rulesFor(TENDER_PENALTIES, 'regionale').map((r) => r.id)).not.toContain(
      'soluzione-primo-contatto-cup',
    );
  });

  it('charges 0.5% of the period’s value per whole percentage point on the wrong side', () => {
    const rules = rulesFor(TENDER_PENALTIES, 'cup');
    // 87.4% within 20 s (2.6 points short), 12.3% lost (2.3 over), 75% first contact, 90% within 4′.
    const out = assessPenalties(TENDER_PENALTIES, rules, [0.874, 0.123, 0.75, 0.9]);
    expect(out.rules.map((r) => r.points)).toEqual([2, 2, 0, 0]);
    expect(out.rules[0]!.share).toBeCloseTo(0.01, 12);
    expect(out.share).toBeCloseTo(0.02, 12);
    // Exactly on the threshold, or a share computed as 0.88 that is 1.9999999 points short, counts whole.
    expect(
      assessPenalties(TENDER_PENALTIES, rules, [0.88, 0.1, 0.7, 0.9]).rules.map((r) => r.points),
    ).toEqual([2, 0, 0, 0]);
    expect(assessPenalties(TENDER_PENALTIES, rules, [null, null, null, null]).share).toBe(0);
  });

  it('counts a started point, or pro rata, and caps the total, when a region says so', () => {
    const rules = rulesFor(TENDER_PENALTIES, 'cup');
    const started: PenaltyTable = { ...TENDER_PENALTIES, points: 'started' };
    const exact: PenaltyTable = { ...TENDER_PENALTIES, points: 'exact' };
    const capped: PenaltyTable = { ...TENDER_PENALTIES, maxTotalShare: 0.015 };
    expect(assessPenalties(started, rules, [0.874, 0.1, 0.8, 0.95]).share).toBeCloseTo(0.015, 12);
    expect(assessPenalties(exact, rules, [0.874, 0.1, 0.8, 0.95]).share).toBeCloseTo(0.013, 12);
    expect(assessPenalties(capped, rules, [0.874, 0.123, 0.8, 0.95]).share).toBe(0.015);
  });

  it('refuses a malformed table, naming the field', () => {
    const bad = (change: (t: PenaltyTable) => void) => {
      const t = structuredClone(TENDER_PENALTIES);
      change(t);
      return () => validatePenaltyTable(t);
    };
    const field = (f: string) => expect.objectContaining({ code: 'INVALID_FIELD', field: f });
    expect(bad((t) => (t.rules[0]!.threshold = 90))).toThrow(field('penalties.rules.0.threshold'));
    expect(bad((t) => (t.rules[1]!.id = t.rules[0]!.id))).toThrow(field('penalties.rules.1.id'));
    expect(bad((t) => delete t.rules[0]!.targetSeconds)).toThrow(field('penalties.rules.0.targetSeconds'));
    expect(bad((t) => ((t.rules[2] as { indicator: string }).indicator = 'mood'))).toThrow(
      field('penalties.rules.2.indicator'),
    );
    expect(bad((t) => (t.rules = []))).toThrow(field('penalties.rules'));
    expect(bad((t) => ((t as { points: string }).points = 'some'))).toThrow(field('penalties.points'));
    expect(bad((t) => (t.maxTotalShare = 0))).toThrow(field('penalties.maxTotalShare'));
  });
});

describe('penalty measures over contact events', () => {
  const call = (c: Partial<EndedCall>): EndedCall => ({
    outcome: 'answered',
    durationMs: 200_000,
    sinceArrivalMs: null,
    queueWaitMs: null,
    ...c,
  });

  it('measures the wait from the call’s start and a lost call by its whole duration (tender)', () => {
    const m = new PenaltyMeasures(TENDER_PENALTIES, rulesFor(TENDER_PENALTIES, 'cup'));
    m.callEnded(call({ sinceArrivalMs: 15_000, queueWaitMs: 8_000 })); // within
    m.callEnded(call({ sinceArrivalMs: 25_000, queueWaitMs: 18_000 })); // late from the start
    m.callEnded(call({ outcome: 'abandoned', durationMs: 12_000 })); // lost, but within 20 s
    m.callEnded(call({ outcome: 'abandoned', durationMs: 60_000 })); // lost and late
    m.callEnded(call({ outcome: 'busy', durationMs: 0 })); // never let in: late and lost
    m.callEnded(call({ outcome: 'out-of-hours', durationMs: 30_000 })); // not counted
    const [within, lost] = m.values();
    expect(within).toBeCloseTo(2 / 5, 12);
    expect(lost).toBeCloseTo(3 / 5, 12);
  });

  it('can measure from the queue and count every lost call as late', () => {
    const table: PenaltyTable = {
      ...TENDER_PENALTIES,
      waitMeasuredFrom: 'queue',
      lostCallsMeasuredByDuration: false,
    };
    const m = new PenaltyMeasures(table, rulesFor(table, 'cup'));
    m.callEnded(call({ sinceArrivalMs: 25_000, queueWaitMs: 18_000 }));
    m.callEnded(call({ outcome: 'abandoned', durationMs: 12_000 }));
    expect(m.values()[0]).toBeCloseTo(1 / 2, 12);
  });

  it('measures first-contact resolution on every outcome, and its time on inbound resolutions only', () => {
    const m = new PenaltyMeasures(TENDER_PENALTIES, rulesFor(TENDER_PENALTIES, 'cup'));
    m.outcome({ resolvedFirstContact: true, sinceArrivalMs: 200_000 });
    m.outcome({ resolvedFirstContact: true, sinceArrivalMs: 300_000 });
    m.outcome({ resolvedFirstContact: false, sinceArrivalMs: 100_000 });
    m.outcome({ resolvedFirstContact: true, sinceArrivalMs: null }); // a callback
    const [, , fcr, handled] = m.values();
    expect(fcr).toBeCloseTo(3 / 4, 12);
    expect(handled).toBeCloseTo(1 / 2, 12);
  });
});
