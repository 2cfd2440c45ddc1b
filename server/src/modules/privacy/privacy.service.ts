import { auditedRead } from '../../platform/audit.ts';
import { addDays, romeDate, startOfRomeDate } from '../../platform/calendar.ts';
import type { RequestContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db.ts';
import { invalidField } from '../../platform/errors.ts';
import { phoneVariants } from '../contact-centre/index.ts';
import { staffNames } from '../identity/index.ts';
import { findPatientByFiscalCode, findPatientById, parseFiscalCode } from '../registry/index.ts';
import * as repo from './privacy.repository.ts';
import type { AccessLog, AccessLogQuery } from './privacy.types.ts';

/** Rows in one answer; a longer history is read period by period. */
export const MAX_ACCESS_ROWS = 5000;
/** The longest period one answer covers. */
const MAX_PERIOD_DAYS = 366;

/**
 * Issue 8 §14: every access to one patient's data — who, when, what, why, from which channel and
 * address, and how it ended — for the region's privacy officer. The officer's own reading is audited.
 * Dates are Europe/Rome calendar days, both included; by default the last 90 days.
 */
export async function patientAccessLog(db: Db, ctx: RequestContext, q: AccessLogQuery): Promise<AccessLog> {
  const fiscalCode = parseFiscalCode(q.fiscalCode);
  const today = romeDate(ctx.clock.now());
  const to = q.to ?? today;
  const from = q.from ?? addDays(to, -89);
  if (from > to) throw invalidField('from', 'the period starts after it ends');
  if (addDays(from, MAX_PERIOD_DAYS) <= to)
    throw invalidField('to', `one answer covers at most ${MAX_PERIOD_DAYS} days`);

  // The officer's own reading is a row too, committed with the read before the log is returned.
  const { patient, rows, names } = await auditedRead(
    db,
    ctx,
    async (tx) => {
      const patient = await findPatientByFiscalCode(tx, fiscalCode);
      const subjects = [fiscalCode, ...(patient?.phone ? phoneVariants(patient.phone) : [])];
      const rows = await repo.findAccesses(tx, {
        patientId: patient?.id ?? null,
        subjects,
        from: startOfRomeDate(from),
        to: startOfRomeDate(addDays(to, 1)),
        limit: MAX_ACCESS_ROWS + 1,
      });
      const shown = rows.slice(0, MAX_ACCESS_ROWS);
      const actors = new Set(
        shown.flatMap((r) => (r.actorId && r.actorRole !== 'citizen' ? [r.actorId] : [])),
      );
      const names = await staffNames(tx, [...actors]);
      // A citizen actor is a patient: the person themself, or their delegate on the portal — named, with
      // the fiscal code as the "username", so the officer sees who a delegate was.
      const citizens = new Set(
        shown.flatMap((r) => (r.actorId && r.actorRole === 'citizen' ? [r.actorId] : [])),
      );
      for (const id of citizens) {
        const p = await findPatientById(tx, id);
        if (p) names.set(id, { username: p.fiscalCode, displayName: `${p.givenName} ${p.familyName}` });
      }
      return { patient, rows, names };
    },
    ({ patient }) => [
      {
        action: 'read',
        resourceType: 'AuditTrail',
        patientId: patient?.id ?? null,
        subject: fiscalCode,
        purpose: 'privacy audit (accesses to a patient)',
      },
    ],
  );
  const truncated = rows.length > MAX_ACCESS_ROWS;
  const shown = rows.slice(0, MAX_ACCESS_ROWS);
  return {
    fiscalCode,
    patient: patient
      ? { id: patient.id, givenName: patient.givenName, familyName: patient.familyName }
      : null,
    from,
    to,
    truncated,
    accesses: shown.map((r) => {
      const who = r.actorId ? names.get(r.actorId) : undefined;
      return {
        at: r.at.toISOString(),
        actor: r.actorId
          ? { id: r.actorId, username: who?.username ?? null, displayName: who?.displayName ?? null }
          : null,
        roles: r.actorRole,
        action: r.action,
        resourceType: r.resourceType,
        resourceId: r.resourceId,
        channel: r.channel,
        purpose: r.purpose,
        statedPurpose: r.statedPurpose,
        outcome: r.outcome,
        clientAddress: r.clientAddress,
        requestId: r.requestId,
      };
    }),
  };
}

const CSV_COLUMNS = [
  'at',
  'username',
  'displayName',
  'roles',
  'action',
  'resourceType',
  'resourceId',
  'channel',
  'purpose',
  'statedPurpose',
  'outcome',
  'clientAddress',
  'requestId',
] as const;

/** RFC 4180 quoting; a cell a spreadsheet would run as a formula is prefixed with a quote (OWASP). */
function cell(value: string | null | undefined): string {
  let v = value ?? '';
  if (/^[=+\-@\t\r]/.test(v)) v = `'${v}`;
  return /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

/** The access log as CSV (UTF-8, CRLF rows), one row per access, for the officer's records. */
export function accessLogCsv(log: AccessLog): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const a of log.accesses) {
    const values: Record<(typeof CSV_COLUMNS)[number], string | null> = {
      at: a.at,
      username: a.actor?.username ?? (a.actor ? a.actor.id : 'system'),
      displayName: a.actor?.displayName ?? null,
      roles: a.roles,
      action: a.action,
      resourceType: a.resourceType,
      resourceId: a.resourceId,
      channel: a.channel,
      purpose: a.purpose,
      statedPurpose: a.statedPurpose,
      outcome: a.outcome,
      clientAddress: a.clientAddress,
      requestId: a.requestId,
    };
    lines.push(CSV_COLUMNS.map((c) => cell(values[c])).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
