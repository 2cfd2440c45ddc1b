import { auditedRead } from '../../../platform/audit.ts';
import type { RequestContext } from '../../../platform/context.ts';
import type { Db } from '../../../platform/db.ts';
import { AppError, invalidField, notFound } from '../../../platform/errors.ts';
import { lowestLevelSeen } from '../rules/access.ts';
import { countedMs, deadline, type Span } from '../rules/business-clock.ts';
import {
  budgetMs,
  type Channel,
  isWritten,
  type Level,
  movesFrom,
  nearBreach,
  STATES,
  type TicketState,
} from '../rules/lifecycle.ts';
import type { PecData } from '../rules/pec.ts';
import { clockRules, queueById } from '../rules/queues.ts';
import * as mailRepo from './messages.repository.ts';
import * as repo from './tickets.repository.ts';
import type { TicketView } from './tickets.types.ts';

// Reading tickets: one with its thread and history, a queue's list, the period's for the reports, and the
// service-level clock recomputed from a ticket's history. Opening and acting on them: tickets.service.ts.

export const PURPOSE = 'help-desk ticket (HD-1)';

export async function getTicket(db: Db, ctx: RequestContext, id: string): Promise<TicketView> {
  return auditedRead(
    db,
    ctx,
    async (tx) => {
      const t = await ticketView(tx, id, ctx.clock.now());
      // The regional offices do not learn of tickets below them: not found, as for any other id.
      const lowest = lowestLevelSeen(ctx.actor?.roles ?? []);
      if (t.level < lowest) throw notFound('ticket', 'id');
      // Nor of the tickets linked to it below their level.
      return { ...t, links: t.links.filter((l) => l.level >= lowest) };
    },
    (t) => [
      {
        action: 'read',
        resourceType: 'HelpdeskTicket',
        resourceId: t.id,
        patientId: t.patientId,
        purpose: PURPOSE,
      },
    ],
  );
}

/** A queue's work, the nearest deadline first (HD-6: the queue view sorted by deadline). */
export async function listTickets(
  db: Db,
  ctx: RequestContext,
  filter: {
    queue?: string | undefined;
    level?: number | undefined;
    state?: TicketState | undefined;
    callback?: 'due' | undefined;
  },
): Promise<TicketView[]> {
  if (filter.queue && !queueById(filter.queue)) throw invalidField('queue', `no queue ${filter.queue}`);
  // Call backs owed are listed whatever the ticket's state (it is usually resolved).
  const states = filter.state ? [filter.state] : STATES.filter((s) => s !== 'closed' || filter.callback);
  const now = ctx.clock.now();
  return auditedRead(
    db,
    ctx,
    async (tx) => {
      const rows = await repo.listTickets(tx, {
        ...filter,
        states,
        callbackDue: filter.callback === 'due',
        minLevel: lowestLevelSeen(ctx.actor?.roles ?? []),
      });
      const events = await repo.ticketEvents(
        tx,
        rows.map((r) => String(r.id)),
      );
      const byTicket = groupByTicket(events);
      return rows.map((r) => toView(r, byTicket.get(String(r.id)) ?? [], now, null));
    },
    (list) => [
      {
        action: 'search',
        resourceType: 'HelpdeskTicket',
        subject: `queue=${filter.queue ?? '*'} level=${filter.level ?? '*'} state=${filter.state ?? 'open'}${filter.callback ? ' callback=due' : ''}`,
        purpose: PURPOSE,
      },
      ...list
        .filter((t) => t.patientId)
        .map((t) => ({
          action: 'search' as const,
          resourceType: 'HelpdeskTicket',
          resourceId: t.id,
          patientId: t.patientId,
          purpose: PURPOSE,
        })),
    ],
  );
}

// --- the clock ----------------------------------------------------------------------------------------

type PeriodEvent = Pick<repo.EventRow, 'kind' | 'at' | 'to_state' | 'to_level'>;

/** Events by their ticket's id, each ticket's in the order given. */
export function groupByTicket<E extends { ticket_id: string | number }>(
  events: readonly E[],
): Map<string, E[]> {
  const byTicket = new Map<string, E[]>();
  for (const e of events) {
    const key = String(e.ticket_id);
    const list = byTicket.get(key);
    if (list) list.push(e);
    else byTicket.set(key, [e]);
  }
  return byTicket;
}

