import { DateTime } from 'luxon';

/**
 * CC-5: the channel-occupancy report. Per line and per 30-minute band (Rome time), the peak of channels in
 * use at once and the calls that met busy; a band is saturated when every channel was in use at some
 * moment of it. Tender (seed 003, §2.1): "qualora si misurasse una saturazione dei canali di accesso per
 * due fasce orarie consecutive si dovrà attivare una scalabilità delle risorse telefoniche del 20%", never
 * below the service's minimum (60 CUP, 30 regional line).
 */

export const BAND_MS = 30 * 60_000;
/** The capacity rule's step: 20% more channels. */
export const SCALE_UP = 0.2;

/** The outbound legs that take a channel of the line they are dialled on (the same trunk). */
export const OUTBOUND_SEIZURES = [
  'callback.dialled',
  'survey.dialled',
  'campaign.dialled',
  'virtual.dialled',
] as const;

/** The events that take and give back channels: a call or leg holds one from its seizure to its end. */
export const OCCUPANCY_EVENTS: ReadonlySet<string> = new Set([
  'call.arrived',
  'call.busy',
  'call.ended',
  ...OUTBOUND_SEIZURES,
  'outbound.ended',
]);

export type OccupancyEvent =
  | {
      type: 'call.arrived';
      at: number;
      callId: string;
      line: string;
      channelsInUse: number;
      channels: number;
    }
  | { type: 'call.busy'; at: number; callId: string; line: string; reason: string }
  | { type: 'call.ended'; at: number; callId: string }
  | {
      type: (typeof OUTBOUND_SEIZURES)[number];
      at: number;
      legId: string;
      line: string;
      channelsInUse: number;
    }
  | { type: 'outbound.ended'; at: number; legId: string };

export interface OccupancyBand {
  /** Band start, ISO with Rome's offset (the repeated hour of October's change is told apart by it). */
  start: string;
  /** Peak of simultaneous channels in use during the band. */
  peak: number;
  arrived: number;
  /** Calls refused because every channel was in use. */
  busy: number;
  saturated: boolean;
}

export interface LineOccupancy {
  line: string;
  channels: number;
  peak: number;
  arrived: number;
  busy: number;
  /** Bands with a call in them or carried into them; bands where the line stood idle are left out. */
  bands: OccupancyBand[];
  saturatedBands: number;
  /** Starts of the bands that were saturated right after a saturated band. */
  consecutiveSaturations: string[];
  /** The +20% rule, when it applies: the channels to reach and the figures that call for it. */
  recommendation: { from: number; channels: number; pairs: number; firstPair: string } | null;
}

/** An OccupancyFold's bands per line: band index (start / BAND_MS) and its figures. */
export type OccupancyPart = {
  line: string;
  channels: number;
  bands: [band: number, figures: { peak: number; arrived: number; busy: number }][];
}[];

interface LineState {
  channels: number;
  inUse: number;
  /** Calls and outbound legs holding a channel now. */
  holding: Set<string>;
  bands: Map<number, { peak: number; arrived: number; busy: number }>;
  /** The last band the line was seen in, to carry calls in progress into the bands after it. */
  lastBand: number;
}

/** Folds arrivals, busy signals and ends, in order, into bands per line (pure: no I/O). */
export class OccupancyFold {
  private readonly lines = new Map<string, LineState>();
  /** Which line a call or leg holding a channel is on. */
  private readonly lineOf = new Map<string, LineState>();

  /** `countFrom`/`countTo`: the period reported; events around it keep the channel count right. */
  constructor(
    private readonly countFrom: number,
    private readonly countTo: number,
  ) {}

  add(e: OccupancyEvent): void {
    switch (e.type) {
      case 'call.arrived':
        this.seize(e.callId, e.line, e.at, e.channelsInUse, e.channels, true);
        return;
      case 'callback.dialled':
      case 'survey.dialled':
      case 'campaign.dialled':
      case 'virtual.dialled':
        this.seize(e.legId, e.line, e.at, e.channelsInUse, null, false);
        return;
      case 'call.ended':
        this.release(e.callId, e.at);
        return;
      case 'outbound.ended':
        this.release(e.legId, e.at);
        return;
      case 'call.busy': {
        const l = this.lineOf.get(e.callId);
        if (!l || e.reason !== 'channels') return;
        // The call never took a channel.
        l.holding.delete(e.callId);
        this.lineOf.delete(e.callId);
        const b = this.band(l, e.at);
        if (b) b.busy++;
        return;
      }
    }
  }

  /** The engine says how many channels are in use after each seizure: the count never drifts. */
  private seize(
    id: string,
    number: string,
    at: number,
    inUse: number,
    channels: number | null,
    arrival: boolean,
  ): void {
    const l = this.line(number, channels ?? 0);
    this.advance(l, at);
    if (channels !== null) l.channels = channels;
    l.inUse = inUse;
    l.holding.add(id);
    this.lineOf.set(id, l);
    const b = this.band(l, at);
    if (b) {
      if (arrival) b.arrived++;
      b.peak = Math.max(b.peak, l.inUse);
    }
  }

