import { randomUUID } from 'node:crypto';
import { audit } from '../../platform/audit.ts';
import type { Clock } from '../../platform/clock.ts';
import { systemContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db.ts';
import { loadAppointmentsForOutreach } from '../booking/index.ts';
import type { LiveContactCentre, VirtualCallRequest } from '../contact-centre/index.ts';
import { nextSendingTime, type SendingWindow } from '../messaging/index.ts';
import { insertCampaignMessages, type NewCampaignMessage, optedOut } from '../outreach/index.ts';
import * as repo from './campaigns.repository.ts';
import { type Campaign, type CampaignContact, SYSTEM_DISPOSITIONS } from './campaigns.types.ts';
import * as contactRepo from './contacts.repository.ts';
import { withinHours } from './rules/hours.ts';
import { campaignQuestion, renderMessage, virtualSpeech } from './rules/message.ts';

// What the system sends or dials by itself, within each campaign's hours: the messages of SMS and e-mail
// campaigns (through outreach's outbox, exactly once per contact), and the virtual operator's calls.

/** Virtual operator's calls in flight at once: a share of the line, so that callers still get through. */
export const VOICE_CONCURRENCY = 4;
const BATCH = 200;

/** SMS and e-mail campaigns: due contacts get their message in the outbox, rendered for them. */
export async function sendDueMessages(db: Db, clock: Clock, window: SendingWindow): Promise<number> {
  const now = clock.now();
  let sent = 0;
  for (const channel of ['sms', 'email'] as const) {
    for (const campaign of await repo.campaignsWithDue(db, channel, now)) {
      if (!withinHours(now, campaign.hours)) continue;
      sent += await db.transaction().execute(async (tx) => {
        const claimed: Awaited<ReturnType<typeof contactRepo.claimNext>>[] = [];
        for (let i = 0; i < BATCH; i++) {
          const c = await contactRepo.claimNext(tx, campaign.id, null, now);
          if (!c) break;
          claimed.push(c);
        }
        const contacts = claimed.filter((c) => c !== null);
        if (contacts.length === 0) return 0;
        const appointments = new Map(
          (
            await loadAppointmentsForOutreach(tx, {
              ids: contacts.flatMap((c) => (c.appointmentId ? [c.appointmentId] : [])),
            })
          ).map((a) => [a.id, a]),
        );
        const rows: NewCampaignMessage[] = [];
        for (const c of contacts) {
          const a = c.appointmentId ? appointments.get(c.appointmentId) : undefined;
          const text = renderMessage(campaign.message ?? '', {
            name: c.name,
            appointment: a
              ? { service: a.service.description, start: a.start, facility: a.facility.name, code: a.code }
              : null,
          });
          rows.push({
            id: randomUUID(),
            appointmentId: c.appointmentId,
            ref: c.id,
            channel,
            recipient: channel === 'sms' ? c.phone! : c.email!,
            text,
            subject: channel === 'email' ? campaign.name : null,
            html: null,
            ics: null,
            sendAfter: channel === 'sms' ? nextSendingTime(now, window) : now,
          });
          await contactRepo.startAttempt(
            tx,
            { id: randomUUID(), contact: c, legId: `msg:${c.id}`, channel, agent: null },
            now,
          );
        }
        await insertCampaignMessages(tx, rows, now);
        await audit(
          tx,
          systemContext(clock, `campaigns.${channel}`),
          ...contacts
            .filter((c) => c.patientId)
            .map((c) => ({
              action: 'read' as const,
              resourceType: 'Patient',
              resourceId: c.patientId!,
              patientId: c.patientId,
              channel,
              purpose: 'campaign message',
            })),
        );
        return rows.length;
      });
    }
  }
  return sent;
}

/**
 * OB-3, OB-7, OB-5: the virtual operator calls the due contacts of its campaigns, a few at a time — the
 * recall's and the reminder's about their booking, a manager's campaign with its message. A booking no
 * longer booked is not called: the contact closes as 'not-booked'; one already begun, as 'too-late'; a
 * standing campaign's booking moved since, as 'moved' (the version moved to is called about when its own
 * day comes). The attempt is stored before the call is placed, so a restart counts it.
 */
export async function placeDueCalls(db: Db, clock: Clock, centre: LiveContactCentre | null): Promise<number> {
  if (!centre) return 0;
  const now = clock.now();
  let placed = 0;
  let inFlight = await contactRepo.voiceInFlight(db);
  for (const campaign of await repo.campaignsWithDue(db, 'voice', now)) {
    if (!withinHours(now, campaign.hours)) continue;
    const standard = campaign.kind === 'standard';
    while (inFlight < VOICE_CONCURRENCY) {
      const c = await contactRepo.claimNext(db, campaign.id, null, now);
      if (!c) break;
      const [a] = c.appointmentId ? await loadAppointmentsForOutreach(db, { ids: [c.appointmentId] }) : [];
      const closeAs = async (d: 'not-booked' | 'moved' | 'too-late' | 'unreachable') => {
        const { positive } = SYSTEM_DISPOSITIONS[d];
        await contactRepo.closeContact(db, c.id, { disposition: d, positive, by: null, note: null }, now);
      };
      if (!c.phone) {
        await closeAs(standard ? 'unreachable' : 'not-booked');
        continue;
      }
      // A STOP from this number since the contact was made: calls respect it as messages do.
      if ((await optedOut(db, [c.phone])).size > 0) {
        await closeAs('unreachable');
        continue;
      }
      // A manager's list may name no booking; one that names it calls only while it stands.
      if ((!standard || c.appointmentId) && a?.status !== 'booked') {
        await closeAs('not-booked');
        continue;
      }
      // Its allowed hours came only after the appointment had begun: nothing left to ask.
      if (a && a.start <= now) {
        await closeAs('too-late');
        continue;
      }
      // Moved since the contact was made: the version moved to has a contact of its own when due.
      if (!standard && a && c.sourceRef && c.sourceRef !== `${a.id}:${a.version}`) {
        await closeAs('moved');
        continue;
      }
      const legId = `v${randomUUID().replaceAll('-', '').slice(0, 20)}`;
      await contactRepo.startAttempt(
        db,
        { id: randomUUID(), contact: c, legId, channel: 'voice', agent: null },
        now,
      );
      try {
        centre.placeVirtualCall(
          standard ? campaignCall(campaign, c, a, legId) : bookingCall(campaign, c, a!, legId),
        );
      } catch (err) {
        // The centre is stopping: the attempt was never made.
        await contactRepo.withdrawAttempt(db, c.id, legId);
        await contactRepo.releaseContact(db, c.id, now);
        throw err;
      }
      if (standard && c.patientId)
        await audit(db, systemContext(clock, 'campaigns.voice'), {
          action: 'read',
          resourceType: 'Patient',
          resourceId: c.patientId,
          patientId: c.patientId,
          channel: 'phone',
          purpose: 'campaign call',
        });
      inFlight++;
      placed++;
    }
  }
  return placed;
}

type Appointment = Awaited<ReturnType<typeof loadAppointmentsForOutreach>>[number];

/** The recall's or the reminder's call: the booking read, 1 confirms, 3 cancels. */
function bookingCall(
  campaign: Campaign,
  c: CampaignContact,
  a: Appointment,
  legId: string,
): VirtualCallRequest {
  const purpose = campaign.kind === 'reminder' ? 'reminder' : 'recall';
  return {
    legId,
    number: c.phone!,
    ref: a.id,
    purpose,
    text: virtualSpeech(purpose, {
      service: a.service.description,
      start: a.start,
      facility: a.facility.name,
      address: a.facility.address,
      copayCents: a.copayCents,
    }),
  };
}

/** A manager's campaign (OB-5): the message for this person, an outcome per key. */
function campaignCall(
  campaign: Campaign,
  c: CampaignContact,
  a: Appointment | undefined,
  legId: string,
): VirtualCallRequest {
  return {
    legId,
    number: c.phone!,
    ref: c.id,
    purpose: 'campaign',
    ...campaignQuestion(
      campaign.message ?? '',
      {
        name: c.name,
        appointment: a
          ? { service: a.service.description, start: a.start, facility: a.facility.name, code: a.code }
          : null,
      },
      campaign.dispositions,
    ),
  };
}
