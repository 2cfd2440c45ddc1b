import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from 'fastify';
import { audit } from './audit.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import { type Actor, type RequestContext, ROLES, type Role } from './context.ts';
import type { Db } from './db.ts';
import { requestErrorOf } from './db-errors.ts';
import { AppError, RateLimitedError } from './errors.ts';
import { findBadText } from './input.ts';
import { UserLimits } from './limits.ts';
import { MAX_SOCKETS_PER_SESSION, SessionSockets, sessionKeyOf } from './live-sockets.ts';
import { type Logger, safeError } from './logger.ts';
import type { Metrics } from './metrics.ts';
import { docsCsp, isOpsAddress, isSameOrigin, isWebSocketUpgrade } from './request-guards.ts';

export interface Authenticator {
  authenticate(db: Db, clock: Clock, token: string): Promise<Actor>;
}

export interface AppDeps {
  db: Db;
  clock: Clock;
  config: Config;
  log: Logger;
  metrics: Metrics;
  auth: Authenticator;
}

export type App = FastifyInstance<
  // biome-ignore lint/suspicious/noExplicitAny: fastify's default server generics
  any,
  // biome-ignore lint/suspicious/noExplicitAny: fastify's default server generics
  any,
  // biome-ignore lint/suspicious/noExplicitAny: fastify's default server generics
  any,
  Logger,
  TypeBoxTypeProvider
>;

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    /** How the request proved who it is: CSRF checks apply to the cookie only. */
    authVia: 'bearer' | 'cookie' | null;
  }
  interface FastifyInstance {
    /** Open WebSockets by session and user: logout and deactivation close them. */
    sessionSockets: SessionSockets;
    /** Per-user limits on expensive work (see limits.ts). */
    userLimits: UserLimits;
    /** Closes the open WebSockets of sessions no longer valid (run every SOCKET_RECHECK_MS). */
    revalidateSockets(): Promise<void>;
  }
  interface FastifyContextConfig {
    /** Roles allowed on an /api route; every /api route must say (an empty list marks a public route). */
    roles?: Role[];
    /** At most `max` requests of this route per user in `windowSeconds` (429 beyond). */
    perUserRate?: { max: number; windowSeconds: number };
    /**
     * The route reads or changes personal data of this resource type: a refused attempt (403) or one
     * that found nothing (404) is audited too, naming what was asked for (SEC-1).
     */
    personalData?: string;
  }
}

export const SESSION_COOKIE = 'sportello_session';

export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      field: Type.Optional(Type.String()),
    }),
  },
  { $id: 'Error' },
);

/** The request context services receive: who, which request, which clock, from where, and why. */
export function contextOf(request: FastifyRequest, clock: Clock): RequestContext {
  const purpose = request.headers['x-access-purpose'];
  return {
    requestId: String(request.id),
    actor: request.actor,
    clock,
    statedPurpose: typeof purpose === 'string' && purpose.length > 0 ? purpose.slice(0, 200) : undefined,
    clientAddress: request.ip,
  };
}

/** The client's own request id, when it is a plain token (it is logged, never trusted as the id). */
function clientRequestIdOf(request: FastifyRequest): string | undefined {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : undefined;
}

export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('UNAUTHENTICATED', 'log in first');
  return request.actor;
}

