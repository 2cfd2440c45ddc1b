import { Type } from '@fastify/type-provider-typebox';
import fastifyWebsocket from '@fastify/websocket';
import type { FastifyRequest } from 'fastify';
import type { Role } from '../../platform/context.ts';
import { type App, type AppDeps, contextOf, errorResponses } from '../../platform/http.ts';
import { agentAct, agentLogin, type ConsoleAction, myAgent } from './console.service.ts';
import {
  AgentConsoleSchema,
  ContactSchema,
  ExchangeSchema,
  PendingCallbackSchema,
  SnapshotSchema,
  StreamMessageSchema,
} from './contact-centre.schemas.ts';
import {
  injectSimulatedCall,
  type LiveContactCentre,
  requireCentre,
  scriptSimulatedPerson,
  simulatedCallChoices,
} from './contact-centre.service.ts';
import { SnapshotStream, send } from './contact-centre.stream.ts';
import { callHistory, numberHistory, patientHistory, recoveredCallbacks } from './history.service.ts';
import { promptRoutes } from './prompts.routes.ts';

/** People who work calls: they act on their own agent only (admin passes every check). */
const AGENTS: Role[] = ['operator', 'backoffice'];
export const CONTACT_CENTRE_API = '/api/v1/contact-centre';

/** Who reads the live picture. */
const READERS: Role[] = ['operator', 'backoffice', 'supervisor', 'cup-manager'];
const TAGS = ['contact-centre'];
/** Simulated calls one user may place in an hour. */
export const SIMULATED_CALLS_PER_HOUR = { max: 120, windowSeconds: 3600 };

/**
 * The live contact centre over HTTP and WebSocket: the console (my agent, its actions, the call card),
 * the live snapshot's stream, contact history (MR-1) and simulated calls. `centre` is null when the centre
 * is off (CONTACT_CENTRE=off): the live routes answer 409 then, while history still works.
 */
