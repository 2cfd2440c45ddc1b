import type { Db } from '../../../platform/db.ts';
import { outboundContacts, withinHours } from '../../campaigns/index.ts';
import { type OutboundLevels, outboundLevels } from '../rules/outbound.ts';

/** MR-5: the period's outbound levels from the agents' campaigns (`now` places the batches still open). */
export async function measureOutbound(db: Db, from: Date, to: Date, now: Date): Promise<OutboundLevels> {
  const contacts = await outboundContacts(db, from, to);
  const hours = new Map(contacts.map((c) => [c.campaignId, c.hours]));
  return outboundLevels(contacts, from.getTime(), to.getTime(), now.getTime(), (id) => {
    const h = hours.get(id)!;
    return (at) => withinHours(new Date(at), h);
  });
}