/** The bearer token (scheme case-insensitive, RFC 9110) or, failing that, the session cookie. */
export function credentialsOf(request: FastifyRequest): { token: string; via: 'bearer' | 'cookie' } | null {
  const bearer = /^bearer[ \t]+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
  if (bearer) return { token: bearer, via: 'bearer' };
  // Browsers cannot set headers on a WebSocket: there the token may come in the query string.
  if (isWebSocketUpgrade(request)) {
    const query = (request.query as { token?: unknown } | undefined)?.token;
    if (typeof query === 'string' && query.length > 0) return { token: query, via: 'bearer' };
  }
  const cookie = request.cookies?.[SESSION_COOKIE];
  return cookie ? { token: cookie, via: 'cookie' } : null;
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const JSON_TYPE = /^application\/json[ \t]*(;|$)/i;
const OWNER = Symbol('sportello.socketOwner');
/** How often the sessions of open WebSockets are checked again (deactivation from another process). */
const SOCKET_RECHECK_MS = 10_000;

/** What a personal-data route was asked for: the identifying parameter of its path or query. */
const SUBJECT_KEYS = ['fiscalCode', 'nre', 'id', 'callId', 'number'] as const;

/**
 * SEC-1: a refused or fruitless attempt on personal data leaves a row too, after the request's own
 * transaction rolled back. Attempts without a session (401) are in the request log only: no actor to
 * name, and a stranger's scan must not fill the audit trail.
 */
async function auditFailedAttempt(deps: AppDeps, request: FastifyRequest, error: Error): Promise<void> {
  const resourceType = request.routeOptions.config?.personalData;
  if (!resourceType || !request.actor || !(error instanceof AppError)) return;
  if (error.code !== 'FORBIDDEN' && error.code !== 'NOT_FOUND') return;
  const body = request.body && typeof request.body === 'object' ? (request.body as object) : {};
  const given = { ...body, ...(request.query as object), ...(request.params as object) } as Record<
    string,
    unknown
  >;
  const key = SUBJECT_KEYS.find((k) => typeof given[k] === 'string');
  const asked = key ? String(given[key]).slice(0, 64) : null;
  // An id names the resource itself; a fiscal code, an NRE or a number is what was looked for.
  const byId = key === 'id' || key === 'callId';
  try {
    await audit(deps.db, contextOf(request, deps.clock), {
      action: request.method === 'GET' ? 'read' : 'update',
      resourceType,
      resourceId: byId ? asked : null,
      subject: byId ? null : asked,
      outcome: error.code === 'FORBIDDEN' ? 'denied' : 'not_found',
      purpose: `refused: ${request.method} ${request.routeOptions.url ?? ''}`,
    });
  } catch (e) {
    request.log.error({ err: safeError(e) }, 'could not audit a failed attempt');
  }
}

/** Maps every error to `{"error":{"code","message","field"}}` once, here. */
function sendError(error: FastifyError | AppError | Error, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) {
    if (error instanceof RateLimitedError) reply.header('retry-after', String(error.retryAfterSeconds));
    return reply
      .status(error.status)
      .send({ error: { code: error.code, message: error.message, field: error.field } });
  }
  const fe = error as FastifyError;
  if (fe.validation) {
    // A missing or unknown key is reported by Ajv at its parent object: name the key itself. In a union
    // (anyOf) every member's error is listed; the deepest one is in the member the body meant.
    type Failure = (typeof fe.validation)[number];
    const fieldOf = (e: Failure) => {
      const p = e.params as { missingProperty?: string; additionalProperty?: string };
      const path = e.instancePath.replace(/^\//, '').replaceAll('/', '.');
      return [path, p.missingProperty ?? p.additionalProperty].filter(Boolean).join('.');
    };
    const depth = (e: Failure) => fieldOf(e).split('.').filter(Boolean).length;
    const first = fe.validation.reduce<Failure | undefined>(
      (best, e) => (best === undefined || depth(e) > depth(best) ? e : best),
      undefined,
    );
    const field = (first && fieldOf(first)) || undefined;
    const unknownKey = (first?.params as { additionalProperty?: string } | undefined)?.additionalProperty;
    const where = fe.validationContext ?? 'request';
    const problem = unknownKey ? 'is not a known field' : (first?.message ?? 'is invalid');
    return reply.status(422).send({
      error: { code: 'INVALID_FIELD', message: `${where}${field ? `.${field}` : ''} ${problem}`, field },
    });
  }
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    const code =
      fe.statusCode === 404 ? 'NOT_FOUND' : fe.statusCode === 429 ? 'RATE_LIMITED' : 'MALFORMED_REQUEST';
    return reply.status(fe.statusCode === 415 || fe.statusCode === 413 ? 400 : fe.statusCode).send({
      error: { code, message: fe.message },
    });
  }
  // A duplicate or an unknown reference that got past the service (a concurrent request, a value out of
  // the column's range) is the client's error, not the server's.
  const requestError = requestErrorOf(error);
  if (requestError) return sendError(requestError, request, reply);
  request.log.error({ err: error }, 'unhandled error');
  return reply
    .status(500)
    .send({ error: { code: 'INTERNAL', message: 'internal error; the request id is in the logs' } });
}

