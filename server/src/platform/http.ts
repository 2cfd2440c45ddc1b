import { randomUUID } from 'node:crypto';
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
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Actor, RequestContext, Role } from './context.ts';
import type { Db } from './db.ts';
import { AppError } from './errors.ts';
import type { Logger } from './logger.ts';
import type { Metrics } from './metrics.ts';

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
  }
  interface FastifyContextConfig {
    /** Roles allowed on an /api route; every /api route must say (an empty list marks a public route). */
    roles?: Role[];
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

/** The request context services receive: who, which request, which clock, and the stated purpose. */
export function contextOf(request: FastifyRequest, clock: Clock): RequestContext {
  const purpose = request.headers['x-access-purpose'];
  return {
    requestId: String(request.id),
    actor: request.actor,
    clock,
    purpose: typeof purpose === 'string' && purpose.length > 0 ? purpose.slice(0, 200) : undefined,
  };
}

export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('UNAUTHENTICATED', 'log in first');
  return request.actor;
}

function tokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  return request.cookies?.[SESSION_COOKIE];
}

/** Maps every error to `{"error":{"code","message","field"}}` once, here. */
function sendError(error: FastifyError | AppError | Error, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) {
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
  request.log.error({ err: error }, 'unhandled error');
  return reply
    .status(500)
    .send({ error: { code: 'INTERNAL', message: 'internal error; the request id is in the logs' } });
}

export async function createHttpApp(deps: AppDeps): Promise<App> {
  const app = Fastify({
    loggerInstance: deps.log,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    },
    // Fastify's own request logs carry the raw URL (a fiscal code can be in it); ours log the route pattern.
    logController: new LogController({ disableRequestLogging: true }),
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorateRequest('actor', null);
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
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  app.addSchema(ErrorBody);

  // Every /api route declares who may call it; forgetting is a start-up error, not an open door.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/') && route.config?.roles === undefined) {
      throw new Error(`route ${route.method} ${route.url} does not declare its roles`);
    }
  });

  app.addHook('preHandler', async (request) => {
    const roles = request.routeOptions.config?.roles;
    if (roles === undefined || roles.length === 0) return;
    const token = tokenOf(request);
    if (!token) throw new AppError('UNAUTHENTICATED', 'log in first (bearer token or session cookie)');
    request.actor = await deps.auth.authenticate(deps.db, deps.clock, token);
    if (!request.actor.roles.some((r) => r === 'admin' || roles.includes(r))) {
      throw new AppError('FORBIDDEN', `this needs one of the roles: ${roles.join(', ')}`);
    }
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
        method: request.method,
        route,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });

  app.setErrorHandler((error, request, reply) => sendError(error as Error, request, reply));
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: { code: 'NOT_FOUND', message: `no route for ${request.method} here` } }),
  );
  return app;
}

export const errorResponses = {
  400: Type.Ref('Error'),
  401: Type.Ref('Error'),
  403: Type.Ref('Error'),
  404: Type.Ref('Error'),
  409: Type.Ref('Error'),
  422: Type.Ref('Error'),
};
