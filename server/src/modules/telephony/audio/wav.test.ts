import { describe, expect, it } from 'vitest';
import { encodeWav, parseWav, resample } from './wav.ts';

const sine = (hz: number, rate: number, seconds: number, amplitude = 10_000) =>
  Int16Array.from({ length: Math.round(rate * seconds) }, (_, i) =>
    Math.round(amplitude * Math.sin((2 * Math.PI * hz * i) / rate)),
  );

/** Peak amplitude away from the edges (where the filter sees silence beyond the signal). */
const peak = (s: Int16Array) => Math.max(...Array.from(s.subarray(200, s.length - 200), Math.abs));

/** Frequency from upward zero crossings. */
function frequency(s: Int16Array, rate: number): number {
  const ups: number[] = [];
  for (let i = 201; i < s.length - 200; i++) if (s[i - 1]! < 0 && s[i]! >= 0) ups.push(i);
  return ((ups.length - 1) * rate) / (ups.at(-1)! - ups[0]!);
}

describe('WAV', () => {
  it('reads back what it wrote: rate and samples', () => {
    const samples = Int16Array.from([0, 1, -1, 32767, -32768, 1234]);
    const back = parseWav(encodeWav({ rate: 8000, samples }));
    expect(back.rate).toBe(8000);
    expect(Array.from(back.samples)).toEqual([0, 1, -1, 32767, -32768, 1234]);
  });

  it('reads a streamed WAV whose declared length runs past the end (espeak-ng --stdout)', () => {
    const wav = encodeWav({ rate: 22050, samples: Int16Array.from([5, -5, 7]) });
    wav.writeUInt32LE(0x7ffff000, 40);
    expect(Array.from(parseWav(wav).samples)).toEqual([5, -5, 7]);
  });

  it('refuses what it cannot play: stereo, 8-bit, not a WAV', () => {
    const stereo = encodeWav({ rate: 8000, samples: Int16Array.from([1, 2]) });
    stereo.writeUInt16LE(2, 22);
    expect(() => parseWav(stereo)).toThrow(/mono/);
    expect(() => parseWav(Buffer.from('ID3 not a wave file'))).toThrow(/not a WAV/);
  });
});

describe('resampling to the telephone rate', () => {
  it('keeps a 1 kHz tone at 1 kHz and at its loudness, from 22.05 kHz to 8 kHz', () => {
    const out = resample({ rate: 22050, samples: sine(1000, 22050, 0.5) }, 8000);
    expect(out.rate).toBe(8000);
    expect(out.samples.length).toBe(Math.floor((22050 * 0.5) / (22050 / 8000)));
    expect(frequency(out.samples, 8000)).toBeCloseTo(1000, 0);
    expect(peak(out.samples)).toBeGreaterThan(9_700);
    expect(peak(out.samples)).toBeLessThan(10_300);
  });

  it('removes a 6 kHz tone instead of folding it back as a 2 kHz one', () => {
    const out = resample({ rate: 22050, samples: sine(6000, 22050, 0.5) }, 8000);
    expect(peak(out.samples)).toBeLessThan(100); // -40 dB
  });

  it('leaves audio already at the rate untouched', () => {
    const samples = sine(440, 8000, 0.1);
    expect(resample({ rate: 8000, samples }, 8000).samples).toBe(samples);
  });
});
