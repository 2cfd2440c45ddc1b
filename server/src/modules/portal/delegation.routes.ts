import { Type } from '@fastify/type-provider-typebox';
import { type App, type AppDeps, contextOf, errorResponses } from '../../platform/http.ts';
import { parseWindow } from '../messaging/index.ts';
import { actingClaims, grantOnPortal, myDelegations, revokeOnPortal } from './personal/delegation.service.ts';
import { deskDelegations, grantAtDesk, revokeAtDesk } from './personal/desk-delegation.service.ts';
import { declareForMinor } from './personal/minor-declaration.service.ts';
import type { PortalGuard } from './portal.guard.ts';
import {
  ActingBody,
  DelegationBody,
  DelegationGrantedSchema,
  DelegationParams,
  DelegationSchema,
  DelegationsSchema,
  DeskDelegationBody,
  MinorDeclarationBody,
  PatientDelegationParams,
} from './portal.schemas.ts';

const PUBLIC = { roles: [] as [] };
/** At the desk: who books for the patient in front of them (SEC-1 least privilege). */
const DESK_ROLES = ['operator', 'backoffice'] as const;

/** Delegations: on the portal after SPID/CIE, and at a CUP desk for who has no SPID. */
export function delegationRoutes(app: App, deps: AppDeps, guard: PortalGuard) {
  app.addSchema(DelegationSchema);
  app.addSchema(DelegationsSchema);
  app.addSchema(DelegationGrantedSchema);
  const one = { 200: Type.Ref('Delegation'), ...errorResponses };
  const granted = { 201: Type.Ref('DelegationGranted'), ...errorResponses };
  // SMS notices wait for the same sending window as every message to patients.
  const window = parseWindow(deps.config.QUIET_HOURS);
  // The person logged in acts on these routes (the services name them), never through a delegation: a
  // delegate whose delegation has just ended can still list theirs and go back to their own area.
  const base = (request: Parameters<typeof guard.claims>[0]) => ({
    claims: guard.claims(request),
    ctx: contextOf(request, deps.clock),
  });

  app.get(
    '/api/v1/portal/delegations',
    {
      config: PUBLIC,
      schema: {
        tags: ['portal'],
        summary: 'The delegations the person logged in with SPID/CIE gave and received (live ones)',
        response: { 200: Type.Ref('Delegations'), ...errorResponses },
      },
    },
    async (request) => {
      const { claims, ctx } = base(request);
      return myDelegations(deps.db, ctx, claims);
    },
  );

  app.post(
    '/api/v1/portal/delegations',
    {
      config: PUBLIC,
      schema: {
        tags: ['portal'],
        summary:
          'Delegate someone by fiscal code (always in your own name, also while acting for another); ' +
          'granting again to the same code replaces the live delegation',
        body: DelegationBody,
        response: granted,
      },
    },
    async (request, reply) => {
      const { claims, ctx } = base(request);
      return reply.status(201).send(await grantOnPortal(deps.db, ctx, window, claims, request.body));
    },
  );

  app.post(
    '/api/v1/portal/delegations/minor',
    {
      config: PUBLIC,
      schema: {
        tags: ['portal'],
        summary:
          "A parent or guardian declares (DPR 445/2000) their role for a minor, proved by the minor's fiscal " +
          'code with one of their NREs (one answer, 404, for any mismatch; attempts are limited, 429): a ' +
          "delegation from the minor to the declarant until the day before the minor's 18th birthday",
        body: MinorDeclarationBody,
        response: granted,
      },
    },
    async (request, reply) => {
      const { claims, ctx } = base(request);
      guard.attempt(request, request.body.fiscalCode);
      return reply.status(201).send(await declareForMinor(deps.db, ctx, window, claims, request.body));
    },
  );

  app.post(
    '/api/v1/portal/delegations/:id/revoke',
    {
      config: PUBLIC,
      schema: {
        tags: ['portal'],
        summary: 'Revoke a delegation you gave, or give up one you received; it ends at once',
        params: DelegationParams,
        body: Type.Object({}),
        response: one,
      },
    },
    async (request) => {
      const { claims, ctx } = base(request);
      return revokeOnPortal(deps.db, ctx, claims, request.params.id);
    },
  );

  app.post(
    '/api/v1/portal/acting-for',
    {
      config: PUBLIC,
      schema: {
        tags: ['portal'],
        summary:
          "Act for the delegator of a delegation received (the session's personal area becomes theirs), " +
          'or with null go back to your own',
        body: ActingBody,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { claims, ctx } = base(request);
      // The login's end stays: switching to and fro never lengthens a SPID/CIE session.
      guard.open(reply, await actingClaims(deps.db, ctx, claims, request.body.delegationId), claims.expires);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/patients/:fiscalCode/delegations',
    {
      config: { personalData: 'Delegation', roles: [...DESK_ROLES] },
      schema: {
        tags: ['portal'],
        summary: "At the desk: the patient's live delegations, given and received (audited)",
        params: Type.Object({ fiscalCode: Type.String({ maxLength: 32 }) }),
        response: { 200: Type.Ref('Delegations'), ...errorResponses },
      },
    },
    async (request) => deskDelegations(deps.db, contextOf(request, deps.clock), request.params.fiscalCode),
  );

  app.post(
    '/api/v1/patients/:fiscalCode/delegations',
    {
      config: { personalData: 'Delegation', roles: [...DESK_ROLES] },
      schema: {
        tags: ['portal'],
        summary:
          'At the desk, on the signed form and the delegator’s identity document: record a delegation ' +
          "from this patient to a fiscal code (for a patient under 18, the parent's or guardian's declaration)",
        params: Type.Object({ fiscalCode: Type.String({ maxLength: 32 }) }),
        body: DeskDelegationBody,
        response: granted,
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await grantAtDesk(
            deps.db,
            contextOf(request, deps.clock),
            window,
            request.params.fiscalCode,
            request.body,
          ),
        ),
  );

  app.post(
    '/api/v1/patients/:fiscalCode/delegations/:id/revoke',
    {
      config: { personalData: 'Delegation', roles: [...DESK_ROLES] },
      schema: {
        tags: ['portal'],
        summary: "At the desk: revoke one of the patient's delegations, given or received",
        params: PatientDelegationParams,
        body: Type.Object({}),
        response: one,
      },
    },
    async (request) =>
      revokeAtDesk(deps.db, contextOf(request, deps.clock), request.params.fiscalCode, request.params.id),
  );
}
