import { Type } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { romeDate } from '../../platform/calendar.ts';
import { AppError } from '../../platform/errors.ts';
import { type App, type AppDeps, contextOf, errorResponses, sendUploadedFile } from '../../platform/http.ts';
import { UserLimits } from '../../platform/limits.ts';
import {
  AfterQuery,
  ChatParams,
  ChatQueueSchema,
  ChatStartedSchema,
  ChatSummarySchema,
  CitizenChatSchema,
  CloseBody,
  DocumentBody,
  DocumentParams,
  LeaveBody,
  SayBody,
  StaffChatSchema,
  StartBody,
  StepBody,
  SummaryQuery,
  TicketBody,
  TokenHeaders,
} from './chat.schemas.ts';
import {
  askOperator,
  type ChatSettings,
  citizenCloses,
  citizenSays,
  leaveRequest,
  readChat,
  startChat,
} from './chat.service.ts';
import type { ChatPresence } from './chat.types.ts';
import {
  acceptChat,
  agentCloses,
  agentSays,
  chatQueue,
  chatToTicket,
  staffReadChat,
} from './desk.service.ts';
import { chatDocument, citizenSendsDocument, type DocumentChecks } from './documents.service.ts';
import { chatSummary } from './upkeep.service.ts';

const CITIZEN = '/api/v1/portal/chat';
const STAFF = '/api/v1/chat';
const PUBLIC = { roles: [] as [] };
/** CC-10 is the front end's channel (CC-9): its operators answer chats. */
const AGENT = { roles: ['operator' as const], personalData: 'ChatConversation' };
/** Who watches the channel: its queue (no contents) and the day's figures. */
const WATCH = { roles: ['operator' as const, 'supervisor' as const, 'cup-manager' as const] };

/** Public routes' fences, in this process (the proxy's limits are the outer fence). */
const LIMITS = {
  stepsPerMinute: 30,
  pollsPerMinute: 90,
};

function tokenOf(request: FastifyRequest): string {
  const token = request.headers['x-chat-token'];
  if (typeof token !== 'string' || !token)
    throw new AppError('UNAUTHENTICATED', 'send the chat’s token as X-Chat-Token');
  return token;
}

