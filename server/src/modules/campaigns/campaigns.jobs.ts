import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db.ts';
import type { Logger } from '../../platform/logger.ts';
import type { ContactEvent, LiveContactCentre } from '../contact-centre/index.ts';
import type { SendingWindow } from '../messaging/index.ts';
import type { OutreachSettings } from '../outreach/index.ts';
import type { ReofferSettings } from '../reoffer/index.ts';
import { placeDueCalls, sendDueMessages } from './dispatch.service.ts';
import { onContactEvent, recoverAfterRestart, settleMessages } from './outcomes.service.ts';
import { followClosures, followUpSurveys, recallByVoice, remindByVoice } from './standing.service.ts';
import { progressiveNext } from './work.service.ts';

export interface CampaignWorkerOptions {
  db: Db;
  clock: Clock;
  log: Logger;
  centre: LiveContactCentre | null;
  window: SendingWindow;
  outreach: OutreachSettings;
  /** BK-12's offers of a new place go through the re-offer; null: agents call everyone. */
  reoffer: ReofferSettings | null;
  intervalMs?: number;
  /** How often the recall's and the reminder's bookings no message reaches are looked for (larger queries). */
  recallEveryMs?: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * Campaigns in the server: the contact centre's events settle attempts as they happen (one at a time, in
 * order), and a pass every few seconds sends due messages, places the virtual operator's calls, settles
 * messages' fates and fills the standing campaigns. Each step is idempotent, so a pass cut short by a
 * stop is simply made again.
 */
export class CampaignWorker {
  private running: Promise<void> | null = null;
  private stopping = false;
  private events: Promise<void> = Promise.resolve();
  private unsubscribe: (() => void) | null = null;
  private lastRecall = 0;

  constructor(private readonly o: CampaignWorkerOptions) {}

  /** Listens to the centre and takes back what a stop left open; then `start` runs the passes. */
  async attach(): Promise<void> {
    const r = await recoverAfterRestart(this.o.db, this.o.clock);
    if (r.interrupted + r.released > 0) this.o.log.info(r, 'campaigns: attempts cut off by the stop settled');
    this.unsubscribe = this.o.centre?.subscribe((e) => this.onEvent(e)) ?? null;
  }

  private onEvent(e: ContactEvent): void {
    if (e.type !== 'campaign.answered' && e.type !== 'campaign.failed' && e.type !== 'virtual.ended') return;
    this.events = this.events.then(async () => {
      try {
        const freed = await onContactEvent(this.o.db, e);
        if (freed && this.o.centre)
          await progressiveNext(this.o.db, this.o.clock, this.o.centre, freed.agentId, freed.campaignId);
      } catch (err) {
        this.o.log.error({ err, event: e.type }, 'campaigns: event not settled');
      }
    });
  }

  /** One pass (tests call it directly). */
  async pass(): Promise<Record<string, number>> {
    const { db, clock } = this.o;
    const out: Record<string, number> = {};
    out.messages = await sendDueMessages(db, clock, this.o.window);
    out.settled = await settleMessages(db, clock);
    out.calls = await placeDueCalls(db, clock, this.o.centre);
    out.surveyFollowUps = await followUpSurveys(db, clock);
    const closures = await followClosures(db, clock, this.o.reoffer);
    out.closureContacts = closures.added;
    out.closureOffers = closures.offered;
    out.closureSettled = closures.settled;
    const now = clock.now().getTime();
    if (now - this.lastRecall >= (this.o.recallEveryMs ?? 600_000)) {
      this.lastRecall = now;
      out.recallCalls = await recallByVoice(db, clock, this.o.outreach);
      out.reminderCalls = await remindByVoice(db, clock, this.o.outreach);
    }
    return out;
  }

  /** Events settled so far (tests wait on it). */
  settled(): Promise<void> {
    return this.events;
  }

  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.running = (async () => {
      while (!this.stopping) {
        try {
          const r = await this.pass();
          if (Object.values(r).some((n) => n > 0)) this.o.log.info(r, 'campaigns');
        } catch (err) {
          this.o.log.error({ err }, 'campaigns');
        }
        await sleep(this.o.intervalMs ?? 5000);
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.unsubscribe?.();
    await this.running;
    await this.events;
    this.running = null;
  }
}
