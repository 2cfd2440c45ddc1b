import { Type } from '@fastify/type-provider-typebox';
import { type App, type AppDeps, contextOf, errorResponses, sendUploadedFile } from '../../platform/http.ts';
import {
  AttachmentParams,
  LegalHoldBody,
  LegalHoldSchema,
  LinkBody,
  LinkParams,
  MergeBody,
  NewTicketBody,
  TicketActionBody,
  TicketIdParams,
  TicketListQuery,
  TicketSchema,
} from './helpdesk.schemas.ts';
import { createTicketWithDocuments, MAX_DOCUMENTS } from './intake/documents.service.ts';
import { type HelpdeskMail, queueOutgoing } from './intake/mail.service.ts';
import { macroRoutes } from './macros.routes.ts';
import { citizenTickets, linkTickets, mergeTicket } from './merge.service.ts';
import { referralRoutes } from './referral.routes.ts';
import { getLegalHold, setLegalHold } from './retention.service.ts';
import { staffsQueue } from './rules/access.ts';
import { allQueues } from './rules/queues.ts';
import { getAttachment, getTicket, listTickets } from './tickets/ticket-view.service.ts';
import { actOnTicket, createTicket, type Outbox, parseAction } from './tickets/tickets.service.ts';

const tags = ['helpdesk'];
const ticket = { 200: Type.Ref('HelpdeskTicket'), ...errorResponses };

