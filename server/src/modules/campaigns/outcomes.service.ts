import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db.ts';
import type { ContactEvent } from '../contact-centre/index.ts';
import { campaignMessageStates } from '../outreach/index.ts';
import * as repo from './campaigns.repository.ts';
import type { CampaignContact } from './campaigns.types.ts';
import { SYSTEM_DISPOSITIONS, type SystemDisposition } from './campaigns.types.ts';
import * as contactRepo from './contacts.repository.ts';
import { nextAllowed } from './rules/hours.ts';

// What became of each attempt (OB-3, OB-5): the engine's events for calls, the outbox for messages. An
// attempt that did not reach the person is tried again after the campaign's delay, within its hours,
// until its attempts run out; then the contact closes as 'no-answer'.

const close = (db: Db, c: CampaignContact, d: SystemDisposition, now: Date) =>
  contactRepo.closeContact(
    db,
    c.id,
    { disposition: d, positive: SYSTEM_DISPOSITIONS[d].positive, by: null, note: null },
    now,
  );

/** OB-5: a campaign's call answered with a key: the outcome that key stands for. */
async function closeWithKey(db: Db, c: CampaignContact, key: string | undefined, now: Date): Promise<void> {
  const d = (await repo.findCampaign(db, c.campaignId))?.dispositions.find((o) => o.key === key);
  if (!d) {
    await close(db, c, 'no-key', now);
    return;
  }
  await contactRepo.closeContact(
    db,
    c.id,
    { disposition: d.code, positive: d.positive, by: null, note: null },
    now,
  );
}

/** Another try later, or no-answer when none is left. Returns true when the contact is tried again. */
export async function retryOrClose(db: Db, c: CampaignContact, now: Date, refund = false): Promise<boolean> {
  const campaign = await repo.findCampaign(db, c.campaignId);
  if (!campaign) return false;
  const attempts = refund ? c.attempts - 1 : c.attempts;
  if (attempts >= campaign.maxAttempts) {
    await close(db, c, 'no-answer', now);
    return false;
  }
  if (refund) await contactRepo.refundAttempt(db, c.id);
  await contactRepo.releaseContact(
    db,
    c.id,
    nextAllowed(new Date(now.getTime() + campaign.retryMinutes * 60_000), campaign.hours),
  );
  return true;
}

/** The outcome an event tells of, if it is about a campaign's call. Null: not one of ours. */
export async function onContactEvent(
  db: Db,
  e: ContactEvent,
): Promise<{ agentId: string; campaignId: string } | null> {
  // When it happened, not when it is read: the retry delay counts from the failed attempt.
  const now = new Date(e.at);
  if (e.type === 'campaign.answered') {
    await contactRepo.endAttempt(db, e.legId, 'answered', now);
    return null;
  }
  if (e.type === 'campaign.failed') {
    if (!(await contactRepo.endAttempt(db, e.legId, e.reason, now))) return null;
    const c = await contactRepo.findContactByLeg(db, e.legId);
    if (!c) return null;
    // The agent gave up the ring: the contact stays in hand, to call again or close.
    if (e.reason === 'cancelled') {
      await contactRepo.clearLeg(db, c.id, e.legId);
      return null;
    }
    await retryOrClose(db, c, now);
    return { agentId: e.agentId, campaignId: e.campaignId };
  }
  if (e.type === 'virtual.ended') {
    if (!(await contactRepo.endAttempt(db, e.legId, e.result, now))) return null;
    const c = await contactRepo.findContactByLeg(db, e.legId);
    if (!c) return null;
    switch (e.result) {
      case 'chosen':
        await closeWithKey(db, c, e.key, now);
        return null;
      case 'no-choice':
        // A manager's campaign asked no booking question: nothing was "kept".
        await close(
          db,
          c,
          (await repo.findCampaign(db, c.campaignId))?.kind === 'standard' ? 'no-key' : e.result,
          now,
        );
        return null;
      case 'confirmed':
      case 'cancelled':
        await close(db, c, e.result, now);
        return null;
      case 'failed':
        // The choice could not be carried out (the booking changed meanwhile): nothing left to ask.
        await close(db, c, 'not-booked', now);
        return null;
      case 'no-channel':
        await retryOrClose(db, c, now, true);
        return null;
      default:
        await retryOrClose(db, c, now);
        return null;
    }
  }
  return null;
}

/** Message campaigns: contacts whose message is delivered, or will never be, are closed. */
export async function settleMessages(db: Db, clock: Clock): Promise<number> {
  const open = await contactRepo.openContacts(db, { channels: ['sms', 'email'] }, 500);
  if (open.length === 0) return 0;
  const states = await campaignMessageStates(
    db,
    open.map((c) => c.id),
  );
  const now = clock.now();
  let n = 0;
  for (const c of open) {
    const s = states.get(c.id);
    if (s !== 'delivered' && s !== 'failed' && s !== 'suppressed') continue;
    await contactRepo.endAttempt(db, `msg:${c.id}`, s, now);
    n += Number(await close(db, c, s === 'delivered' ? 'delivered' : 'not-delivered', now));
  }
  return n;
}

/**
 * After a restart: attempts left open died with the process ('interrupted'), and the contacts agents
 * held are back in line (nobody is on the line any more).
 */
export async function recoverAfterRestart(
  db: Db,
  clock: Clock,
): Promise<{ interrupted: number; released: number }> {
  const now = clock.now();
  const open = await contactRepo.openAttempts(db);
  let interrupted = 0;
  for (const a of open) {
    // A message's attempt stays open until its fate is known: only calls die with the process.
    if (a.channel !== 'agent' && a.channel !== 'voice') continue;
    if (!(await contactRepo.endAttempt(db, a.legId, 'interrupted', now))) continue;
    interrupted++;
    const c = await contactRepo.findContact(db, a.contactId);
    if (c && c.status === 'in-progress' && c.legId === a.legId) await retryOrClose(db, c, now);
  }
  const released = await contactRepo.releaseAllHeld(db);
  return { interrupted, released };
}
