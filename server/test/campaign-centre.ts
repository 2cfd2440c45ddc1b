import { CampaignWorker } from '../src/modules/campaigns/index.ts';
import { DEFAULT_WINDOW } from '../src/modules/messaging/index.ts';
import { outreachSettings } from '../src/modules/outreach/index.ts';
import type { ManualClock } from '../src/platform/clock.ts';
import type { Db } from '../src/platform/db.ts';
import { loginAs } from './app.ts';
import { startTestCentre } from './live-centre.ts';

/**
 * The live centre in manual time (on the simulated switch unless `opts.env` says TELEPHONY=asterisk) with
 * the campaigns' worker listening to it: what a test of campaign calls (an agent's, the virtual
 * operator's) starts with. `run` moves time a second at a time and lets the database settle each event;
 * `person` scripts someone our calls reach on the simulated switch (answers in order, keys at prompts);
 * `close` stops the worker and the centre.
 */
export async function startCampaignCentre(
  db: Db,
  clock: ManualClock,
  opts: Parameters<typeof startTestCentre>[2] = {},
) {
  const live = await startTestCentre(db, clock, opts);
  const { app, scheduler, config, log, centre } = live;
  const worker = new CampaignWorker({
    db,
    clock,
    log,
    centre,
    window: DEFAULT_WINDOW,
    outreach: outreachSettings(config, { demoSecret: true }),
    reoffer: null,
  });
  await worker.attach();
  const trainer = await loginAs(app, db, clock, ['trainer']);
  const api = (method: 'GET' | 'POST', url: string, headers: Record<string, string>, payload?: unknown) =>
    app.inject({ method, url, headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
  return {
    ...live,
    worker,
    api,
    /** Moves the centre's time a second at a time, letting the database work (events settled) between. */
    async run(seconds: number) {
      for (let i = 0; i < seconds; i++) {
        scheduler.advance(1000);
        await new Promise((r) => setTimeout(r, 2));
        await worker.settled();
      }
    },
    /** A long wait in one step (nothing scripted happens within it), then the database catches up. */
    async wait(seconds: number) {
      scheduler.advance(seconds * 1000);
      await new Promise((r) => setTimeout(r, 5));
      await worker.settled();
    },
    person: (number: string, answers: boolean[], keys: string[] = []) =>
      api('POST', '/api/v1/contact-centre/simulated-people', trainer, { number, answers, keys }),
    close: async () => {
      await worker.stop();
      await live.close();
    },
  };
}