// Issue 16, first part: tickets over HTTP. The front line opens them, the back office works them,
// supervisors read them.
export function helpdeskRoutes(app: App, deps: AppDeps, mail: HelpdeskMail) {
  app.addSchema(TicketSchema);
  const outbox: Outbox = {
    queue: (tx, ctx, ticketId, kind, text, recipient) =>
      queueOutgoing(tx, ctx, mail, ticketId, kind, text, recipient),
    publicUrl: mail.publicUrl,
  };

  app.get(
    '/api/v1/helpdesk/queues',
    {
      config: { roles: ['operator', 'backoffice', 'second-level', 'supervisor'] },
      schema: {
        tags,
        summary: 'The queues of competence (HD-1) and the level each starts at',
        response: {
          200: Type.Object({
            queues: Type.Array(
              Type.Object({
                id: Type.String(),
                name: Type.String(),
                level: Type.Integer(),
                works: Type.Boolean({
                  description: 'Whether the caller is on its staff (a queue without its own staff: everyone)',
                }),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const actor = contextOf(request, deps.clock).actor;
      return {
        queues: allQueues().map((q) => ({
          id: q.id,
          name: q.name,
          level: q.level,
          works: actor ? staffsQueue(q, actor.username, actor.roles) : false,
        })),
      };
    },
  );

  app.post(
    '/api/v1/helpdesk/tickets',
    {
      config: { roles: ['operator', 'backoffice'], personalData: 'HelpdeskTicket' },
      // Documents arrive base64-encoded (a third larger) inside the JSON body.
      bodyLimit: Math.ceil((mail.maxAttachmentBytes * MAX_DOCUMENTS * 4) / 3) + 1024 * 1024,
      schema: {
        tags,
        summary: 'Open a ticket for a request (phone, e-mail, PEC, fax, letter, web) in its queue (HD-1)',
        body: NewTicketBody,
        response: { 201: Type.Ref('HelpdeskTicket'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { documents, ...input } = request.body;
      const ctx = contextOf(request, deps.clock);
      const ticket = documents?.length
        ? await createTicketWithDocuments(deps.db, ctx, mail, input, documents)
        : await createTicket(deps.db, ctx, input);
      return reply.status(201).send(ticket);
    },
  );

  app.get(
    '/api/v1/helpdesk/tickets',
    {
      config: {
        roles: ['operator', 'backoffice', 'second-level', 'supervisor'],
        personalData: 'HelpdeskTicket',
      },
      schema: {
        tags,
        summary: 'Tickets of a queue, level or state, the nearest service-level deadline first (HD-6)',
        querystring: TicketListQuery,
        response: {
          200: Type.Object({ tickets: Type.Array(Type.Ref('HelpdeskTicket')) }),
          ...errorResponses,
        },
      },
    },
    async (request) => ({
      tickets: await listTickets(deps.db, contextOf(request, deps.clock), request.query),
    }),
  );

  app.get(
    '/api/v1/helpdesk/tickets/:id',
    {
      config: {
        roles: ['operator', 'backoffice', 'second-level', 'supervisor'],
        personalData: 'HelpdeskTicket',
      },
      schema: {
        tags,
        summary: 'A ticket with its clock and history',
        params: TicketIdParams,
        response: ticket,
      },
    },
    async (request) => getTicket(deps.db, contextOf(request, deps.clock), request.params.id),
  );

  app.post(
    '/api/v1/helpdesk/tickets/:id/actions',
    {
      config: { roles: ['operator', 'backoffice', 'second-level'], personalData: 'HelpdeskTicket' },
      schema: {
        tags,
        summary:
          'Move a ticket (open, waiting on the citizen or a third party, resolved with the outcome for the citizen, closed), escalate it with the reason (HD-2), answer the citizen by e-mail, add an internal note (back office); report a call back done (front end too)',
        params: TicketIdParams,
        body: TicketActionBody,
        response: ticket,
      },
    },
    async (request) =>
      actOnTicket(
        deps.db,
        contextOf(request, deps.clock),
        request.params.id,
        parseAction(request.body),
        outbox,
      ),
  );

  app.get(
    '/api/v1/helpdesk/tickets/:id/attachments/:attachmentId',
    {
      config: {
        roles: ['operator', 'backoffice', 'second-level', 'supervisor'],
        personalData: 'HelpdeskAttachment',
      },
      schema: {
        tags,
        summary:
          "An attachment of a ticket's e-mail, as it arrived (refused and destroyed ones are not kept)",
        params: AttachmentParams,
        response: { 200: Type.Any({ description: 'The file' }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const a = await getAttachment(
        deps.db,
        contextOf(request, deps.clock),
        request.params.id,
        request.params.attachmentId,
      );
      return sendUploadedFile(reply, a);
    },
  );

  app.put(
    '/api/v1/helpdesk/tickets/:id/legal-hold',
    {
      config: { roles: ['privacy-officer'] },
      schema: {
        tags,
        summary:
          "Put a ticket under legal hold (its e-mails and attachments outlive the contract's end) or lift it (HD-5)",
        params: TicketIdParams,
        body: LegalHoldBody,
        response: { 200: LegalHoldSchema, ...errorResponses },
      },
    },
    async (request) => setLegalHold(deps.db, contextOf(request, deps.clock), request.params.id, request.body),
  );

  app.get(
    '/api/v1/helpdesk/tickets/:id/legal-hold',
    {
      config: { roles: ['privacy-officer'] },
      schema: {
        tags,
        summary:
          'Whether a ticket is under legal hold, and whether its content was destroyed (HD-5) — nothing else of the ticket',
        params: TicketIdParams,
        response: { 200: LegalHoldSchema, ...errorResponses },
      },
    },
    async (request) => getLegalHold(deps.db, contextOf(request, deps.clock), request.params.id),
  );

  app.post(
    '/api/v1/helpdesk/tickets/:id/merge',
    {
      config: { roles: ['backoffice', 'second-level'], personalData: 'HelpdeskTicket' },
      schema: {
        tags,
        summary:
          'Merge this duplicate into the ticket that carries on (HD-2): its e-mails and attachments move there, it is closed pointing to it (late replies follow), the kept ticket counts from the earlier request; returns the kept ticket',
        params: TicketIdParams,
        body: MergeBody,
        response: ticket,
      },
    },
    async (request) =>
      mergeTicket(deps.db, contextOf(request, deps.clock), request.params.id, request.body.into),
  );

  app.post(
    '/api/v1/helpdesk/tickets/:id/links',
    {
      config: { roles: ['backoffice', 'second-level'], personalData: 'HelpdeskTicket' },
      schema: {
        tags,
        summary: 'Link a related ticket, both ways (HD-2); linking twice changes nothing',
        params: TicketIdParams,
        body: LinkBody,
        response: ticket,
      },
    },
    async (request) =>
      linkTickets(deps.db, contextOf(request, deps.clock), request.params.id, request.body.ticket, true),
  );

  app.delete(
    '/api/v1/helpdesk/tickets/:id/links/:other',
    {
      config: { roles: ['backoffice', 'second-level'], personalData: 'HelpdeskTicket' },
      schema: {
        tags,
        summary: 'Unlink a related ticket',
        params: LinkParams,
        response: ticket,
      },
    },
    async (request) =>
      linkTickets(deps.db, contextOf(request, deps.clock), request.params.id, request.params.other, false),
  );

  app.get(
    '/api/v1/helpdesk/tickets/:id/citizen-tickets',
    {
      config: {
        roles: ['operator', 'backoffice', 'second-level', 'supervisor'],
        personalData: 'HelpdeskTicket',
      },
      schema: {
        tags,
        summary:
          "The same citizen's other tickets (same e-mail, phone or patient), newest first — duplicates to merge, cases to link",
        params: TicketIdParams,
        response: {
          200: Type.Object({
            tickets: Type.Array(
              Type.Object({
                id: Type.String(),
                number: Type.String(),
                subject: Type.String(),
                state: Type.String(),
                level: Type.Integer(),
                queueName: Type.String(),
                channel: Type.String(),
                receivedAt: Type.String({ format: 'date-time' }),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => ({
      tickets: await citizenTickets(deps.db, contextOf(request, deps.clock), request.params.id),
    }),
  );

  macroRoutes(app, deps);
  referralRoutes(app, deps);
}
