// @vitest-environment node
import { describe, expect, it } from 'vitest';
import config from '../vite.config.ts';

describe('production build', () => {
  it('emits no source maps (the server serves web/dist to anyone)', () => {
    expect(config.build?.sourcemap ?? false).toBe(false);
  });
});
