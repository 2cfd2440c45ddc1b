import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { type ContactEvent, ContactEventLog, runSimulation } from '../../contact-centre/index.ts';
import { StatsCollector } from './stats.ts';

// A run cut in stretches (the planning module's simulation in stretches) must report what one fold of
// the same events reports: each stretch is given the whole stream here, so its warm-up is the true past.

const rome = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Rome' }).toMillis();
const START = rome('2013-10-07T00:00');
const END = rome('2013-10-10T00:00');
const DRAIN_END = END + 6 * 3_600_000;

let recorded: ContactEvent[] | null = null;
async function events(): Promise<ContactEvent[]> {
  if (recorded) return recorded;
  const log = new ContactEventLog();
  // Few agents, so that calls queue, abandon and ask for callbacks across the cuts below.
  await runSimulation({
    scenario: 'cup-2013',
    days: 3,
    seed: 5,
    startDate: '2013-10-07',
    agents: 25,
    sinks: [log],
  });
  recorded = log.events;
  return recorded;
}

function whole(stream: ContactEvent[]) {
  const c = new StatsCollector({ targetSeconds: 20, zone: 'Europe/Rome', from: START, until: END });
  for (const e of stream) c.emit(e);
  return c.report(DRAIN_END);
}

function inStretches(stream: ContactEvent[], cuts: number[]) {
  const bounds = [START, ...cuts];
  const merged = new StatsCollector({ targetSeconds: 20, zone: 'Europe/Rome', from: START, until: END });
  for (const [i, from] of bounds.entries()) {
    const until = bounds[i + 1] ?? null;
    const c = new StatsCollector({
      targetSeconds: 20,
      zone: 'Europe/Rome',
      until: END,
      stretch: { from, until },
    });
    for (const e of stream) c.emit(e);
    c.close(DRAIN_END);
    merged.absorb(structuredClone(c.part()));
  }
  return merged.report(DRAIN_END);
}

describe('StatsCollector in stretches', () => {
  it('cut at midnight, the stretches add up to the single fold', async () => {
    const stream = await events();
    const single = whole(stream);
    expect(single.total.arrived).toBeGreaterThan(5_000);
    expect(single.total.callbacksAnswered).toBeGreaterThan(0);
    expect(inStretches(stream, [rome('2013-10-08T00:00'), rome('2013-10-09T00:00')])).toEqual(single);
  });

  it('cut in the middle of the busiest hour, calls in progress counted once, by arrival', async () => {
    const stream = await events();
    const cut = rome('2013-10-08T10:17:31');
    // The cut falls inside calls: some arrived before it and were still queued or talking after it.
    const arrivedBefore = new Set<string>();
    let straddling = 0;
    for (const e of stream) {
      if (e.type === 'call.arrived' && e.at < cut) arrivedBefore.add(e.callId);
      if (e.type === 'call.ended' && e.at >= cut && arrivedBefore.has(e.callId)) straddling++;
    }
    expect(straddling).toBeGreaterThan(10);
    expect(inStretches(stream, [cut])).toEqual(whole(stream));
  });

  it('a stretch counts nothing of its warm-up: only the events from its start', async () => {
    const stream = await events();
    const cut = rome('2013-10-09T00:00');
    const c = new StatsCollector({
      targetSeconds: 20,
      zone: 'Europe/Rome',
      until: END,
      stretch: { from: cut, until: null },
    });
    for (const e of stream) c.emit(e);
    const report = c.report(DRAIN_END);
    const arrivals = stream.filter((e) => e.type === 'call.arrived' && e.at >= cut).length;
    expect(report.total.arrived).toBe(arrivals);
    expect(report.byDay.map((d) => d.date)).toEqual(['2013-10-09']);
  });
});
