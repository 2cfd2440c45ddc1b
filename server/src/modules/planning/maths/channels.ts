import { erlangB, linesForBlocking } from './erlang.ts';

/**
 * CC-5 channels: Erlang B at the blocking target for the peak, the line's minimum (60 CUP, 30 regional),
 * and the rule on the channels in place: saturation in two consecutive hour bands → +20%.
 */

export interface ChannelRules {
  /** Highest acceptable probability of a caller meeting busy, per interval (Erlang B). */
  blocking: number;
  /** CC-5 minimum for the line (60 CUP, 30 regional). */
  minimumChannels: number;
  /** Channels in place, checked against the CC-5 saturation rule; default the minimum. */
  provisionedChannels?: number;
}

export interface SaturatedBand {
  date: string;
  /** Local hour band, 'HH:00'. */
  band: string;
  blocking: number;
}

export interface ChannelPlan {
  minimum: number;
  blockingTarget: number;
  peakTrafficErlangs: number;
  /** Erlang B at the peak interval. */
  sized: number;
  /** max(CC-5 minimum, sized). */
  recommended: number;
  provisioned: number;
  cc5: {
    /** Hour bands whose blocking at the provisioned channels exceeds the target (channels fully used). */
    saturatedBands: SaturatedBand[];
    consecutiveSaturation: boolean;
    /** Channels after each 20% step the rule would take until no two consecutive bands saturate. */
    steps: number[];
    channelsAfterRule: number;
  };
}

interface BandPeak {
  date: string;
  band: string;
  /** The band's highest interval traffic: Erlang B blocking grows with traffic, so it is the worst. */
  traffic: number;
}

/** What the channel rules read of each planned interval. */
export interface ChannelTraffic {
  date: string;
  /** Local 'HH:mm'. */
  time: string;
  channelTrafficErlangs: number;
}

/** Hour bands (date, local hour) in order, each with its busiest interval's channel traffic. */
function bandPeaks(intervals: ChannelTraffic[]): BandPeak[] {
  const peaks: BandPeak[] = [];
  let last: BandPeak | undefined;
  for (const iv of intervals) {
    const band = `${iv.time.slice(0, 2)}:00`;
    if (!last || last.date !== iv.date || last.band !== band) {
      last = { date: iv.date, band, traffic: 0 };
      peaks.push(last);
    }
    if (iv.channelTrafficErlangs > last.traffic) last.traffic = iv.channelTrafficErlangs;
  }
  return peaks;
}

function saturatedAmong(peaks: BandPeak[], channels: number, blockingTarget: number): SaturatedBand[] {
  const out: SaturatedBand[] = [];
  for (const p of peaks) {
    if (p.traffic <= 0) continue;
    const blocking = erlangB(p.traffic, channels);
    if (blocking > blockingTarget) out.push({ date: p.date, band: p.band, blocking });
  }
  return out;
}

/** Hour bands (date, local hour) whose worst interval blocks more than the target at `channels`. */
export function saturatedBands(
  intervals: ChannelTraffic[],
  channels: number,
  blockingTarget: number,
): SaturatedBand[] {
  return saturatedAmong(bandPeaks(intervals), channels, blockingTarget);
}

/** CC-5: saturation in two consecutive hour bands of the same day. */
export function hasConsecutiveSaturation(bands: SaturatedBand[]): boolean {
  const keys = new Set(bands.map((b) => `${b.date} ${b.band}`));
  return bands.some((b) =>
    keys.has(`${b.date} ${String(Number(b.band.slice(0, 2)) + 1).padStart(2, '0')}:00`),
  );
}

/** Channels by Erlang B at the blocking target, the CC-5 minimum, and the +20% rule on the provisioned ones. */
export function planChannels(intervals: ChannelTraffic[], rules: ChannelRules): ChannelPlan {
  let peak = 0;
  for (const iv of intervals) peak = Math.max(peak, iv.channelTrafficErlangs);
  const sized = linesForBlocking(peak, rules.blocking);
  const provisioned = rules.provisionedChannels ?? rules.minimumChannels;
  const peaks = bandPeaks(intervals);
  const bands = saturatedAmong(peaks, provisioned, rules.blocking);
  const consecutive = hasConsecutiveSaturation(bands);
  const steps: number[] = [];
  let channels = provisioned;
  // The rule applies again while saturation persists; a bound keeps absurd inputs finite.
  let saturated = consecutive;
  for (let i = 0; i < 50 && saturated; i++) {
    channels = Math.ceil(channels * 1.2);
    steps.push(channels);
    saturated = hasConsecutiveSaturation(saturatedAmong(peaks, channels, rules.blocking));
  }
  return {
    minimum: rules.minimumChannels,
    blockingTarget: rules.blocking,
    peakTrafficErlangs: peak,
    sized,
    recommended: Math.max(rules.minimumChannels, sized),
    provisioned,
    cc5: { saturatedBands: bands, consecutiveSaturation: consecutive, steps, channelsAfterRule: channels },
  };
}
