import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// `npm run dev` serves the app on :5173 and forwards the API to a server started with `npm start` (:3000).
const api = process.env.SPORTELLO_API ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
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
