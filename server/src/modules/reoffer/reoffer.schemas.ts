import { Type } from '@fastify/type-provider-typebox';
import { periodQueryProperties } from '../../platform/http.ts';
import { DECLINE_REASONS } from './rules/reoffer.ts';

const OFFER_STATUSES = ['offered', 'accepted', 'declined', 'expired', 'gone'] as const;
const DeclineReasonSchema = Type.Union(
  DECLINE_REASONS.map((r) => Type.Literal(r)),
  { description: 'keep-current: keeps the date they have; time: the hour does not suit; place: too far' },
);

export const OfferSchema = Type.Object(
  {
    status: Type.Union(OFFER_STATUSES.map((s) => Type.Literal(s))),
    service: Type.String(),
    start: Type.String({ format: 'date-time', description: 'The place offered' }),
    facility: Type.String(),
    address: Type.String(),
    currentStart: Type.String({ format: 'date-time', description: "The patient's appointment as it is now" }),
    code: Type.String({ description: 'The booking code (it stays the same when the place is taken)' }),
    expiresAt: Type.String({ format: 'date-time' }),
    declineReasons: Type.Array(DeclineReasonSchema),
  },
  { $id: 'ReofferOffer', additionalProperties: false },
);

export const OfferParamsSchema = Type.Object({
  token: Type.String({ minLength: 10, maxLength: 200, pattern: '^[A-Za-z0-9._-]+$' }),
});

export const DeclineBodySchema = Type.Object(
  { reason: DeclineReasonSchema },
  { additionalProperties: false },
);

export const ReofferSummaryQuerySchema = Type.Object(periodQueryProperties(), {
  additionalProperties: false,
});

const Counts = Type.Record(Type.String(), Type.Integer({ minimum: 0 }));

export const ReofferSummarySchema = Type.Object(
  {
    from: Type.String({ format: 'date' }),
    to: Type.String({ format: 'date' }),
    places: Type.Object(
      {
        freed: Type.Integer({ minimum: 0 }),
        taken: Type.Integer({ minimum: 0, description: 'Re-used through an accepted offer' }),
        offering: Type.Integer({ minimum: 0 }),
        exhausted: Type.Integer({ minimum: 0, description: 'Nobody (else) to offer it to, or too close' }),
        withdrawn: Type.Integer({ minimum: 0, description: 'Booked meanwhile through another channel' }),
      },
      { additionalProperties: false },
    ),
    offers: Counts,
    deepestChain: Type.Integer({
      minimum: 0,
      description: 'Places freed in turn by accepted offers, at most',
    }),
  },
  { $id: 'ReofferSummary', additionalProperties: false },
);
