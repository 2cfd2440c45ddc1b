/**
 * PCM WAV in and out, and the resampling a telephone needs (issue 15 §2): speech synthesised at 22.05
 * kHz is brought to the 8 kHz, 16-bit, mono signed linear that Asterisk's `wav` format plays without
 * transcoding surprises. Pure functions, no I/O.
 */

export interface Pcm {
  rate: number;
  samples: Int16Array;
}

export const TELEPHONE_RATE = 8000;

/**
 * Reads a 16-bit PCM mono WAV. A streamed WAV (espeak-ng --stdout) declares a placeholder length: the
 * data then runs to the end of the buffer.
 */
export function parseWav(buf: Buffer): Pcm {
  if (buf.length < 12 || buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') {
    throw new Error('not a WAV file');
  }
  let offset = 12;
  let rate = 0;
  while (offset + 8 <= buf.length) {
    const id = buf.toString('ascii', offset, offset + 4);
    const size = buf.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      const format = buf.readUInt16LE(body);
      const channels = buf.readUInt16LE(body + 2);
      const bits = buf.readUInt16LE(body + 14);
      if (format !== 1 || channels !== 1 || bits !== 16) {
        throw new Error(`WAV must be 16-bit PCM mono (format ${format}, ${channels} channels, ${bits} bits)`);
      }
      rate = buf.readUInt32LE(body + 4);
    } else if (id === 'data') {
      if (rate === 0) throw new Error('WAV data before its format');
      const end = Math.min(buf.length, body + size);
      const count = Math.floor((end - body) / 2);
      const samples = new Int16Array(count);
      for (let i = 0; i < count; i++) samples[i] = buf.readInt16LE(body + 2 * i);
      return { rate, samples };
    }
    offset = body + size + (size % 2);
  }
  throw new Error('WAV without data');
}

export function encodeWav({ rate, samples }: Pcm): Buffer {
  const data = samples.length * 2;
  const buf = Buffer.alloc(44 + data);
  buf.write('RIFF', 0, 'ascii');
  buf.writeUInt32LE(36 + data, 4);
  buf.write('WAVE', 8, 'ascii');
  buf.write('fmt ', 12, 'ascii');
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20); // PCM
  buf.writeUInt16LE(1, 22); // mono
  buf.writeUInt32LE(rate, 24);
  buf.writeUInt32LE(rate * 2, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36, 'ascii');
  buf.writeUInt32LE(data, 40);
  for (let i = 0; i < samples.length; i++) buf.writeInt16LE(samples[i]!, 44 + 2 * i);
  return buf;
}

const HALF_WIDTH = 24; // taps each side, in units of the output's sample period

/**
 * Band-limited resampling (windowed sinc, Blackman window): before going down to `to` Hz, whatever is
 * above 95 % of its Nyquist frequency is filtered out, so it cannot fold back as audible aliasing.
 */
export function resample({ rate, samples }: Pcm, to: number): Pcm {
  if (rate === to) return { rate, samples };
  const step = rate / to; // input samples per output sample
  const cutoff = Math.min(1, to / rate) * 0.95; // of the input's sample rate ×2 (sinc units)
  const width = HALF_WIDTH / cutoff; // in input samples
  const out = new Int16Array(Math.floor(samples.length / step));
  for (let n = 0; n < out.length; n++) {
    const t = n * step;
    const from = Math.max(0, Math.ceil(t - width));
    const until = Math.min(samples.length - 1, Math.floor(t + width));
    let sum = 0;
    for (let k = from; k <= until; k++) sum += samples[k]! * kernel(t - k, cutoff, width);
    out[n] = Math.max(-32768, Math.min(32767, Math.round(sum)));
  }
  return { rate: to, samples: out };
}

function kernel(x: number, cutoff: number, width: number): number {
  const u = cutoff * x;
  const sinc = u === 0 ? 1 : Math.sin(Math.PI * u) / (Math.PI * u);
  const w = 0.42 + 0.5 * Math.cos((Math.PI * x) / width) + 0.08 * Math.cos((2 * Math.PI * x) / width);
  return cutoff * sinc * w;
}
