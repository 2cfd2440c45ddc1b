import { Type } from '@fastify/type-provider-typebox';
import { type App, type AppDeps, errorResponses } from '../../platform/http.ts';
import { answerReferral, readReferral } from './referral.service.ts';

const tags = ['helpdesk'];
const Params = Type.Object({ token: Type.String({ minLength: 1, maxLength: 100 }) });
const ReferralSchema = Type.Object({
  number: Type.String(),
  subject: Type.String(),
  queueName: Type.String(),
  department: Type.String(),
  request: Type.String({ description: "The request in the citizen's words" }),
  reason: Type.String({ description: 'Why it came to this department' }),
  sentAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time' }),
  answers: Type.Array(Type.Object({ at: Type.String({ format: 'date-time' }), body: Type.String() })),
  closed: Type.Boolean({ description: 'The case is over at the contact centre: no more answers' }),
});

// The third level (HD-2): an outside department reads the case and answers through the link it was
// e-mailed, without an account — the link's secret is the key (public routes, every use audited).
export function referralRoutes(app: App, deps: AppDeps) {
  app.get(
    '/api/v1/helpdesk/referrals/:token',
    {
      config: { roles: [] },
      schema: {
        tags,
        summary:
          'The case an outside department was sent (third level): the request, why, and its answers so far; the first reading is recorded (tracked link)',
        params: Params,
        response: { 200: ReferralSchema, ...errorResponses },
      },
    },
    async (request) => readReferral(deps.db, deps.clock, request.params.token),
  );

  app.post(
    '/api/v1/helpdesk/referrals/:token/answer',
    {
      config: { roles: [] },
      schema: {
        tags,
        summary:
          "The department's answer: into the ticket's history, the case back to the second level with its clock running",
        params: Params,
        body: Type.Object(
          { body: Type.String({ minLength: 1, maxLength: 20_000 }) },
          { additionalProperties: false },
        ),
        response: { 200: ReferralSchema, ...errorResponses },
      },
    },
    async (request) => answerReferral(deps.db, deps.clock, request.params.token, request.body.body),
  );
}
