import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * The first screen's typefaces (Titillium Web light, regular, semibold and bold) fetched with the page, beside the
 * script: found only when the first text is drawn, they arrived after it and every line moved when they
 * replaced the fallback font (the portal's home page shifted by 0.06, late, under the citizen's thumb).
 */
function preloadFonts(): Plugin {
  const FIRST_SCREEN = /titillium-web-.*-(300|regular|600|700)-[\w-]+\.woff2$/;
  return {
    name: 'sportello-preload-fonts',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        return Object.keys(ctx.bundle ?? {})
          .filter((file) => FIRST_SCREEN.test(file))
          .map((file) => ({
            tag: 'link',
            attrs: { rel: 'preload', href: `/${file}`, as: 'font', type: 'font/woff2', crossorigin: '' },
            injectTo: 'head' as const,
          }));
      },
    },
  };
}

// `npm run dev` serves the app on :5173 and forwards the API to a server started with `npm start` (:3000).
const api = process.env.SPORTELLO_API ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react(), preloadFonts()],
  // No source maps in the served build (SEC-1: the server serves web/dist to anyone who asks); `npm run dev`
  // has them.
  // Two apps: the staff's (index.html, at /) and the citizen portal (portal.html, at /portale).
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 900,
    rollupOptions: { input: { main: 'index.html', portal: 'portal.html' } },
  },
  server: { proxy: { '/api': { target: api, ws: true }, '/docs': api, '/health': api } },
  test: {
    environment: 'jsdom',
    setupFiles: ['src/test/setup.ts'],
    // Keyboard flows through the whole console take seconds on a busy shared machine.
    testTimeout: 30_000,
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
  },
});
