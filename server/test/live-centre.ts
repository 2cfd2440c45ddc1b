import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/app.ts';
import {
  type LiveContactCentreOptions,
  startLiveContactCentre,
} from '../src/modules/contact-centre/index.ts';
import type { ManualClock } from '../src/platform/clock.ts';
import { loadConfig } from '../src/platform/config.ts';
import type { Db } from '../src/platform/db.ts';
import { createLogger } from '../src/platform/logger.ts';
import { ManualScheduler } from './manual-scheduler.ts';

/**
 * The live contact centre on the simulated switch in manual time (no simulated agents or traffic unless
 * `env` asks), its spill file in a fresh temporary folder, and the server on it: what a test of the
 * console, the line or a blended operator starts with. `close` stops both.
 */
export async function startTestCentre(
  db: Db,
  clock: ManualClock,
  opts: { env?: Record<string, string>; centre?: Partial<LiveContactCentreOptions> } = {},
) {
  const config = loadConfig({
    JOBS: 'off',
    LOG_LEVEL: 'silent',
    SIM_AGENTS: '0',
    SIM_TRAFFIC: 'off',
    ...opts.env,
  });
  const log = createLogger('silent');
  const scheduler = new ManualScheduler(clock);
  const centre = await startLiveContactCentre({
    db,
    clock,
    config,
    log,
    scheduler,
    spillPath: join(mkdtempSync(join(tmpdir(), 'sportello-cc-')), 'spill.jsonl'),
    ...opts.centre,
  });
  if (!centre) throw new Error('the centre should be on');
  const app = await buildApp({ db, dbKind: 'pglite', clock, config, log, contactCentre: centre });
  await app.ready();
  return {
    centre,
    app,
    scheduler,
    config,
    log,
    close: async () => {
      await app.close();
      await centre.stop();
    },
  };
}
