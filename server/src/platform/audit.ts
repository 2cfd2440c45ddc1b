import type { RequestContext } from './context.ts';
import type { Db } from './db.ts';

export interface AuditEntry {
  action: 'read' | 'create' | 'update' | 'delete' | 'search';
  resourceType: string;
  resourceId?: string | null;
  patientId?: string | null;
  channel?: string | null;
  /** Why: defaults to the request's stated purpose, then to the resource's usual use. */
  purpose?: string;
}

/** The audit_event rows of `entries` for this request context (what audit() inserts). */
export function auditRows(ctx: RequestContext, entries: AuditEntry[]) {
  const at = ctx.clock.now();
  return entries.map((e) => ({
    at,
    request_id: ctx.requestId,
    actor_id: ctx.actor?.id ?? null,
    actor_role: ctx.actor?.roles.join(',') ?? 'system',
    action: e.action,
    resource_type: e.resourceType,
    resource_id: e.resourceId ?? null,
    patient_id: e.patientId ?? null,
    channel: e.channel ?? null,
    purpose: ctx.purpose ?? e.purpose ?? 'care',
  }));
}

/**
 * SEC-1: every read and write of patient data appends a row here, inside the same transaction as the
 * access when there is one, so an access that happened is never missing from the log.
 */
export async function audit(db: Db, ctx: RequestContext, ...entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db.insertInto('audit_event').values(auditRows(ctx, entries)).execute();
}

export interface AuditRecord {
  at: Date;
  requestId: string | null;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  patientId: string | null;
  channel: string | null;
  purpose: string;
}

export async function listAuditForPatient(db: Db, patientId: string, limit = 200): Promise<AuditRecord[]> {
  const rows = await db
    .selectFrom('audit_event')
    .selectAll()
    .where('patient_id', '=', patientId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    at: new Date(r.at),
    requestId: r.request_id,
    actorId: r.actor_id,
    actorRole: r.actor_role,
    action: r.action,
    resourceType: r.resource_type,
    resourceId: r.resource_id,
    patientId: r.patient_id,
    channel: r.channel,
    purpose: r.purpose,
  }));
}
