import { CallFactFold, FactSet, type FoldEvent, measureFacts } from './call-facts.ts';
import type { PenaltyMeasures } from './penalties.ts';

export { FOLD_EVENT_TYPES, type FoldEvent } from './call-facts.ts';

/**
 * MR-5: contact events into the penalty measures, in memory (the planning what-if's simulated events, a
 * report's period): the events make facts (call-facts.ts), and `settle` measures them as the stored
 * projection's facts are measured. `measuresFor` picks the measures of a call's line (its service's
 * rules), or null to leave the call out.
 */
export class PenaltyFold {
  private readonly facts = new FactSet();
  private readonly fold = new CallFactFold(this.facts);

  constructor(private readonly measuresFor: (line: string) => PenaltyMeasures | null) {}

  add(e: FoldEvent): void {
    this.fold.add(e);
  }

  /**
   * Measures the calls that arrived in [from, to) with what was known before `cutoff`: a callback not
   * answered by then counts as never answered. Call it once, after the last event.
   */
  settle(
    from = Number.NEGATIVE_INFINITY,
    to = Number.POSITIVE_INFINITY,
    cutoff = Number.POSITIVE_INFINITY,
  ): void {
    measureFacts(
      this.facts.measuredCalls(from, to),
      this.facts.measuredOutcomes(from, to),
      this.measuresFor,
      cutoff,
    );
  }
}