export async function contactCentreRoutes(
  app: App,
  deps: AppDeps,
  centre: LiveContactCentre | null,
): Promise<void> {
  const BASE = CONTACT_CENTRE_API;
  await app.register(fastifyWebsocket, { options: { maxPayload: 4096 } });
  for (const s of [SnapshotSchema, AgentConsoleSchema, ContactSchema, StreamMessageSchema]) {
    app.addSchema(s);
  }
  const ctx = (request: FastifyRequest) => contextOf(request, deps.clock);
  const stream = centre ? new SnapshotStream(centre) : null;
  app.addHook('onClose', async () => stream?.close());

  app.get(
    `${BASE}/state`,
    {
      config: { roles: READERS },
      schema: {
        tags: TAGS,
        summary: 'The live picture: lines, queues, agents, calls in progress (labelled simulazione)',
        response: { 200: Type.Ref('ContactCentreSnapshot'), ...errorResponses },
      },
    },
    async () => requireCentre(centre).snapshot(),
  );

  app.get(
    `${BASE}/agent`,
    {
      config: { roles: AGENTS },
      schema: {
        tags: TAGS,
        summary:
          'My agent: state, time in state, and the card of the current or last call with the registry ' +
          "patients matching the caller's number (audited)",
        response: { 200: Type.Ref('ContactCentreAgent'), ...errorResponses },
      },
    },
    async (request) => myAgent(deps.db, ctx(request), centre),
  );

  app.post(
    `${BASE}/agent/login`,
    {
      config: { roles: AGENTS },
      schema: {
        tags: TAGS,
        summary:
          'Log in to the line as an agent (paused until ready); the operator code announced to callers comes ' +
          "from the user's operator code",
        response: { 200: Type.Ref('ContactCentreAgent'), ...errorResponses },
      },
    },
    async (request) => agentLogin(deps.db, ctx(request), centre),
  );

  const action = (
    path: string,
    summary: string,
    body: Parameters<typeof Type.Object>[0] | null,
    toAction: (body: Record<string, unknown>) => ConsoleAction,
  ) =>
    app.post(
      `${BASE}/agent/${path}`,
      {
        config: { roles: AGENTS },
        schema: {
          tags: TAGS,
          summary: `${summary}. With an Idempotency-Key (the console's action id) a retry is a replay: the action is taken once`,
          headers: Type.Object({
            'idempotency-key': Type.Optional(Type.String({ minLength: 8, maxLength: 100 })),
          }),
          ...(body ? { body: Type.Object(body, { additionalProperties: false }) } : {}),
          response: { 200: Type.Ref('ContactCentreAgent'), ...errorResponses },
        },
      },
      async (request) => {
        const key = request.headers['idempotency-key'];
        return agentAct(
          deps.db,
          ctx(request),
          centre,
          toAction((request.body ?? {}) as Record<string, unknown>),
          typeof key === 'string' ? key : undefined,
        );
      },
    );

  action('logout', 'Log out of the line (not while on a call)', null, () => ({ type: 'logout' }));
  action('ready', 'Ready for calls (ends a pause or the wrap-up)', null, () => ({ type: 'ready' }));
  action(
    'pause',
    'Pause with a reason (causale di pausa)',
    { reason: Type.String({ minLength: 1, maxLength: 40 }) },
    (b) => ({ type: 'pause', reason: String(b.reason) }),
  );
  action('answer', 'Answer the call on offer', null, () => ({ type: 'answer' }));
  action('hang-up', 'End the conversation; wrap-up follows', null, () => ({ type: 'hang-up' }));
  action(
    'transfer',
    'Transfer the call to a queue, the back office included (queue back-office)',
    { queueId: Type.String({ minLength: 1, maxLength: 64 }) },
    (b) => ({ type: 'transfer', queueId: String(b.queueId) }),
  );
  action(
    'outcome',
    'Classify the current or last call (esito): request type, first-contact resolution, escalation',
    {
      requestType: Type.String({ minLength: 1, maxLength: 40 }),
      resolvedAtFirstContact: Type.Boolean(),
      escalated: Type.Boolean(),
      note: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
      fiscalCode: Type.Optional(
        Type.Union([Type.String({ maxLength: 32 }), Type.Null()], {
          description: "The patient served on the call: the call joins the patient's contact history",
        }),
      ),
      backOfficeQueue: Type.Optional(
        Type.Union([Type.String({ minLength: 1, maxLength: 40 }), Type.Null()], {
          description:
            'Passed to the back office: the help-desk queue (GET /api/v1/helpdesk/queues) a ticket is opened in, the note being the request (HD-1)',
        }),
      ),
    },
    (b) => ({
      type: 'outcome',
      requestType: String(b.requestType),
      resolvedAtFirstContact: b.resolvedAtFirstContact === true,
      escalated: b.escalated === true,
      note: typeof b.note === 'string' ? b.note : null,
      fiscalCode: typeof b.fiscalCode === 'string' && b.fiscalCode.trim() ? b.fiscalCode : null,
      backOfficeQueue: typeof b.backOfficeQueue === 'string' ? b.backOfficeQueue : null,
    }),
  );

  app.get(
    `${BASE}/calls/:callId/history`,
    {
      config: { personalData: 'ContactHistory', roles: [...AGENTS, 'supervisor'] },
      schema: {
        tags: TAGS,
        summary:
          "A call's contact history from contact_event (operators: their own current or last call only)",
        params: Type.Object({ callId: Type.String({ minLength: 1, maxLength: 100 }) }),
        response: { 200: Type.Ref('ContactHistory'), ...errorResponses },
      },
    },
    async (request) => callHistory(deps.db, ctx(request), centre, request.params.callId),
  );

  app.get(
    `${BASE}/history`,
    {
      config: { personalData: 'ContactHistory', roles: [...AGENTS, 'supervisor'] },
      schema: {
        tags: TAGS,
        summary:
          "A caller's latest contacts by number (operators: their own current or last caller's number only)",
        querystring: Type.Object({
          number: Type.String({ pattern: '^\\+?[0-9 ./-]{3,20}$' }),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })),
        }),
        response: {
          200: Type.Object({
            contacts: Type.Array(Type.Ref('ContactHistory')),
            messages: Type.Array(ExchangeSchema, {
              description: 'MR-1: messages sent to this number and its replies, newest first',
            }),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) =>
      numberHistory(deps.db, ctx(request), centre, request.query.number, request.query.limit),
  );

  app.get(
    '/api/v1/patients/:fiscalCode/contact-history',
    {
      // The patient's calls and messages are for who serves the patient (SEC-1), like their appointments.
      config: { personalData: 'ContactHistory', roles: ['operator', 'backoffice'] },
      schema: {
        tags: TAGS,
        summary:
          "A patient's latest contacts: calls whose outcome named them and calls from or to the phone on their record, " +
          'with the messages to their phone and e-mail, newest first (audited)',
        params: Type.Object({ fiscalCode: Type.String({ maxLength: 32 }) }),
        querystring: Type.Object({
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })),
        }),
        response: {
          200: Type.Object({
            contacts: Type.Array(Type.Ref('ContactHistory')),
            messages: Type.Array(ExchangeSchema),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) =>
      patientHistory(deps.db, ctx(request), centre, request.params.fiscalCode, request.query.limit),
  );

  app.get(
    `${BASE}/callbacks/recovered`,
    {
      config: { personalData: 'Callback', roles: [...AGENTS, 'supervisor'] },
      schema: {
        tags: TAGS,
        summary:
          'Callbacks pending at the last start-up, handed back to the engine to be dialled (CC-3); agents see those of their own call only, each number read is audited',
        response: { 200: Type.Object({ callbacks: Type.Array(PendingCallbackSchema) }), ...errorResponses },
      },
    },
    async (request) => ({ callbacks: await recoveredCallbacks(deps.db, ctx(request), centre) }),
  );

  app.get(
    `${BASE}/simulated-calls/choices`,
    {
      config: { roles: ['operator', 'trainer'] },
      schema: {
        tags: TAGS,
        summary:
          "What a simulated call can be (simulazione, training): each public line with its first menu's choices in words and the key that makes each",
        response: {
          200: Type.Object({
            label: Type.Literal('simulazione'),
            lines: Type.Array(
              Type.Object({
                line: Type.String(),
                name: Type.String(),
                choices: Type.Array(
                  Type.Object({
                    digits: Type.String({
                      description: 'The key to press; empty when the line queues at once',
                    }),
                    label: Type.String(),
                  }),
                ),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async () => simulatedCallChoices(centre),
  );

  app.post(
    `${BASE}/simulated-calls`,
    {
      // Not the supervisor (read-only); each caller capped (SEC-3).
      config: { roles: ['operator', 'trainer'], perUserRate: SIMULATED_CALLS_PER_HOUR },
      schema: {
        tags: TAGS,
        summary:
          'Place a simulated call now (simulazione): digits are the keys the caller presses, in order, at ' +
          'each prompt asking for one (IVR menus, then the callback offer); the caller never hangs up',
        body: Type.Object(
          {
            line: Type.Optional(Type.String({ pattern: '^\\+?[0-9 ./-]{3,20}$' })),
            callerId: Type.Optional(Type.String({ pattern: '^\\+?[0-9 ./-]{3,20}$' })),
            digits: Type.Optional(
              Type.String({
                pattern: '^[0-9*#]{1,10}$|^[0-9*#]{1,20}(,[0-9*#]{1,20}){1,9}$',
                description:
                  'One key per prompt ("21"), or, comma-separated, what to key at each prompt (e.g. "2,75369723#,15031950#,1": the self-service cancellation)',
              }),
            ),
            patienceSeconds: Type.Optional(
              Type.Integer({ minimum: 1, maximum: 3600, description: 'Hang up after waiting this long' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ callId: Type.String(), label: Type.Literal('simulazione') }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => reply.status(201).send(injectSimulatedCall(centre, request.body ?? {})),
  );

  promptRoutes(app, deps, centre);

  app.post(
    `${BASE}/simulated-people`,
    {
      config: { roles: ['operator', 'trainer'], perUserRate: SIMULATED_CALLS_PER_HOUR },
      schema: {
        tags: TAGS,
        summary:
          'Script a simulated person our outbound calls reach (simulazione: campaigns, the virtual operator): ' +
          'whether each call to the number is answered, in order, and the keys pressed at each prompt',
        body: Type.Object(
          {
            number: Type.String({ pattern: '^\\+?[0-9 ./-]{3,20}$' }),
            answers: Type.Array(Type.Boolean(), { minItems: 1, maxItems: 10 }),
            keys: Type.Optional(Type.Array(Type.String({ pattern: '^[0-9*#]$' }), { maxItems: 10 })),
          },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      scriptSimulatedPerson(centre, request.body);
      return reply.status(204).send(null);
    },
  );

  app.get(
    `${BASE}/stream`,
    {
      websocket: true,
      config: { roles: READERS },
      schema: {
        tags: TAGS,
        summary: 'WebSocket: the snapshot on connect, then the latest one after changes (at most 4 a second)',
        querystring: Type.Object({ token: Type.Optional(Type.String({ maxLength: 200 })) }),
      },
      // Browsers cannot set headers on a WebSocket: the session cookie, or the token in the query string.
      onRequest: async (request) => {
        const token = (request.query as { token?: unknown }).token;
        if (typeof token === 'string' && token.length > 0 && !request.headers.authorization) {
          request.headers.authorization = `Bearer ${token}`;
        }
      },
    },
    (socket, request) => {
      if (!stream) {
        send(socket, {
          type: 'off',
          label: 'simulazione',
          message: 'the contact centre is off (CONTACT_CENTRE=off)',
        });
        socket.close(1000, 'contact centre off');
        return;
      }
      stream.add(socket);
      // Issue 8 §17: a console whose stream is gone longer than the grace period logs its agent off.
      const agentId = request.actor?.id;
      if (agentId && centre) {
        centre.presence.streamOpened(agentId);
        socket.on('close', () => centre.presence.streamClosed(agentId));
      }
    },
  );
}
