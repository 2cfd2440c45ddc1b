import { Type } from '@fastify/type-provider-typebox';
import { type App, type AppDeps, contextOf, errorResponses } from '../../platform/http.ts';
import type { LiveContactCentre } from '../contact-centre/index.ts';
import {
  CampaignInputSchema,
  CampaignSchema,
  ContactSchema,
  CsvCheckInputSchema,
  CsvCheckSchema,
  DispositionSchema,
  VoicePreviewInputSchema,
  VoicePreviewSchema,
  WorkSchema,
} from './campaigns.schemas.ts';
import {
  campaignContacts,
  checkCsv,
  createCampaign,
  getCampaign,
  listCampaigns,
  setStatus,
  voicePreview,
} from './campaigns.service.ts';
import { dialHeld, dispose, giveBack, myWork, takeNext } from './work.service.ts';

// Campaigns (issue 11 §6): the manager's (create, watch, pause) and the agent's (work a contact).

const MANAGERS = ['cup-manager', 'supervisor'] as const;
const AGENTS = ['operator', 'backoffice'] as const;

export function campaignsRoutes(app: App, deps: AppDeps, centre: LiveContactCentre | null) {
  for (const s of [
    DispositionSchema,
    CampaignSchema,
    CampaignInputSchema,
    CsvCheckSchema,
    ContactSchema,
    WorkSchema,
    VoicePreviewSchema,
  ])
    app.addSchema(s);
  const one = { 200: Type.Ref('Campaign'), ...errorResponses };
  const work = { 200: Type.Ref('CampaignWork'), ...errorResponses };
  const tags = ['campaigns'];
  const ctx = (r: Parameters<typeof contextOf>[0]) => contextOf(r, deps.clock);
  const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

  app.get(
    '/api/v1/campaigns',
    {
      config: { roles: [...MANAGERS, 'trainer'] },
      schema: {
        tags,
        summary: 'Campaigns with their indicators (OB-5): positive share, batches of 100 within 24 h',
        querystring: Type.Object(
          { includeClosed: Type.Optional(Type.Boolean()) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(Type.Ref('Campaign')) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await listCampaigns(deps.db, ctx(request), request.query) }),
  );
  app.post(
    '/api/v1/campaigns',
    {
      config: { roles: ['cup-manager'] },
      schema: {
        tags,
        summary:
          'Create a campaign: its target (bookings by dates and service, agenda or facility; or a CSV checked row by row — one bad row and nothing is created), channel, script or message, outcomes, retries and hours',
        body: Type.Ref('CampaignInput'),
        response: { 201: Type.Ref('Campaign'), ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createCampaign(deps.db, ctx(request), request.body as never)),
  );
  app.post(
    '/api/v1/campaigns/voice-preview',
    {
      config: { roles: ['cup-manager'] },
      schema: {
        tags,
        summary:
          "What a virtual operator's campaign will say (OB-5), for an example person and booking, and where to hear it; nothing created",
        body: VoicePreviewInputSchema,
        response: { 200: Type.Ref('CampaignVoicePreview'), ...errorResponses },
      },
    },
    async (request) => voicePreview(ctx(request), request.body as never, centre),
  );
  app.post(
    '/api/v1/campaigns/csv-check',
    {
      config: { roles: ['cup-manager'] },
      schema: {
        tags,
        summary: "Check a CSV of contacts for a channel: every row's errors, nothing created",
        body: CsvCheckInputSchema,
        response: { 200: Type.Ref('CampaignCsvCheck'), ...errorResponses },
      },
    },
    async (request) => checkCsv(deps.db, ctx(request), request.body.channel, request.body.csv),
  );
  app.get(
    '/api/v1/campaigns/:id',
    {
      config: { roles: [...MANAGERS, 'trainer'] },
      schema: { tags, summary: 'A campaign and its indicators', params: IdParams, response: one },
    },
    async (request) => getCampaign(deps.db, ctx(request), request.params.id),
  );
  app.post(
    '/api/v1/campaigns/:id/status',
    {
      config: { roles: ['cup-manager'] },
      schema: {
        tags,
        summary: 'Pause, resume or close a campaign (standing campaigns pause, never close)',
        params: IdParams,
        body: Type.Object(
          { status: Type.Union([Type.Literal('active'), Type.Literal('paused'), Type.Literal('closed')]) },
          { additionalProperties: false },
        ),
        response: one,
      },
    },
    async (request) => setStatus(deps.db, ctx(request), request.params.id, request.body.status),
  );
  app.get(
    '/api/v1/campaigns/:id/contacts',
    {
      config: { roles: [...MANAGERS] },
      schema: {
        tags,
        summary: "A page of the campaign's contacts and their outcomes (each patient listed is audited)",
        params: IdParams,
        querystring: Type.Object(
          {
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
            offset: Type.Optional(Type.Integer({ minimum: 0 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(Type.Ref('CampaignContact')) }), ...errorResponses },
      },
    },
    async (request) => ({
      items: await campaignContacts(deps.db, ctx(request), request.params.id, request.query),
    }),
  );

  // The agent's work, from the console.
  const workRoute = { config: { roles: [...AGENTS] } };
  app.get(
    '/api/v1/campaigns/work',
    {
      ...workRoute,
      schema: {
        tags,
        summary: 'My campaign work: campaigns to work, and the contact in hand',
        response: work,
      },
    },
    async (request) => myWork(deps.db, ctx(request), centre),
  );
  app.post(
    '/api/v1/campaigns/:id/work/next',
    {
      ...workRoute,
      schema: {
        tags,
        summary:
          "Take the campaign's next due contact (progressive: it is called at once); 404 when none is due",
        params: IdParams,
        response: work,
      },
    },
    async (request) => takeNext(deps.db, ctx(request), centre, request.params.id),
  );
  app.post(
    '/api/v1/campaigns/work/dial',
    {
      ...workRoute,
      schema: {
        tags,
        summary:
          "Call the contact in hand through the contact centre's outbound leg (the operator code is announced)",
        response: work,
      },
    },
    async (request) => dialHeld(deps.db, ctx(request), centre),
  );
  app.post(
    '/api/v1/campaigns/work/outcome',
    {
      ...workRoute,
      schema: {
        tags,
        summary:
          "Record the contact's outcome from the campaign's closed list (progressive: the next is called)",
        body: Type.Object(
          {
            code: Type.String({ minLength: 1, maxLength: 40 }),
            note: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: work,
      },
    },
    async (request) => dispose(deps.db, ctx(request), centre, request.body),
  );
  app.post(
    '/api/v1/campaigns/work/give-back',
    {
      ...workRoute,
      schema: {
        tags,
        summary: 'Give the contact in hand back, for later or for another agent',
        response: work,
      },
    },
    async (request) => giveBack(deps.db, ctx(request), centre),
  );
}
