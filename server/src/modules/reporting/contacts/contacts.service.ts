import { audit } from '../../../platform/audit.ts';
import { romeDate, romePeriod } from '../../../platform/calendar.ts';
import type { RequestContext } from '../../../platform/context.ts';
import type { Db } from '../../../platform/db.ts';
import { fail, invalidField, notFound } from '../../../platform/errors.ts';
import { normaliseNumber, phoneVariants } from '../../contact-centre/index.ts';
import { exchangesWith } from '../../outreach/index.ts';
import { findPatientByFiscalCode } from '../../registry/index.ts';
import * as repo from './contacts.repository.ts';

// MR-1, the knowledge database of contacts: every inbound contact searchable by caller number, patient,
// request type, outcome, line (channel) and period, and each opened on its events in order. Supervisors
// and the CUP manager read everything; every search and every contact opened is audited.

export interface ContactQuery {
  from?: string | undefined;
  to?: string | undefined;
  number?: string | undefined;
  fiscalCode?: string | undefined;
  requestType?: string | undefined;
  outcome?: string | undefined;
  line?: string | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
}

const cursorOf = (r: repo.ContactRow) => `${r.arrivedAt.toISOString()}_${r.eventId}`;

function parseCursor(cursor: string): { at: Date; id: string } {
  const m = /^(\d{4}-\d{2}-\d{2}T[\d:.]+Z)_(\d{1,19})$/.exec(cursor);
  if (!m) throw invalidField('cursor', 'not a cursor this search returned');
  return { at: new Date(m[1]!), id: m[2]! };
}

export async function searchContacts(db: Db, ctx: RequestContext, q: ContactQuery) {
  const { from, to, start, end } = romePeriod(romeDate(ctx.clock.now()), q, 366);
  let callers: string[] | null = null;
  let patientId: string | null = null;
  if (q.fiscalCode) {
    const patient = await findPatientByFiscalCode(db, q.fiscalCode);
    if (!patient) throw invalidField('fiscalCode', 'no patient has this fiscal code');
    patientId = patient.id;
    callers = patient.phone ? phoneVariants(patient.phone) : [];
  }
  if (q.number) {
    const variants = phoneVariants(q.number);
    callers = callers ? callers.filter((c) => variants.includes(c)) : variants;
  }
  const limit = q.limit ?? 50;
  const rows =
    callers && callers.length === 0
      ? []
      : await repo.searchContacts(db, {
          from: start,
          to: end,
          callers,
          line: q.line ? normaliseNumber(q.line) : null,
          requestType: q.requestType ?? null,
          outcome: q.outcome ?? null,
          before: q.cursor ? parseCursor(q.cursor) : null,
          limit: limit + 1,
        });
  await audit(db, ctx, {
    action: 'search',
    resourceType: 'ContactHistory',
    patientId,
    subject: q.fiscalCode ?? q.number ?? null,
    purpose: 'knowledge database of contacts (MR-1)',
  });
  const page = rows.slice(0, limit);
  return {
    from,
    to,
    contacts: page.map((r) => ({
      callId: r.callId,
      arrivedAt: r.arrivedAt.toISOString(),
      line: r.line,
      callerId: r.callerId,
      outcome: r.outcome,
      requestType: r.requestType,
      queueId: r.queueId,
      durationSeconds: r.durationMs === null ? null : Math.round(r.durationMs / 1000),
      talkSeconds: r.talkMs === null ? null : Math.round(r.talkMs / 1000),
      agentId: r.agentId,
      resolvedFirstContact: r.resolvedFirstContact,
      escalated: r.escalated,
      surveyScore: r.surveyScore,
    })),
    nextCursor: rows.length > limit ? cursorOf(page.at(-1)!) : null,
  };
}

/** One contact's events in order, and the messages exchanged with its number around it. */
export async function getContact(db: Db, ctx: RequestContext, callId: string) {
  const events = await repo.contactEvents(db, callId);
  const arrived = events.find((e) => e.type === 'call.arrived' && e.call_id === callId);
  if (!arrived) fail(notFound('contact', 'callId'));
  const callerId = String(arrived.payload.callerId ?? '');
  const messages = callerId ? await exchangesWith(db, phoneVariants(callerId), 20) : [];
  await audit(db, ctx, {
    action: 'read',
    resourceType: 'ContactHistory',
    resourceId: callId,
    subject: callerId || null,
    purpose: 'knowledge database of contacts (MR-1)',
  });
  return {
    callId,
    callerId,
    events: events.map((e) => ({
      id: Number(e.id),
      at: new Date(e.at).toISOString(),
      type: e.type,
      callId: e.call_id,
      line: e.line,
      queueId: e.queue_id,
      agentId: e.agent_id,
      data: e.payload,
    })),
    messages: messages.map((m) => ({ ...m, at: m.at.toISOString() })),
  };
}
