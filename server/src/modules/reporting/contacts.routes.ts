import { Type } from '@fastify/type-provider-typebox';
import {
  type App,
  type AppDeps,
  contextOf,
  errorResponses,
  periodQueryProperties,
} from '../../platform/http.ts';
import { ExchangeSchema, HistoryEventSchema } from '../contact-centre/index.ts';
import { getContact, searchContacts } from './contacts/contacts.service.ts';
import { ContactSearchSchema } from './reporting.schemas.ts';

// MR-1: the knowledge database of contacts, for those who read every contact (supervisor, CUP manager).

const READERS = ['cup-manager', 'supervisor'] as const;
const Number_ = Type.String({ pattern: '^\\+?[0-9 ./-]{3,20}$' });

export function contactsRoutes(app: App, deps: AppDeps) {
  app.addSchema(ContactSearchSchema);
  const ctx = (r: Parameters<typeof contextOf>[0]) => contextOf(r, deps.clock);
  const tags = ['reporting'];
  app.get(
    '/api/v1/reporting/contacts',
    {
      config: { personalData: 'ContactHistory', roles: [...READERS] },
      schema: {
        tags,
        summary:
          'MR-1: inbound contacts of a period (Rome dates, arrival), newest first, by caller number, patient (their registered phone), request type, outcome and line; 50 a page',
        querystring: Type.Object(
          {
            ...periodQueryProperties(366),
            number: Type.Optional(Number_),
            fiscalCode: Type.Optional(Type.String({ minLength: 16, maxLength: 16 })),
            requestType: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
            outcome: Type.Optional(
              Type.Union(
                [
                  'answered',
                  'abandoned',
                  'busy',
                  'callback',
                  'out-of-hours',
                  'turned-away',
                  'self-service',
                ].map((o) => Type.Literal(o)),
              ),
            ),
            line: Type.Optional(Number_),
            cursor: Type.Optional(Type.String({ maxLength: 60 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Ref('ContactSearch'), ...errorResponses },
      },
    },
    async (request) => searchContacts(deps.db, ctx(request), request.query),
  );
  app.get(
    '/api/v1/reporting/contacts/:callId',
    {
      config: { personalData: 'ContactHistory', roles: [...READERS] },
      schema: {
        tags,
        summary:
          "MR-1: one contact's events in order (IVR choices, queue, waits, agent, outcome, survey answers, callbacks) and the messages exchanged with its number",
        params: Type.Object({ callId: Type.String({ minLength: 1, maxLength: 100 }) }),
        response: {
          200: Type.Object({
            callId: Type.String(),
            callerId: Type.String(),
            events: Type.Array(HistoryEventSchema),
            messages: Type.Array(ExchangeSchema),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => getContact(deps.db, ctx(request), request.params.callId),
  );
}