export async function createHttpApp(deps: AppDeps): Promise<App> {
  const app = Fastify({
    loggerInstance: deps.log,
    // The server names every request itself: the id in the audit trail is not the client's to choose
    // (issue 9 §12). A client's own X-Request-Id is logged beside it for correlation.
    genReqId: () => randomUUID(),
    // Fastify's own request logs carry the raw URL (a fiscal code can be in it); ours log the route pattern.
    logController: new LogController({ disableRequestLogging: true }),
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
    // X-Forwarded-For/-Proto/-Host count only from the configured TLS proxy (secure cookie, client address).
    trustProxy: deps.config.trustProxy.length > 0 ? deps.config.trustProxy : false,
    // Errors before routing (a URL that is not valid UTF-8) get the usual error body.
    frameworkErrors: (error, _request, res) => {
      const reply = res as unknown as FastifyReply;
      reply.code(400).type('application/json; charset=utf-8').header('x-content-type-options', 'nosniff');
      reply.send(JSON.stringify({ error: { code: 'MALFORMED_REQUEST', message: error.message } }));
    },
    clientErrorHandler: clientError,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorateRequest('actor', null);
  app.decorateRequest('authVia', null);
  app.decorate('sessionSockets', new SessionSockets());
  app.decorate('userLimits', new UserLimits());
  // JSON is required on every state-changing /api request, even one without a body (CSRF: an HTML form
  // cannot send it), so an empty JSON body is accepted as no body.
  const json = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) =>
    body === '' ? done(null, undefined) : json(request, String(body), done),
  );
  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Sportello API',
        version: '0.1.0',
        description:
          'Regional healthcare booking centre (CUP) and contact centre. Every /api route needs a bearer token ' +
          '(POST /api/v1/auth/login) or the session cookie. Errors are {"error":{"code","message","field"}}.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          cookie: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    // Shared schemas keep their $id as their name (components.schemas.Error, not def-0).
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: '/docs',
    staticCSP: true,
    transformStaticCSP: docsCsp,
    uiHooks: { onRequest: opsGate(deps, [...ROLES]) },
  });
  app.addSchema(ErrorBody);

  // Every /api route declares who may call it; forgetting is a start-up error, not an open door.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/') && route.config?.roles === undefined) {
      throw new Error(`route ${route.method} ${route.url} does not declare its roles`);
    }
  });

  // Authentication and roles first, before the body is parsed or validated: without a token the answer is
  // 401, never a validation error that would describe the route to a stranger.
  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config;
    const roles = config?.roles;
    if (roles === undefined) return;
    if (roles.length > 0) {
      const credentials = credentialsOf(request);
      if (!credentials)
        throw new AppError('UNAUTHENTICATED', 'log in first (bearer token or session cookie)');
      request.actor = await deps.auth.authenticate(deps.db, deps.clock, credentials.token);
      request.authVia = credentials.via;
      if (!request.actor.roles.some((r) => r === 'admin' || roles.includes(r))) {
        throw new AppError('FORBIDDEN', `this needs one of the roles: ${roles.join(', ')}`);
      }
      if (isWebSocketUpgrade(request)) {
        const key = sessionKeyOf(credentials.token);
        if (app.sessionSockets.count(key) >= MAX_SOCKETS_PER_SESSION) {
          throw new RateLimitedError(`at most ${MAX_SOCKETS_PER_SESSION} live connections per session`, 5);
        }
        (request.raw as unknown as Record<symbol, unknown>)[OWNER] = {
          key,
          userId: request.actor.id,
          token: credentials.token,
        };
      }
    }
    if (STATE_CHANGING.has(request.method) && !JSON_TYPE.test(request.headers['content-type'] ?? '')) {
      throw new AppError(
        'MALFORMED_REQUEST',
        'send Content-Type: application/json (with an empty body when there is nothing to send)',
      );
    }
    // CSRF: the cookie rides along on any site's request; the bearer token never does. A browser says
    // where a request comes from (Sec-Fetch-Site, Origin); a WebSocket always carries its Origin.
    const upgrade = isWebSocketUpgrade(request);
    if ((request.authVia === 'cookie' && STATE_CHANGING.has(request.method)) || upgrade) {
      if (!isSameOrigin(request, { requireHeader: !upgrade })) {
        throw new AppError(
          'FORBIDDEN',
          'cross-site request refused: send it from this site, or use the bearer token outside a browser',
        );
      }
    }
    if (config?.perUserRate && request.actor) {
      const { max, windowSeconds } = config.perUserRate;
      const kind = `${request.method} ${request.routeOptions.url}`;
      app.userLimits.rate(kind, request.actor.id, max, windowSeconds * 1000, deps.clock.now().getTime());
    }
  });

  // Text PostgreSQL cannot store (NUL) or that is not Unicode (lone surrogates): 422 naming the field,
  // before any schema or service sees it.
  app.addHook('preValidation', async (request) => {
    for (const [part, value] of [
      ['params', request.params],
      ['querystring', request.query],
      ['body', request.body],
    ] as const) {
      const field = findBadText(value);
      if (field !== null) {
        throw new AppError('INVALID_FIELD', `${part}.${field} holds a NUL or an unpaired surrogate`, field);
      }
    }
  });

  // Registered sockets close with their session (logout) or their user (deactivation).
  app.addHook('onReady', async () => {
    if (!app.hasDecorator('websocketServer')) return;
    const wss = (app as unknown as { websocketServer: import('node:events').EventEmitter }).websocketServer;
    wss.on('connection', (socket: Parameters<SessionSockets['add']>[2], raw: Record<symbol, unknown>) => {
      const owner = raw[OWNER] as { key: string; userId: string; token: string } | undefined;
      if (owner) app.sessionSockets.add(owner.key, owner.userId, socket, owner.token);
    });
    revalidation = setInterval(() => void revalidateSockets().catch(() => undefined), SOCKET_RECHECK_MS);
    revalidation.unref();
  });
  let revalidation: ReturnType<typeof setInterval> | undefined;
  app.addHook('onClose', async () => clearInterval(revalidation));
  const revalidateSockets = () =>
    app.sessionSockets.revalidate((token) =>
      deps.auth.authenticate(deps.db, deps.clock, token).then(
        () => true,
        (e) => !(e instanceof AppError && e.code === 'UNAUTHENTICATED'),
      ),
    );
  app.decorate('revalidateSockets', revalidateSockets);

  app.addHook('onSend', async (request, reply) => {
    // The server's id of the request, to quote when reporting a problem (the same id as in the audit).
    reply.header('x-request-id', String(request.id));
    reply.header('x-content-type-options', 'nosniff');
    // API answers carry personal data: never kept by a browser or a shared cache. Public figures
    // (/api/v1/public/…, no personal data) say their own.
    if (request.url.startsWith('/api/') && !request.url.startsWith('/api/v1/public/'))
      reply.header('cache-control', 'no-store');
  });

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    deps.metrics.httpDuration
      .labels(request.method, route, String(reply.statusCode))
      .observe(reply.elapsedTime / 1000);
    // The route pattern, not the URL: a fiscal code in the path never reaches the log.
    request.log.info(
      {
        reqId: request.id,
        clientRequestId: clientRequestIdOf(request),
        method: request.method,
        route,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });

  app.setErrorHandler(async (error, request, reply) => {
    await auditFailedAttempt(deps, request, error as Error);
    return sendError(error as Error, request, reply);
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: { code: 'NOT_FOUND', message: `no route for ${request.method} here` } }),
  );
  return app;
}

