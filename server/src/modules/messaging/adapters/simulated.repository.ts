import type { Db } from '../../../platform/db.ts';
import type { MessageChannel } from '../port/messaging.types.ts';

export interface SimulatedRow {
  at: Date;
  direction: 'out' | 'in';
  channel: MessageChannel;
  gatewayId: string;
  messageId: string | null;
  party: string;
  text: string;
  subject: string | null;
  segments: number;
  status: string;
}

export async function insertSimulated(db: Db, row: SimulatedRow): Promise<void> {
  await db
    .insertInto('simulated_message')
    .values({
      at: row.at,
      direction: row.direction,
      channel: row.channel,
      gateway_id: row.gatewayId,
      message_id: row.messageId,
      party: row.party,
      text: row.text,
      subject: row.subject,
      segments: row.segments,
      status: row.status,
    })
    .execute();
}

export async function setSimulatedStatus(db: Db, gatewayId: string, status: string): Promise<void> {
  await db.updateTable('simulated_message').set({ status }).where('gateway_id', '=', gatewayId).execute();
}

export async function listSimulated(db: Db, limit: number): Promise<(SimulatedRow & { label: string })[]> {
  const rows = await db
    .selectFrom('simulated_message')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    at: new Date(r.at),
    direction: r.direction,
    channel: r.channel,
    gatewayId: r.gateway_id,
    messageId: r.message_id,
    party: r.party,
    text: r.text,
    subject: r.subject,
    segments: r.segments,
    status: r.status,
    label: r.label,
  }));
}

/** The simulated record older than `before` (retention, RETENTION_MESSAGES_DAYS). */
export async function purgeSimulatedMessages(db: Db, before: Date): Promise<number> {
  const r = await db.deleteFrom('simulated_message').where('at', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}
