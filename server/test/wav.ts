/**
 * A WAV file written byte by byte from the format's specification (RIFF, `fmt ` PCM, `data`), not with
 * the product's own encoder, so the tests of recordings check it against something independent:
 * `seconds` of a 440 Hz tone (or silence), 16-bit PCM, `channels` interleaved.
 */
export function toneWav(rate: number, seconds: number, { channels = 1, silent = false } = {}): Buffer {
  const frames = Math.round(rate * seconds);
  const data = frames * channels * 2;
  const b = Buffer.alloc(44 + data);
  b.write('RIFF', 0, 'ascii');
  b.writeUInt32LE(36 + data, 4);
  b.write('WAVEfmt ', 8, 'ascii');
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(channels, 22);
  b.writeUInt32LE(rate, 24);
  b.writeUInt32LE(rate * channels * 2, 28);
  b.writeUInt16LE(channels * 2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36, 'ascii');
  b.writeUInt32LE(data, 40);
  if (!silent) {
    for (let i = 0; i < frames * channels; i++) {
      const t = Math.floor(i / channels) / rate;
      b.writeInt16LE(Math.round(8000 * Math.sin(2 * Math.PI * 440 * t)), 44 + 2 * i);
    }
  }
  return b;
}