/** The spans the ticket spent waiting on the citizen or a third party, from its history. */
function pausesOf(events: readonly PeriodEvent[], pausing: readonly string[]): Span[] {
  const spans: Span[] = [];
  let since: number | null = null;
  for (const e of events) {
    if (e.kind === 'note') continue;
    const to = e.to_state as TicketState | null;
    const at = new Date(e.at).getTime();
    // Waiting on someone stops the clock; so does a resolution the citizen's reply later reopened.
    if (to && (pausing.includes(to) || to === 'resolved' || to === 'closed')) since ??= at;
    else if (to && since !== null) {
      spans.push({ start: since, end: at });
      since = null;
    }
  }
  if (since !== null) spans.push({ start: since, end: null });
  return spans;
}

export const dueAt = (received: number, budget: number, pauses: Span[]) => {
  const due = deadline(received, budget, pauses);
  return due === null ? null : new Date(due);
};

/** Recomputes the ticket's service-level deadline from its history (after any change to it). */
export async function refreshDeadline(db: Db, id: string): Promise<void> {
  const t = (await repo.findTicket(db, id))!;
  const rules = clockRules(t.queue);
  const budget = budgetMs(t.channel as Channel, t.level as Level, rules);
  const done = t.state === 'resolved' || t.state === 'closed';
  const events = await repo.ticketEvents(db, [id]);
  const due =
    budget === null || done
      ? null
      : dueAt(new Date(t.received_at).getTime(), budget, pausesOf(events, rules.pausing));
  await repo.updateTicket(db, id, { due_at: due });
}

/** A ticket with its thread and history, unaudited: for services that audited their own access. */
export async function ticketView(db: Db, id: string, now: Date): Promise<TicketView> {
  const t = await repo.findTicket(db, id);
  if (!t) throw notFound('ticket', 'id');
  const thread = {
    messages: await mailRepo.ticketMessages(db, [id]),
    attachments: await mailRepo.ticketAttachments(db, id),
    links: await repo.ticketLinks(db, id),
  };
  return toView(t, await repo.ticketEvents(db, [id]), now, thread);
}

export function toView(
  t: repo.TicketRow,
  events: readonly repo.EventRow[],
  now: Date,
  thread: {
    messages: mailRepo.MessageRow[];
    attachments: mailRepo.AttachmentRow[];
    links: Awaited<ReturnType<typeof repo.ticketLinks>>;
  } | null,
): TicketView {
  const state = t.state as TicketState;
  const level = t.level as Level;
  const rules = clockRules(t.queue);
  const budget = budgetMs(t.channel as Channel, level, rules);
  const pauses = pausesOf(events, rules.pausing);
  const waiting = rules.pausing.includes(state);
  const received = new Date(t.received_at).getTime();
  const end = t.resolved_at ? new Date(t.resolved_at).getTime() : now.getTime();
  const used = countedMs(received, end, pauses);
  const queue = queueById(t.queue);
  return {
    id: String(t.id),
    number: `#${t.id}`,
    queue: t.queue,
    queueName: queue?.name ?? t.queue,
    level,
    state,
    channel: t.channel as Channel,
    subject: t.subject,
    requester: { name: t.requester_name, email: t.requester_email, phone: t.requester_phone },
    patientId: t.patient_id,
    fiscalCode: t.fiscal_code ?? null,
    callId: t.call_id,
    receivedAt: new Date(t.received_at).toISOString(),
    dueAt: t.due_at ? new Date(t.due_at).toISOString() : null,
    clock: {
      budgetMinutes: budget === null ? null : budget / 60_000,
      usedMinutes: Math.floor(used / 60_000),
      remainingMinutes: budget === null ? null : Math.ceil((budget - used) / 60_000),
      paused: waiting,
      breached: budget !== null && used > budget,
      warning: !waiting && state !== 'resolved' && state !== 'closed' && nearBreach(budget, used),
    },
    resolvedAt: t.resolved_at ? new Date(t.resolved_at).toISOString() : null,
    closedAt: t.closed_at ? new Date(t.closed_at).toISOString() : null,
    moves: [...movesFrom(state)],
    pec: (t.pec as PecData | null) ?? null,
    callback: t.callback_due_at
      ? {
          dueAt: new Date(t.callback_due_at).toISOString(),
          doneAt: t.callback_done_at ? new Date(t.callback_done_at).toISOString() : null,
        }
      : null,
    referral:
      t.referral_name && t.referral_email && t.referral_sent_at && t.referral_expires_at
        ? {
            department: t.referral_name,
            email: t.referral_email,
            sentAt: new Date(t.referral_sent_at).toISOString(),
            expiresAt: new Date(t.referral_expires_at).toISOString(),
            openedAt: t.referral_opened_at ? new Date(t.referral_opened_at).toISOString() : null,
            answeredAt: t.referral_answered_at ? new Date(t.referral_answered_at).toISOString() : null,
          }
        : null,
    mergedInto: t.merged_into === null ? null : String(t.merged_into),
    links: (thread?.links ?? []).map((l) => ({
      id: String(l.id),
      number: `#${l.id}`,
      subject: l.subject,
      state: l.state as TicketState,
      level: l.level as Level,
      relation: l.relation,
    })),
    messages: (thread?.messages ?? []).map((m) => ({
      id: String(m.id),
      direction: m.direction,
      kind: m.disposition,
      from: m.from_address,
      to: m.to_address,
      subject: m.subject,
      body: m.body,
      at: new Date(m.at).toISOString(),
      status: m.status,
      threadLayer: m.thread_layer,
      label: m.label,
      error: m.error,
    })),
    attachments: (thread?.attachments ?? []).map((a) => ({
      id: String(a.id),
      messageId: String(a.message_id),
      filename: a.filename,
      contentType: a.content_type,
      size: a.size,
      sha256: a.sha256,
      refused: a.refused ?? (a.stored ? null : 'destroyed'),
      scan: a.scan,
    })),
    history: thread
      ? events.map((e) => ({
          id: String(e.id),
          at: new Date(e.at).toISOString(),
          kind: e.kind,
          actor: e.actor_name ?? null,
          fromState: e.from_state,
          toState: e.to_state,
          fromLevel: e.from_level,
          toLevel: e.to_level,
          body: e.body,
        }))
      : [],
  };
}

