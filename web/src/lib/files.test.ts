import { describe, expect, it } from 'vitest';
import { fileBase64 } from './files.ts';

describe('a file as base64', () => {
  it('encodes a long file as base64 does', async () => {
    const bytes = new Uint8Array(100_000).map((_, i) => (i * 7919) % 256);
    expect(await fileBase64(new File([bytes], 'x.wav'))).toBe(Buffer.from(bytes).toString('base64'));
  });
});
