import { randomUUID } from 'node:crypto';
import { audit } from '../../platform/audit.ts';
import type { RequestContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db.ts';
import { nextSendingTime, type SendingWindow } from '../messaging/index.ts';
import type { Patient } from '../registry/index.ts';
import { maskRecipient } from './messages.service.ts';
import * as outbox from './outbox.repository.ts';
import * as repo from './outreach.repository.ts';
import { isMobile } from './reminders.service.ts';
import { type DelegationFacts, delegationEmail, delegationSms } from './rules/delegation-notice.ts';

/**
 * Tells the delegator of a new portal delegation, through the outbox (sent once, an SMS within the sending
 * window): by SMS to the mobile on record, else by e-mail, as the patient's consents and STOP allow. Null
 * when no contact may be used — the delegation stands; the caller says so. Written in the caller's
 * transaction, so a grant and its notice commit together.
 */
export async function queueDelegationNotice(
  tx: Db,
  ctx: RequestContext,
  window: SendingWindow,
  delegator: Patient,
  delegation: DelegationFacts & { id: string },
): Promise<{ channel: 'sms' | 'email'; recipient: string; sendAfter: Date } | null> {
  const now = ctx.clock.now();
  const candidates: { channel: 'sms' | 'email'; recipient: string }[] = [];
  if (delegator.phone && isMobile(delegator.phone) && delegator.consents.contactByPhone !== false)
    candidates.push({ channel: 'sms', recipient: delegator.phone });
  if (delegator.email && delegator.consents.contactByEmail !== false)
    candidates.push({ channel: 'email', recipient: delegator.email });
  const stopped = await repo.optedOut(
    tx,
    candidates.map((c) => c.recipient),
  );
  const contact = candidates.find((c) => !stopped.has(c.recipient));
  if (!contact) return null;
  const id = randomUUID();
  const mail = contact.channel === 'email' ? delegationEmail(delegation) : null;
  const sendAfter = contact.channel === 'sms' ? nextSendingTime(now, window) : now;
  await outbox.insertNotice(
    tx,
    {
      id,
      kind: 'delegation',
      ref: delegation.id,
      channel: contact.channel,
      recipient: contact.recipient,
      text: mail ? mail.text : delegationSms(delegation),
      subject: mail?.subject ?? null,
      html: mail?.html ?? null,
      ics: null,
      sendAfter,
    },
    now,
  );
  await audit(tx, ctx, {
    action: 'create',
    resourceType: 'OutreachMessage',
    resourceId: id,
    patientId: delegator.id,
    channel: delegation.channel,
    purpose: 'notice of a new portal delegation',
  });
  return { channel: contact.channel, recipient: maskRecipient(contact.recipient), sendAfter };
}