/** An attachment's content, to download (audited as a read of the ticket's personal data). */
export async function getAttachment(
  db: Db,
  ctx: RequestContext,
  ticketId: string,
  attachmentId: string,
): Promise<{ filename: string; contentType: string; content: Buffer }> {
  return auditedRead(
    db,
    ctx,
    async (tx) => {
      const t = await repo.findTicket(tx, ticketId);
      if (!t || t.level < lowestLevelSeen(ctx.actor?.roles ?? [])) throw notFound('ticket', 'id');
      const a = await mailRepo.attachmentContent(tx, ticketId, attachmentId);
      if (!a) throw notFound('attachment', 'attachmentId');
      if (!a.content)
        throw new AppError(
          'INVALID_STATE',
          'this attachment was not kept (refused or destroyed)',
          'attachmentId',
        );
      return {
        filename: a.filename,
        contentType: a.content_type,
        content: a.content,
        patientId: t.patient_id,
      };
    },
    (a) => [
      {
        action: 'read',
        resourceType: 'HelpdeskAttachment',
        resourceId: attachmentId,
        patientId: a.patientId,
        purpose: PURPOSE,
      },
    ],
  );
}

/** A ticket of a period as the contract measures it (MR-5; the reporting module's help-desk levels). */
export interface PeriodTicket {
  id: string;
  queue: string;
  written: boolean;
  highestLevel: number;
  resolved: boolean;
  /** Counted minutes from the request to its resolution, or to `now` while open; waiting not counted. */
  countedMinutes: number;
}

/** MR-5: the tickets received in [from, to), each measured on the business clock as of `now`. */
export async function ticketsOfPeriod(db: Db, from: Date, to: Date, now: Date): Promise<PeriodTicket[]> {
  const rows = await repo.ticketsReceived(db, from, to);
  const events = await repo.periodEvents(db, from, to);
  const byTicket = groupByTicket(events);
  return rows.map((t) => {
    const history = byTicket.get(String(t.id)) ?? [];
    const received = new Date(t.received_at).getTime();
    const end = t.resolved_at ? new Date(t.resolved_at).getTime() : now.getTime();
    return {
      id: String(t.id),
      queue: t.queue,
      written: isWritten(t.channel as Channel),
      highestLevel: Math.max(t.level, ...history.map((e) => e.to_level ?? 0)),
      resolved: t.resolved_at !== null,
      countedMinutes: Math.floor(
        countedMs(received, end, pausesOf(history, clockRules(t.queue).pausing)) / 60_000,
      ),
    };
  });
}
