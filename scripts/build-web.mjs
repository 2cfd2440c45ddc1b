#!/usr/bin/env node
// Builds the staff web app (web/dist), which the server serves at `/`.
//   node scripts/build-web.mjs             always build (root `prepare`, after npm install / npm ci)
//   node scripts/build-web.mjs --if-stale  only when web/dist is missing or older than the sources
//                                          (`npm start`, `npm run test:e2e`)
// Without the web workspace's dev dependencies (npm ci --omit=dev) there is no Vite: say so, skip.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const web = path.join(root, 'web');
const built = path.join(web, 'dist', 'index.html');
const builtPortal = path.join(web, 'dist', 'portal.html');

function newest(p) {
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  return readdirSync(p).reduce((m, f) => Math.max(m, newest(path.join(p, f))), s.mtimeMs);
}

if (process.argv.includes('--if-stale') && existsSync(built) && existsSync(builtPortal)) {
  const sources = ['src', 'index.html', 'portal.html', 'vite.config.ts', 'package.json']
    .map((f) => path.join(web, f))
    .filter(existsSync);
  if (Math.max(...sources.map(newest)) <= statSync(built).mtimeMs) process.exit(0);
}

try {
  createRequire(path.join(web, 'package.json')).resolve('vite');
} catch {
  console.warn('web: Vite is not installed (dev dependencies omitted?); the web app is not built.');
  process.exit(0);
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const r = spawnSync(npm, ['run', 'build', '--workspace', 'web'], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
