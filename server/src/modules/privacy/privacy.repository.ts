import type { Db } from '../../platform/db.ts';
import type { AuditOutcome } from '../../platform/schema.ts';

export interface AccessRow {
  id: string;
  at: Date;
  requestId: string | null;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  channel: string | null;
  purpose: string;
  statedPurpose: string | null;
  outcome: AuditOutcome;
  subject: string | null;
  clientAddress: string | null;
}

/**
 * The audit rows about one person: those naming the patient, and those whose subject is one of their
 * identifiers (the fiscal code asked for, their phone numbers) — failed attempts name no patient.
 * Oldest first within [from, to).
 */
export async function findAccesses(
  db: Db,
  q: { patientId: string | null; subjects: string[]; from: Date; to: Date; limit: number },
): Promise<AccessRow[]> {
  const rows = await db
    .selectFrom('audit_event')
    .selectAll()
    .where((eb) =>
      eb.or([
        ...(q.patientId ? [eb('patient_id', '=', q.patientId)] : []),
        ...(q.subjects.length ? [eb('subject', 'in', q.subjects)] : []),
      ]),
    )
    .where('at', '>=', q.from)
    .where('at', '<', q.to)
    .orderBy('at')
    .orderBy('id')
    .limit(q.limit)
    .execute();
  return rows.map((r) => ({
    id: String(r.id),
    at: new Date(r.at),
    requestId: r.request_id,
    actorId: r.actor_id,
    actorRole: r.actor_role,
    action: r.action,
    resourceType: r.resource_type,
    resourceId: r.resource_id,
    channel: r.channel,
    purpose: r.purpose,
    statedPurpose: r.stated_purpose,
    outcome: r.outcome,
    subject: r.subject,
    clientAddress: r.client_address,
  }));
}
