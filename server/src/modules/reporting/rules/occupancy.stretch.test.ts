import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  BUILTIN_SCENARIOS,
  type ContactEvent,
  ContactEventLog,
  runSimulation,
  type Scenario,
} from '../../contact-centre/index.ts';
import { BAND_MS, type LineOccupancy, OccupancyFold, occupancySink } from './occupancy.ts';

// CC-5 in a run cut in stretches (`sportello simulate --parallel`): each stretch counts the 30-minute bands
// that start in it, and the stretches added up must give what one fold of the same events gives. Each
// stretch is given the whole stream here, so its warm-up is the true past.

const rome = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Rome' }).toMillis();
const START = rome('2013-10-07T00:00');
const END = rome('2013-10-10T00:00');
const minimum = () => 1;

let recorded: ContactEvent[] | null = null;
async function events(): Promise<ContactEvent[]> {
  if (recorded) return recorded;
  // Too few agents for the CUP line, patient callers and no callbacks: its queue holds every channel in the
  // busiest bands and callers meet busy.
  const base = BUILTIN_SCENARIOS['cup-2013']!;
  const scenario: Scenario = {
    ...base,
    callers: { ...base.callers, patience: { type: 'constant', value: 1800 } },
    rules: { callbacks: { enabled: false } },
  };
  const log = new ContactEventLog();
  await runSimulation({ scenario, days: 3, seed: 5, startDate: '2013-10-07', agents: 12, sinks: [log] });
  recorded = log.events;
  return recorded;
}

/** The line with the most calls: the CUP line. */
const busiest = (lines: LineOccupancy[]) => lines.reduce((a, b) => (b.arrived > a.arrived ? b : a));

function whole(stream: ContactEvent[]) {
  const fold = new OccupancyFold(START, END);
  const sink = occupancySink(fold);
  for (const e of stream) sink.emit(e);
  return fold.result(minimum);
}

function inStretches(stream: ContactEvent[], cuts: number[]) {
  const bounds = [START, ...cuts];
  const merged = new OccupancyFold(START, END);
  for (const [i, from] of bounds.entries()) {
    const stretch = new OccupancyFold(from, bounds[i + 1] ?? END);
    const sink = occupancySink(stretch);
    for (const e of stream) sink.emit(e);
    merged.absorb(structuredClone(stretch.part()));
  }
  return merged.result(minimum);
}

describe('channel occupancy in stretches', () => {
  it('cut at midnight, the stretches add up to the single fold, band by band', async () => {
    const stream = await events();
    const single = whole(stream);
    const cup = busiest(single);
    // The case worth cutting: saturated bands, callers turned away, pairs in a row (the +20 % rule).
    expect(cup.busy).toBeGreaterThan(0);
    expect(cup.recommendation).not.toBeNull();
    expect(inStretches(stream, [rome('2013-10-08T00:00'), rome('2013-10-09T00:00')])).toEqual(single);
  });

  it('cut on a band boundary inside the busiest hour, with calls in progress carried across it', async () => {
    const stream = await events();
    const single = whole(stream);
    const cup = busiest(single);
    const peak = cup.bands.reduce((a, b) => (b.peak > a.peak ? b : a));
    const cut = DateTime.fromISO(peak.start).toMillis() + BAND_MS;
    expect(inStretches(stream, [cut])).toEqual(single);
    // A stretch alone counts only its own bands.
    const after = new OccupancyFold(cut, END);
    const sink = occupancySink(after);
    for (const e of stream) sink.emit(e);
    const first = busiest(after.result(minimum)).bands[0]!;
    expect(DateTime.fromISO(first.start).toMillis()).toBe(cut);
  });
});
