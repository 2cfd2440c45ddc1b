import { Type } from '@fastify/type-provider-typebox';
import { ROLES } from '../../../platform/context.ts';
import { type App, type AppDeps, contextOf, errorResponses } from '../../../platform/http.ts';
import {
  NewUserBody,
  PasswordChangeBody,
  UserIdParams,
  UserPatchBody,
  UserSchema,
  UserWithPassword,
} from './users.schemas.ts';
import * as users from './users.service.ts';

// Admin-only user management (issue 9 §8). Generated passwords travel once, in a no-store response.
export function usersRoutes(app: App, deps: AppDeps) {
  app.addSchema(UserSchema);
  const config = { roles: ['admin' as const] };
  const tags = ['users'];

  app.get(
    '/api/v1/users',
    {
      config,
      schema: {
        tags,
        summary: 'Every staff account (admin)',
        response: { 200: Type.Object({ users: Type.Array(Type.Ref('StaffUser')) }), ...errorResponses },
      },
    },
    async () => ({ users: await users.listUsers(deps.db) }),
  );

  app.post(
    '/api/v1/users',
    {
      config,
      schema: {
        tags,
        summary: 'Add a staff account with a generated password, returned once (admin)',
        body: NewUserBody,
        response: { 201: UserWithPassword, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { user, password } = await users.addUser(deps.db, contextOf(request, deps.clock), request.body);
      return reply.status(201).header('cache-control', 'no-store').send({ user, password });
    },
  );

  app.patch(
    '/api/v1/users/:id',
    {
      config,
      schema: {
        tags,
        summary:
          "Disable or enable an account, set its roles (either ends its sessions) or the agent's phone (admin)",
        params: UserIdParams,
        body: UserPatchBody,
        response: { 200: Type.Ref('StaffUser'), ...errorResponses },
      },
    },
    async (request) => {
      const ctx = contextOf(request, deps.clock);
      const { id } = request.params;
      let user = await users.getUser(deps.db, { id });
      if (request.body.roles) user = await users.setRoles(deps.db, ctx, id, request.body.roles);
      if (request.body.active !== undefined)
        user = await users.setActive(deps.db, ctx, id, request.body.active);
      if (request.body.phoneEndpoint !== undefined)
        user = await users.setPhoneEndpoint(deps.db, ctx, id, request.body.phoneEndpoint);
      return user;
    },
  );

  app.post(
    '/api/v1/users/:id/password-reset',
    {
      config,
      schema: {
        tags,
        summary:
          "Replace an account's password with a generated one, returned once; its sessions end (admin)",
        params: UserIdParams,
        response: { 200: UserWithPassword, ...errorResponses },
      },
    },
    async (request, reply) => {
      const result = await users.resetPassword(deps.db, contextOf(request, deps.clock), request.params.id);
      return reply.header('cache-control', 'no-store').send(result);
    },
  );

  app.post(
    '/api/v1/auth/password',
    {
      config: { roles: [...ROLES] },
      schema: {
        tags: ['identity'],
        summary: 'Change your own password (at least 12 characters, not the username, not a common one)',
        body: PasswordChangeBody,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await users.changeOwnPassword(deps.db, contextOf(request, deps.clock), request.body);
      return reply.status(204).send(null);
    },
  );
}
