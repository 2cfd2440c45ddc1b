import type { RequestContext } from './context.ts';
import type { Db } from './db.ts';
import { declarePurge } from './retention.ts';
import type { AuditOutcome } from './schema.ts';

export interface AuditEntry {
  action: 'read' | 'create' | 'update' | 'delete' | 'search';
  resourceType: string;
  resourceId?: string | null;
  patientId?: string | null;
  channel?: string | null;
  /** The server's reason for the access; the client's stated purpose is recorded beside it. */
  purpose?: string;
  /** What was looked for when no patient is named: a number, a fiscal code, an NRE. */
  subject?: string | null;
  outcome?: AuditOutcome;
}

/** The audit_event rows of `entries` for this request context (what audit() inserts). */
export function auditRows(ctx: RequestContext, entries: AuditEntry[]) {
  const at = ctx.clock.now();
  return entries.map((e) => ({
    at,
    request_id: ctx.requestId,
    actor_id: ctx.actor?.id ?? null,
    actor_role: ctx.actor ? (ctx.actor.kind === 'citizen' ? 'citizen' : ctx.actor.roles.join(',')) : 'system',
    action: e.action,
    resource_type: e.resourceType,
    resource_id: e.resourceId ?? null,
    patient_id: e.patientId ?? null,
    channel: e.channel ?? null,
    purpose: e.purpose ?? 'care',
    outcome: e.outcome ?? 'ok',
    subject: e.subject ?? null,
    client_address: ctx.clientAddress ?? null,
    stated_purpose: ctx.statedPurpose ?? null,
  }));
}

/**
 * SEC-1: every write of patient data appends its rows here inside the transaction of the write, so a
 * change that committed is never missing from the log.
 */
export async function audit(db: Db, ctx: RequestContext, ...entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db.insertInto('audit_event').values(auditRows(ctx, entries)).execute();
}

/**
 * SEC-1 for reads: the read and its audit rows in one transaction, committed before the data is handed
 * back, so no personal data leaves the server without its row (a failed insert fails the request).
 */
export async function auditedRead<T>(
  db: Db,
  ctx: RequestContext,
  read: (tx: Db) => Promise<T>,
  entriesOf: (result: T) => AuditEntry[],
): Promise<T> {
  const readAndAudit = async (tx: Db) => {
    const result = await read(tx);
    await audit(tx, ctx, ...entriesOf(result));
    return result;
  };
  // Inside a caller's transaction (a booking reading its prescription), the row joins that one.
  return db.isTransaction ? readAndAudit(db) : db.transaction().execute(readAndAudit);
}

/**
 * The only deletion the audit table allows: rows older than `before`, declared to the table's trigger in
 * this transaction (see the audit_trail migration). Returns how many rows went.
 */
export async function purgeAuditBefore(db: Db, before: Date): Promise<number> {
  return db.transaction().execute(async (tx) => {
    await declarePurge(tx, 'audit_event', before);
    const r = await tx.deleteFrom('audit_event').where('at', '<', before).executeTakeFirst();
    return Number(r.numDeletedRows);
  });
}
