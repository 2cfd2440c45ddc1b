import { audit } from '../../platform/audit.ts';
import { romeDate, romePeriod } from '../../platform/calendar.ts';
import type { RequestContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db.ts';
import { attendanceSummary } from '../booking/index.ts';
import * as outbox from './outbox.repository.ts';
import * as repo from './outreach.repository.ts';
import { MAX_PERIOD_DAYS } from './outreach.schemas.ts';
import type { OutreachStatus } from './outreach.types.ts';

/** +39 333 1234567 → •••4567; mario.rossi@example.it → •••@example.it: enough to tell messages apart. */
export const maskRecipient = (r: string) =>
  r.includes('@') ? `•••${r.slice(r.indexOf('@'))}` : `•••${r.slice(-4)}`;

const period = (ctx: RequestContext, q: { from?: string | undefined; to?: string | undefined }) =>
  romePeriod(romeDate(ctx.clock.now()), q, MAX_PERIOD_DAYS);

/** The "Messaggi" page: what went to patients in a period, how it went, and what they answered. */
export async function messagesPage(
  db: Db,
  ctx: RequestContext,
  q: { from?: string | undefined; to?: string | undefined; status?: OutreachStatus | undefined },
  label: 'simulazione' | null,
) {
  const { from, to, start, end } = period(ctx, q);
  return db.transaction().execute(async (tx) => {
    const [counts, items, replies] = await Promise.all([
      outbox.countByStatus(tx, start, end),
      outbox.listMessages(tx, { from: start, to: end, status: q.status, limit: 500 }),
      repo.listReplies(tx, start, end, 200),
    ]);
    await audit(tx, ctx, {
      action: 'search',
      resourceType: 'OutreachMessage',
      purpose: 'outreach-monitoring',
    });
    return {
      label,
      from,
      to,
      counts,
      items: items.map((m) => ({
        id: m.id,
        kind: m.kind,
        channel: m.channel,
        recipient: maskRecipient(m.recipient),
        text: m.text,
        status: m.status,
        attempts: m.attempts,
        segments: m.segments,
        sendAfter: m.sendAfter.toISOString(),
        submittedAt: m.submittedAt?.toISOString() ?? null,
        deliveredAt: m.deliveredAt?.toISOString() ?? null,
        error: m.error,
        createdAt: m.createdAt.toISOString(),
      })),
      replies: replies.map((r) => ({
        channel: r.channel,
        sender: r.channel === 'link' ? 'link' : maskRecipient(r.sender),
        text: r.text,
        receivedAt: new Date(r.received_at).toISOString(),
        intent: r.intent,
        outcome: r.outcome,
      })),
    };
  });
}

/**
 * The CUP manager's Outreach page (issue 11 §7): the period's reminders by status, the patients' answers
 * by what they asked and what came of it, and the attendance of the appointments of the period (marked
 * at the facility desk; a past appointment nobody marked is unknown, not a no-show). Counts only.
 */
export async function outreachSummary(
  db: Db,
  ctx: RequestContext,
  q: { from?: string | undefined; to?: string | undefined },
  label: 'simulazione' | null,
) {
  const { from, to, start, end } = period(ctx, q);
  const [reminders, replies, attendance] = await Promise.all([
    outbox.countReminders(db, start, end),
    repo.countReplies(db, start, end),
    attendanceSummary(db, start, end, ctx.clock.now()),
  ]);
  const sum = (f: (r: (typeof replies)[number]) => boolean) => replies.filter(f).reduce((n, r) => n + r.n, 0);
  return {
    label,
    from,
    to,
    reminders,
    replies: {
      confirmed: sum((r) => r.outcome === 'confirmed'),
      cancelled: sum((r) => r.outcome === 'cancelled'),
      optedOut: sum((r) => r.intent === 'stop'),
      notUnderstood: sum((r) => r.intent === 'unknown'),
      other: sum(
        (r) =>
          r.intent !== 'stop' &&
          r.intent !== 'unknown' &&
          r.outcome !== 'confirmed' &&
          r.outcome !== 'cancelled',
      ),
    },
    attendance,
  };
}