/**
 * Access to operational endpoints (/docs, /metrics): from a configured network (OPS_NETWORKS; any in demo
 * mode), else with a session of one of `roles`.
 */
export function opsGate(deps: AppDeps, roles: Role[]) {
  return async (request: FastifyRequest) => {
    if (isOpsAddress(deps.config.opsNetworks, request.ip)) return;
    const credentials = credentialsOf(request);
    if (!credentials)
      throw new AppError('UNAUTHENTICATED', 'log in first, or call from the operations network');
    const actor = await deps.auth.authenticate(deps.db, deps.clock, credentials.token);
    if (!actor.roles.some((r) => r === 'admin' || roles.includes(r))) {
      throw new AppError('FORBIDDEN', `this needs one of the roles: ${roles.join(', ')}`);
    }
  };
}

/** Errors Node's HTTP parser raises before Fastify sees a request (431 headers too large) in our body. */
function clientError(err: NodeJS.ErrnoException, socket: Socket) {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status =
    err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const message =
    status === 431 ? 'request headers too large' : status === 408 ? 'request timeout' : 'malformed request';
  const body = JSON.stringify({ error: { code: 'MALFORMED_REQUEST', message } });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nconnection: close\r\n` +
      'content-type: application/json; charset=utf-8\r\nx-content-type-options: nosniff\r\n' +
      `content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/** The query of a report over a period of Rome dates (checked by calendar's romePeriod). */
/**
 * A file a citizen sent (an e-mail's attachment, a chat's document) handed to staff: downloaded, never
 * rendered by the browser as a page, with the type the allow-list gave it and an ASCII name.
 */
export function sendUploadedFile(
  reply: FastifyReply,
  f: { filename: string; contentType: string; content: Buffer },
): FastifyReply {
  return reply
    .type(f.contentType)
    .header('content-disposition', `attachment; filename="${f.filename.replace(/[^\x20-\x7e]/g, '_')}"`)
    .header('x-content-type-options', 'nosniff')
    .send(f.content);
}

export const periodQueryProperties = (maxDays?: number) => ({
  from: Type.Optional(Type.String({ format: 'date', description: 'Rome date, default today' })),
  to: Type.Optional(
    Type.String({
      format: 'date',
      description: `Rome date, inclusive; default from${maxDays ? `; ${maxDays} days at most` : ''}`,
    }),
  ),
});

export const errorResponses = {
  400: Type.Ref('Error'),
  401: Type.Ref('Error'),
  403: Type.Ref('Error'),
  404: Type.Ref('Error'),
  409: Type.Ref('Error'),
  422: Type.Ref('Error'),
};