export function chatRoutes(
  app: App,
  deps: AppDeps,
  settings: ChatSettings,
  presence: ChatPresence,
  /** The help desk's virus scan (its size limit is the chat's own setting, from the same variable). */
  documents: Pick<DocumentChecks, 'scan'>,
) {
  app.addSchema(CitizenChatSchema);
  app.addSchema(ChatStartedSchema);
  app.addSchema(StaffChatSchema);
  app.addSchema(ChatQueueSchema);
  app.addSchema(ChatSummarySchema);
  const limits = new UserLimits();
  const now = () => deps.clock.now().getTime();
  const citizen = { 200: Type.Ref('CitizenChat'), ...errorResponses };
  const staff = { 200: Type.Ref('StaffChat'), ...errorResponses };
  const tags = ['chat'];
  const step = (request: FastifyRequest & { params: { id: string } }) => {
    limits.rate('chat messages', request.params.id, LIMITS.stepsPerMinute, 60_000, now());
    return tokenOf(request);
  };

  // --- the citizen (public: the token given at the start is the conversation's key) ---

  app.post(
    CITIZEN,
    {
      config: PUBLIC,
      schema: {
        tags,
        summary:
          'Start a chat (CC-10): the automatic reception answers the first message with the way to do it on the portal, or passes the citizen to an operator',
        body: StartBody,
        response: { 201: Type.Ref('ChatStarted'), ...errorResponses },
      },
    },
    async (request, reply) => {
      limits.rate('chats started', request.ip, settings.startsPer10Min, 600_000, now());
      return reply
        .status(201)
        .send(await startChat(deps.db, contextOf(request, deps.clock), settings, request.body));
    },
  );

  app.get(
    `${CITIZEN}/:id`,
    {
      config: PUBLIC,
      schema: {
        tags,
        summary:
          "The chat's state and the messages after `after` (the citizen's page asks every few seconds)",
        params: ChatParams,
        querystring: AfterQuery,
        headers: TokenHeaders,
        response: citizen,
      },
    },
    async (request) => {
      limits.rate('chat polls', request.params.id, LIMITS.pollsPerMinute, 60_000, now());
      return readChat(
        deps.db,
        deps.clock,
        settings,
        request.params.id,
        tokenOf(request),
        request.query.after,
      );
    },
  );

  app.post(
    `${CITIZEN}/:id/messages`,
    {
      config: PUBLIC,
      schema: {
        tags,
        summary: 'The citizen writes',
        params: ChatParams,
        headers: TokenHeaders,
        body: SayBody,
        response: citizen,
      },
    },
    async (request) =>
      citizenSays(
        deps.db,
        contextOf(request, deps.clock),
        settings,
        request.params.id,
        step(request),
        request.body,
      ),
  );

  app.post(
    `${CITIZEN}/:id/documents`,
    {
      config: PUBLIC,
      // A document's base64 is a third larger than the file.
      bodyLimit: Math.ceil((settings.documentMaxBytes * 4) / 3) + 64 * 1024,
      schema: {
        tags,
        summary:
          'The citizen sends a document (HD-3: a prescription, a letter) once an operator is asked for: checked as a help-desk attachment (allow-list, size, virus scan), at most 5 a chat',
        params: ChatParams,
        headers: TokenHeaders,
        body: DocumentBody,
        response: citizen,
      },
    },
    async (request) =>
      citizenSendsDocument(
        deps.db,
        contextOf(request, deps.clock),
        settings,
        { maxAttachmentBytes: settings.documentMaxBytes, scan: documents.scan },
        request.params.id,
        step(request),
        request.body,
      ),
  );

  app.post(
    `${CITIZEN}/:id/operator`,
    {
      config: PUBLIC,
      schema: {
        tags,
        summary:
          "Ask for a person: the chat waits in the operators' queue, or out of hours is told when they are back",
        params: ChatParams,
        headers: TokenHeaders,
        body: StepBody,
        response: citizen,
      },
    },
    async (request) =>
      askOperator(
        deps.db,
        contextOf(request, deps.clock),
        settings,
        request.params.id,
        step(request),
        request.body.after,
      ),
  );

  app.post(
    `${CITIZEN}/:id/request`,
    {
      config: PUBLIC,
      schema: {
        tags,
        summary:
          'Leave a written request with an e-mail address (HD-1): it becomes a help-desk ticket with the conversation, and the chat ends',
        params: ChatParams,
        headers: TokenHeaders,
        body: LeaveBody,
        response: citizen,
      },
    },
    async (request) =>
      leaveRequest(
        deps.db,
        contextOf(request, deps.clock),
        settings,
        request.params.id,
        step(request),
        request.body,
      ),
  );

  app.post(
    `${CITIZEN}/:id/close`,
    {
      config: PUBLIC,
      schema: {
        tags,
        summary: 'End the chat, with a rating of 1–5 if given (also after the operator ended it)',
        params: ChatParams,
        headers: TokenHeaders,
        body: CloseBody,
        response: citizen,
      },
    },
    async (request) =>
      citizenCloses(
        deps.db,
        contextOf(request, deps.clock),
        settings,
        request.params.id,
        step(request),
        request.body,
      ),
  );

  // --- the operators ---

  app.get(
    `${STAFF}/queue`,
    {
      config: WATCH,
      schema: {
        tags,
        summary:
          "The chats waiting (longest first, no contents), the caller's own, and whether the desk is open",
        response: { 200: Type.Ref('ChatQueue'), ...errorResponses },
      },
    },
    async (request) => chatQueue(deps.db, contextOf(request, deps.clock), settings, presence),
  );

  app.get(
    `${STAFF}/summary`,
    {
      config: WATCH,
      schema: {
        tags,
        summary:
          "A Rome day's chats (docs/indicators.md): started, self-service, answered, abandoned, waits, ratings",
        querystring: SummaryQuery,
        response: { 200: Type.Ref('ChatSummary'), ...errorResponses },
      },
    },
    async (request) => chatSummary(deps.db, request.query.date ?? romeDate(deps.clock.now())),
  );

  app.post(
    `${STAFF}/:id/accept`,
    {
      config: AGENT,
      schema: {
        tags,
        summary:
          'Answer a waiting chat (at most CHAT_MAX_PER_AGENT at once); the citizen is told the operator’s code (audited)',
        params: ChatParams,
        body: Type.Object({}, { additionalProperties: false }),
        response: staff,
      },
    },
    async (request) =>
      acceptChat(deps.db, contextOf(request, deps.clock), settings, presence, request.params.id),
  );

  app.get(
    `${STAFF}/:id`,
    {
      config: AGENT,
      schema: {
        tags,
        summary:
          'A chat the caller answers, with the messages after `after` (audited when it hands any over)',
        params: ChatParams,
        querystring: AfterQuery,
        response: staff,
      },
    },
    async (request) =>
      staffReadChat(deps.db, contextOf(request, deps.clock), request.params.id, request.query.after),
  );

  app.get(
    `${STAFF}/:id/documents/:seq`,
    {
      config: { ...AGENT, personalData: 'ChatAttachment' },
      schema: {
        tags,
        summary: 'A document the citizen sent, for the operator who answers the chat (audited)',
        params: DocumentParams,
        response: { 200: Type.Any({ description: 'The file' }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const d = await chatDocument(
        deps.db,
        contextOf(request, deps.clock),
        request.params.id,
        request.params.seq,
      );
      return sendUploadedFile(reply, d);
    },
  );

  app.post(
    `${STAFF}/:id/messages`,
    {
      config: AGENT,
      schema: { tags, summary: 'The operator writes', params: ChatParams, body: SayBody, response: staff },
    },
    async (request) => agentSays(deps.db, contextOf(request, deps.clock), request.params.id, request.body),
  );

  app.post(
    `${STAFF}/:id/close`,
    {
      config: AGENT,
      schema: {
        tags,
        summary: 'The operator ends the chat (answered)',
        params: ChatParams,
        body: StepBody,
        response: staff,
      },
    },
    async (request) =>
      agentCloses(deps.db, contextOf(request, deps.clock), request.params.id, request.body.after),
  );

  app.post(
    `${STAFF}/:id/ticket`,
    {
      config: AGENT,
      schema: {
        tags,
        summary:
          'Pass the chat to the back office (HD-1): a help-desk ticket with the transcript; the citizen is told its number',
        params: ChatParams,
        body: TicketBody,
        response: staff,
      },
    },
    async (request) => chatToTicket(deps.db, contextOf(request, deps.clock), request.params.id, request.body),
  );
}