  private release(id: string, at: number): void {
    const l = this.lineOf.get(id);
    if (!l) return;
    this.advance(l, at);
    this.lineOf.delete(id);
    if (l.holding.delete(id)) l.inUse = Math.max(0, l.inUse - 1);
  }

  private line(number: string, channels: number): LineState {
    let l = this.lines.get(number);
    if (!l) {
      l = { channels, inUse: 0, holding: new Set(), bands: new Map(), lastBand: -1 };
      this.lines.set(number, l);
    }
    return l;
  }

  /** Bands passed since the line was last seen held the calls then in progress. */
  private advance(l: LineState, at: number): void {
    const now = Math.floor(at / BAND_MS);
    if (l.lastBand >= 0 && l.inUse > 0)
      for (let k = l.lastBand + 1; k <= now; k++) {
        const b = this.bandAt(l, k);
        if (b) b.peak = Math.max(b.peak, l.inUse);
      }
    l.lastBand = now;
  }

  private band(l: LineState, at: number) {
    return this.bandAt(l, Math.floor(at / BAND_MS));
  }

  private bandAt(l: LineState, k: number) {
    const start = k * BAND_MS;
    if (start < this.countFrom || start >= this.countTo) return null;
    let b = l.bands.get(k);
    if (!b) {
      b = { peak: 0, arrived: 0, busy: 0 };
      l.bands.set(k, b);
    }
    return b;
  }

  /** This fold's bands, plain data (posted back from a worker thread), for another fold's `absorb`. */
  part(): OccupancyPart {
    return [...this.lines.entries()].map(([line, l]) => ({
      line,
      channels: l.channels,
      bands: [...l.bands],
    }));
  }

  /**
   * Adds the bands another fold counted (a month of a run cut in stretches, each counting its own bands):
   * a band's peak is the larger, its calls added up.
   */
  absorb(part: OccupancyPart): void {
    for (const p of part) {
      const l = this.line(p.line, p.channels);
      if (p.channels > 0) l.channels = p.channels;
      for (const [k, b] of p.bands) {
        const mine = l.bands.get(k);
        if (!mine) l.bands.set(k, { ...b });
        else {
          mine.peak = Math.max(mine.peak, b.peak);
          mine.arrived += b.arrived;
          mine.busy += b.busy;
        }
      }
    }
  }

  /** The report, lines in number order; `minChannels`: a line's service minimum (CC-5). */
  result(minChannels: (line: string) => number): LineOccupancy[] {
    return [...this.lines.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([line, l]) => occupancyOf(line, l.channels, l.bands, minChannels(line)));
  }
}

/** A sink of contact events (structurally the contact-centre's) that folds those of CC-5 into `fold`. */
export function occupancySink(fold: OccupancyFold): { emit(e: { type: string }): void } {
  return {
    emit: (e) => {
      if (OCCUPANCY_EVENTS.has(e.type)) fold.add(e as OccupancyEvent);
    },
  };
}

function occupancyOf(
  line: string,
  channels: number,
  byBand: Map<number, { peak: number; arrived: number; busy: number }>,
  minimum: number,
): LineOccupancy {
  const keys = [...byBand.keys()].sort((a, b) => a - b);
  const bands: OccupancyBand[] = keys.map((k) => {
    const b = byBand.get(k)!;
    return {
      start: DateTime.fromMillis(k * BAND_MS, { zone: 'Europe/Rome' }).toISO({ suppressMilliseconds: true })!,
      peak: b.peak,
      arrived: b.arrived,
      busy: b.busy,
      saturated: (channels > 0 && b.peak >= channels) || b.busy > 0,
    };
  });
  const consecutive: string[] = [];
  for (let i = 1; i < keys.length; i++)
    if (keys[i]! - keys[i - 1]! === 1 && bands[i]!.saturated && bands[i - 1]!.saturated)
      consecutive.push(bands[i]!.start);
  const target = Math.max(Math.ceil(channels * (1 + SCALE_UP)), minimum);
  return {
    line,
    channels,
    peak: bands.reduce((m, b) => Math.max(m, b.peak), 0),
    arrived: bands.reduce((s, b) => s + b.arrived, 0),
    busy: bands.reduce((s, b) => s + b.busy, 0),
    bands,
    saturatedBands: bands.filter((b) => b.saturated).length,
    consecutiveSaturations: consecutive,
    recommendation:
      consecutive.length > 0
        ? { from: channels, channels: target, pairs: consecutive.length, firstPair: consecutive[0]! }
        : null,
  };
}
