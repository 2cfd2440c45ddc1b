/**
 * Answer templates (HD-2): supervisors write them, for every queue or one; the back office picks one
 * beside a ticket and gets its text with the ticket's values in, to edit before sending.
 */
import { actorOf, type RequestContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db.ts';
import { invalidField, notFound } from '../../platform/errors.ts';
import { expandMacro, unknownPlaceholders } from './rules/macros.ts';
import { queueById } from './rules/queues.ts';
import { getTicket } from './tickets/ticket-view.service.ts';
import * as repo from './tickets/tickets.repository.ts';

export interface Macro {
  id: string;
  title: string;
  body: string;
  queue: string | null;
  archived: boolean;
  updatedAt: string;
  text?: string;
}

export interface MacroInput {
  title: string;
  body: string;
  queue?: string | null | undefined;
  archived?: boolean | undefined;
}

const toMacro = (r: repo.MacroRow): Macro => ({
  id: String(r.id),
  title: r.title,
  body: r.body,
  queue: r.queue,
  archived: r.archived,
  updatedAt: new Date(r.updated_at).toISOString(),
});

function check(input: MacroInput) {
  const title = input.title.trim();
  if (!title) throw invalidField('title', 'give the template a title');
  const body = input.body.trim();
  if (!body) throw invalidField('body', 'the template is empty');
  const unknown = unknownPlaceholders(body);
  if (unknown.length)
    throw invalidField(
      'body',
      `unknown placeholder {{${unknown[0]}}}: use {{numero}}, {{nome}}, {{oggetto}} or {{coda}}`,
    );
  if (input.queue && !queueById(input.queue)) throw invalidField('queue', `no queue ${input.queue}`);
  return { title, body, queue: input.queue ?? null };
}

export async function listMacros(
  db: Db,
  opts: { queue?: string | undefined; archived?: boolean | undefined },
): Promise<Macro[]> {
  if (opts.queue && !queueById(opts.queue)) throw invalidField('queue', `no queue ${opts.queue}`);
  return (await repo.listMacros(db, { queue: opts.queue, archived: opts.archived ?? false })).map(toMacro);
}

export async function createMacro(db: Db, ctx: RequestContext, input: MacroInput): Promise<Macro> {
  const actor = actorOf(ctx);
  const row = await repo.insertMacro(db, {
    ...check(input),
    archived: input.archived ?? false,
    updated_at: ctx.clock.now(),
    updated_by: actor.id,
  });
  return toMacro(row);
}

export async function updateMacro(
  db: Db,
  ctx: RequestContext,
  id: string,
  input: MacroInput,
): Promise<Macro> {
  const actor = actorOf(ctx);
  const row = await repo.updateMacro(db, id, {
    ...check(input),
    archived: input.archived ?? false,
    updated_at: ctx.clock.now(),
    updated_by: actor.id,
  });
  if (!row) throw notFound('template', 'id');
  return toMacro(row);
}

/** The templates for a ticket's queue, each with the ticket's values in (reading the ticket: audited). */
export async function macrosForTicket(db: Db, ctx: RequestContext, ticketId: string): Promise<Macro[]> {
  const t = await getTicket(db, ctx, ticketId);
  const values = {
    number: t.number,
    requesterName: t.requester.name,
    subject: t.subject,
    queueName: t.queueName,
  };
  return (await repo.listMacros(db, { queue: t.queue, archived: false })).map((r) => ({
    ...toMacro(r),
    text: expandMacro(r.body, values),
  }));
}
