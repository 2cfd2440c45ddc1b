import { SeededRandom } from '../src/modules/telephony/index.ts';

/**
 * The simulator benchmark's baseline (issue 10 §5): the least an M/M/n+M simulation can do — a heap of
 * events and a few counters, nothing else (no IVR, no switch, no agents' states, no event records). Poisson
 * arrivals, exponential service and patience, n servers, first come first served; a caller whose patience
 * runs out while waiting leaves. Measured in the same run as the engine on the same traffic, so the ratio
 * of their calls per second says what the engine's generality costs on this machine.
 */
export interface MmnmTraffic {
  callsPerHour: number;
  serviceSeconds: number;
  patienceSeconds: number;
  agents: number;
  seconds: number;
  targetSeconds: number;
}

const ARRIVAL = 0;
const DEPARTURE = 1;
const PATIENCE = 2;

interface Event {
  at: number;
  seq: number;
  kind: number;
  call: number;
}

const before = (a: Event, b: Event) => a.at < b.at || (a.at === b.at && a.seq < b.seq);

/** A plain binary min-heap of events by (time, insertion order). */
class EventHeap {
  private readonly items: Event[] = [];

  push(e: Event): void {
    const items = this.items;
    let i = items.push(e) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(e, items[parent]!)) break;
      items[i] = items[parent]!;
      i = parent;
    }
    items[i] = e;
  }

  pop(): Event | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= items.length) break;
      const r = l + 1;
      const c = r < items.length && before(items[r]!, items[l]!) ? r : l;
      if (!before(items[c]!, last)) break;
      items[i] = items[c]!;
      i = c;
    }
    items[i] = last;
    return top;
  }
}

export function runMmnm(t: MmnmTraffic, seed: number) {
  const random = new SeededRandom(seed, 99);
  const exp = (mean: number) => -Math.log(1 - random.next()) * mean;
  const heap = new EventHeap();
  let seq = 0;
  const at = (time: number, kind: number, call: number) => heap.push({ at: time, seq: seq++, kind, call });
  const arrivedAt: number[] = [];
  /** 0 waiting, 1 served or gone. */
  const done: Uint8Array = new Uint8Array(Math.ceil((t.callsPerHour * t.seconds) / 3600) * 2 + 1000);
  const waiting: number[] = [];
  let head = 0;
  let busy = 0;
  let arrived = 0;
  let answered = 0;
  let within = 0;
  let abandoned = 0;
  let events = 0;
  at(exp(3600 / t.callsPerHour), ARRIVAL, 0);
  for (;;) {
    const e = heap.pop();
    if (!e) break;
    events++;
    if (e.kind === ARRIVAL) {
      if (e.at >= t.seconds) continue;
      const call = arrived++;
      arrivedAt[call] = e.at;
      at(e.at + exp(3600 / t.callsPerHour), ARRIVAL, 0);
      if (busy < t.agents) {
        busy++;
        answered++;
        within++;
        done[call] = 1;
        at(e.at + exp(t.serviceSeconds), DEPARTURE, call);
      } else {
        waiting.push(call);
        at(e.at + exp(t.patienceSeconds), PATIENCE, call);
      }
    } else if (e.kind === DEPARTURE) {
      busy--;
      while (head < waiting.length && done[waiting[head]!]) head++;
      if (head < waiting.length) {
        const call = waiting[head++]!;
        done[call] = 1;
        busy++;
        answered++;
        if (e.at - arrivedAt[call]! <= t.targetSeconds) within++;
        at(e.at + exp(t.serviceSeconds), DEPARTURE, call);
      }
    } else if (!done[e.call]) {
      done[e.call] = 1;
      abandoned++;
    }
  }
  return { arrived, answered, within, abandoned, events };
}
