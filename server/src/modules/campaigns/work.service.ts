import { randomUUID } from 'node:crypto';
import { audit } from '../../platform/audit.ts';
import type { Clock } from '../../platform/clock.ts';
import { actorOf, type RequestContext, systemContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db.ts';
import { AppError, invalidField, notFound } from '../../platform/errors.ts';
import { loadAppointmentsForOutreach } from '../booking/index.ts';
import { type LiveContactCentre, SIMULATION_LABEL } from '../contact-centre/index.ts';
import { findPatientsByIds } from '../registry/index.ts';
import * as repo from './campaigns.repository.ts';
import type { Campaign, CampaignContact, Disposition } from './campaigns.types.ts';
import * as contactRepo from './contacts.repository.ts';
import { nextAllowed, withinHours } from './rules/hours.ts';

// An agent working a campaign from the console (OB-5): takes the next contact due, reads the script,
// calls through the engine's outbound leg (preview: when ready; progressive: at once), and records the
// outcome from the campaign's closed list. One contact held at a time.

export interface WorkCall {
  /** ringing: dialled, not yet answered; talking: connected; ended: the call is over, the outcome is due. */
  state: 'none' | 'ringing' | 'talking' | 'ended';
  legId: string | null;
}

export interface HeldContact {
  id: string;
  campaignId: string;
  campaignName: string;
  mode: Campaign['mode'];
  script: string;
  dispositions: Disposition[];
  name: string;
  /** The registry patient, to open in the console (the contact's booking is moved from there). */
  fiscalCode: string | null;
  phone: string | null;
  note: string | null;
  attempts: number;
  maxAttempts: number;
  appointment: { code: string; service: string; start: Date; facility: string } | null;
  call: WorkCall;
}

export interface CampaignWork {
  label: typeof SIMULATION_LABEL;
  /** Active agents' campaigns, with the contacts due now and whether now is within their hours. */
  campaigns: {
    id: string;
    name: string;
    mode: Campaign['mode'];
    due: number;
    open: boolean;
    hours: Campaign['hours'];
  }[];
  contact: HeldContact | null;
  /** The agent's last attempt, so the console can say what came of it (e.g. no answer: retried later). */
  lastAttempt: { name: string; result: string | null; at: Date } | null;
}

const legFor = () => `k${randomUUID().replaceAll('-', '').slice(0, 20)}`;

function requireAgent(centre: LiveContactCentre | null, agentId: string) {
  if (!centre) throw new AppError('INVALID_STATE', 'the contact centre is off (CONTACT_CENTRE=off)');
  const view = centre.engine.agent(agentId);
  if (!view || view.state === 'logged-out')
    throw new AppError('INVALID_STATE', 'log in to the line first (POST /api/v1/contact-centre/agent/login)');
  return { centre, view };
}

async function callState(
  db: Db,
  centre: LiveContactCentre | null,
  agentId: string,
  c: CampaignContact,
): Promise<WorkCall> {
  if (!c.legId) return { state: 'none', legId: null };
  const view = centre?.engine.agent(agentId);
  const result = await contactRepo.attemptResult(db, c.legId);
  if (view?.callId === c.legId)
    return { state: result === 'answered' ? 'talking' : 'ringing', legId: c.legId };
  return { state: result === 'answered' ? 'ended' : 'none', legId: c.legId };
}

/** What the console shows the agent: the campaigns to work, and the contact in hand with its script. */
export async function myWork(
  db: Db,
  ctx: RequestContext,
  centre: LiveContactCentre | null,
): Promise<CampaignWork> {
  const actor = actorOf(ctx);
  const now = ctx.clock.now();
  const campaigns = (await repo.listCampaigns(db, { includeClosed: false })).filter(
    (c) => c.channel === 'agent' && c.status === 'active',
  );
  const due = await repo.dueCounts(
    db,
    campaigns.map((c) => c.id),
    now,
  );
  const held = await contactRepo.heldBy(db, actor.id);
  let contact: HeldContact | null = null;
  if (held) {
    const campaign = (await repo.findCampaign(db, held.campaignId))!;
    const [a] = held.appointmentId
      ? await loadAppointmentsForOutreach(db, { ids: [held.appointmentId] })
      : [];
    const [p] = held.patientId ? await findPatientsByIds(db, [held.patientId]) : [];
    contact = {
      id: held.id,
      campaignId: campaign.id,
      campaignName: campaign.name,
      mode: campaign.mode,
      script: campaign.script,
      dispositions: campaign.dispositions,
      name: held.name,
      fiscalCode: p?.fiscalCode ?? null,
      phone: held.phone,
      note: held.note,
      attempts: held.attempts,
      maxAttempts: campaign.maxAttempts,
      appointment: a
        ? { code: a.code, service: a.service.description, start: a.start, facility: a.facility.name }
        : null,
      call: await callState(db, centre, actor.id, held),
    };
  }
  return {
    label: SIMULATION_LABEL,
    campaigns: campaigns.map((c) => ({
      id: c.id,
      name: c.name,
      mode: c.mode,
      due: due.get(c.id) ?? 0,
      open: withinHours(now, c.hours),
      hours: c.hours,
    })),
    contact,
    lastAttempt: await contactRepo.lastAttemptOf(db, actor.id),
  };
}

/** Takes the campaign's next due contact (progressive: and calls it at once). */
export async function takeNext(
  db: Db,
  ctx: RequestContext,
  centre: LiveContactCentre | null,
  campaignId: string,
): Promise<CampaignWork> {
  const actor = actorOf(ctx);
  const live = requireAgent(centre, actor.id);
  const now = ctx.clock.now();
  const claimed = await db.transaction().execute(async (tx) => {
    if (await contactRepo.heldBy(tx, actor.id))
      throw new AppError(
        'INVALID_STATE',
        'finish the contact in hand first (record its outcome or give it back)',
      );
    const campaign = await repo.findCampaign(tx, campaignId);
    if (!campaign) throw notFound('campaign', 'campaignId');
    if (campaign.channel !== 'agent')
      throw new AppError('INVALID_STATE', 'this campaign is not worked by agents');
    if (campaign.status !== 'active')
      throw new AppError('INVALID_STATE', `the campaign is ${campaign.status}`);
    if (!withinHours(now, campaign.hours))
      throw new AppError(
        'INVALID_STATE',
        `outside the campaign's hours (${campaign.hours.from}–${campaign.hours.to}${campaign.hours.everyDay ? ', every day' : ', Monday to Saturday, holidays excepted'})`,
      );
    const c = await contactRepo.claimNext(tx, campaignId, actor.id, now);
    if (!c) throw notFound('contact due now in this campaign');
    if (c.patientId)
      await audit(tx, ctx, {
        action: 'read',
        resourceType: 'Patient',
        resourceId: c.patientId,
        patientId: c.patientId,
        channel: 'phone',
        purpose: 'campaign contact',
      });
    return { campaign, contact: c };
  });
  if (
    claimed.campaign.mode === 'progressive' &&
    live.view.state !== 'on-call' &&
    live.view.state !== 'offered'
  )
    await placeCall(db, ctx, live.centre, claimed.campaign, claimed.contact);
  return myWork(db, ctx, centre);
}

/** Calls the contact in hand (preview), or again after the agent gave up a ring. */
export async function dialHeld(
  db: Db,
  ctx: RequestContext,
  centre: LiveContactCentre | null,
): Promise<CampaignWork> {
  const actor = actorOf(ctx);
  const live = requireAgent(centre, actor.id);
  const held = await contactRepo.heldBy(db, actor.id);
  if (!held) throw new AppError('INVALID_STATE', 'take a contact first');
  const call = await callState(db, centre, actor.id, held);
  if (call.state === 'ringing' || call.state === 'talking')
    throw new AppError('INVALID_STATE', 'the contact is already on the line');
  const campaign = (await repo.findCampaign(db, held.campaignId))!;
  if (!withinHours(ctx.clock.now(), campaign.hours))
    throw new AppError(
      'INVALID_STATE',
      `outside the campaign's hours (${campaign.hours.from}–${campaign.hours.to})`,
    );
  await placeCall(db, ctx, live.centre, campaign, held);
  return myWork(db, ctx, centre);
}

/**
 * The attempt is stored first, then dialled: a restart finds it and counts it. If the engine refuses
 * (the agent is busy, no channel is free) the attempt is taken back and the contact stays in hand.
 */
export async function placeCall(
  db: Db,
  ctx: RequestContext,
  centre: LiveContactCentre,
  campaign: Campaign,
  contact: CampaignContact,
): Promise<void> {
  if (!contact.phone) throw invalidField('phone', 'the contact has no telephone number');
  const legId = legFor();
  const agentId = contact.claimedBy!;
  await contactRepo.startAttempt(
    db,
    { id: randomUUID(), contact, legId, channel: 'agent', agent: agentId },
    ctx.clock.now(),
  );
  try {
    centre.dialForCampaign(agentId, { legId, campaignId: campaign.id, number: contact.phone });
  } catch (err) {
    await contactRepo.withdrawAttempt(db, contact.id, legId);
    throw err;
  }
  await centre.persist();
}

/** Records the outcome of the contact in hand (progressive: and calls the next one). */
export async function dispose(
  db: Db,
  ctx: RequestContext,
  centre: LiveContactCentre | null,
  input: { code: string; note?: string | null | undefined },
): Promise<CampaignWork> {
  const actor = actorOf(ctx);
  const held = await contactRepo.heldBy(db, actor.id);
  if (!held) throw new AppError('INVALID_STATE', 'there is no contact in hand');
  const campaign = (await repo.findCampaign(db, held.campaignId))!;
  const d = campaign.dispositions.find((x) => x.code === input.code);
  if (!d)
    throw invalidField(
      'code',
      `the outcome is one of ${campaign.dispositions.map((x) => x.code).join(', ')}`,
    );
  const note = input.note?.trim() || null;
  if (note && note.length > 500) throw invalidField('note', 'the note is at most 500 characters');
  const call = await callState(db, centre, actor.id, held);
  if (call.state === 'ringing') throw new AppError('INVALID_STATE', 'wait for the answer, or hang up first');
  await db.transaction().execute(async (tx) => {
    await contactRepo.closeContact(
      tx,
      held.id,
      { disposition: d.code, positive: d.positive, by: actor.id, note },
      ctx.clock.now(),
    );
    await audit(tx, ctx, {
      action: 'update',
      resourceType: 'CampaignContact',
      resourceId: held.id,
      patientId: held.patientId,
      purpose: `campaign outcome ${d.code}`,
    });
  });
  if (campaign.mode === 'progressive' && call.state !== 'talking' && centre) {
    try {
      await takeNext(db, ctx, centre, campaign.id);
    } catch (err) {
      // Nothing due, or outside hours: the agent sees the campaign list instead.
      if (!(err instanceof AppError)) throw err;
    }
  }
  return myWork(db, ctx, centre);
}

/** Gives the contact in hand back, uncalled or for another try later by anyone. */
export async function giveBack(
  db: Db,
  ctx: RequestContext,
  centre: LiveContactCentre | null,
): Promise<CampaignWork> {
  const actor = actorOf(ctx);
  const held = await contactRepo.heldBy(db, actor.id);
  if (!held) throw new AppError('INVALID_STATE', 'there is no contact in hand');
  const call = await callState(db, centre, actor.id, held);
  if (call.state === 'ringing' || call.state === 'talking')
    throw new AppError('INVALID_STATE', 'hang up first, then give the contact back or record its outcome');
  const campaign = (await repo.findCampaign(db, held.campaignId))!;
  await contactRepo.releaseContact(db, held.id, nextAllowed(ctx.clock.now(), campaign.hours));
  return myWork(db, ctx, centre);
}

/**
 * Progressive mode (OB-5): after an unanswered attempt the agent's next contact is called at once, if
 * the agent is free for it, holds nothing, and the campaign is open. Nothing due: nothing happens.
 */
export async function progressiveNext(
  db: Db,
  clock: Clock,
  centre: LiveContactCentre,
  agentId: string,
  campaignId: string,
): Promise<boolean> {
  const campaign = await repo.findCampaign(db, campaignId);
  if (campaign?.mode !== 'progressive' || campaign.status !== 'active') return false;
  const now = clock.now();
  if (!withinHours(now, campaign.hours)) return false;
  const view = centre.engine.agent(agentId);
  if (!view || !['ready', 'paused', 'wrap-up'].includes(view.state)) return false;
  if (await contactRepo.heldBy(db, agentId)) return false;
  const ctx = systemContext(clock, 'campaigns.progressive');
  const c = await db.transaction().execute(async (tx) => {
    const claimed = await contactRepo.claimNext(tx, campaignId, agentId, now);
    if (claimed?.patientId)
      await audit(tx, ctx, {
        action: 'read',
        resourceType: 'Patient',
        resourceId: claimed.patientId,
        patientId: claimed.patientId,
        channel: 'phone',
        purpose: 'campaign contact',
      });
    return claimed;
  });
  if (!c) return false;
  try {
    await placeCall(db, ctx, centre, campaign, c);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    // The agent took an inbound call meanwhile: the contact goes back, for them or anyone.
    await contactRepo.releaseContact(db, c.id, now);
    return false;
  }
  return true;
}
