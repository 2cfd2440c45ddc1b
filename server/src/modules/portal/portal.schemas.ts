import { Type } from '@fastify/type-provider-typebox';
import { NoticeSchema } from '../payments/index.ts';
import { DETAIL_MAX_LENGTH, DIFFICULTIES, LIKED, RATING_REASONS, RATING_SERVICES } from './rules/ratings.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });
const Priority = Type.Union(['U', 'B', 'D', 'P'].map((p) => Type.Literal(p)));

export const PrescriptionAccessBody = Type.Object(
  {
    fiscalCode: Type.String({ minLength: 1, maxLength: 32, description: "The patient's fiscal code" }),
    nre: Type.String({ minLength: 1, maxLength: 32, description: "The prescription's number (NRE)" }),
  },
  { additionalProperties: false },
);

export const BookingAccessBody = Type.Object(
  {
    fiscalCode: Type.String({ minLength: 1, maxLength: 32 }),
    code: Type.String({ minLength: 1, maxLength: 32, description: 'The booking code on the promemoria' }),
  },
  { additionalProperties: false },
);

const BookingBrief = Type.Object({
  code: Type.String(),
  itemIndex: Type.Integer(),
  service: Type.String(),
  start: DateTime,
  facility: Type.String(),
  status: Type.String(),
  channel: Type.String(),
});

export const PortalPrescriptionSchema = Type.Object(
  {
    nre: Type.String(),
    priority: Priority,
    access: Type.Union([Type.Literal('first'), Type.Literal('follow_up')]),
    exemptionCode: Nullable(Type.String()),
    issuedOn: Type.String({ format: 'date' }),
    state: Type.String(),
    items: Type.Array(
      Type.Object({
        index: Type.Integer(),
        serviceCode: Type.String(),
        description: Type.String(),
        kind: Type.Union([Type.Literal('visit'), Type.Literal('instrumental'), Type.Literal('lab')]),
        state: Type.Union([Type.Literal('open'), Type.Literal('booked')]),
        exempt: Type.Boolean(),
        tariffCents: Type.Integer(),
        quantity: Type.Integer(),
      }),
    ),
    copayCents: Type.Integer({ description: "The prescription's ticket at today's tariffs, capped" }),
    residence: Nullable(Type.Object({ code: Type.String(), name: Type.String() })),
    bookings: Type.Array(BookingBrief),
  },
  { $id: 'PortalPrescription' },
);

export const PortalAvailabilityQuery = Type.Object(
  {
    itemIndex: Type.Integer({ minimum: 0, maximum: 1000 }),
    municipality: Type.Optional(
      Type.String({
        pattern: '^[A-Z][0-9]{3}$',
        description: 'Belfiore code: distances are measured from it',
      }),
    ),
    district: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    facility: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    from: Type.Optional(Type.String({ format: 'date-time' })),
    sort: Type.Optional(Type.Union([Type.Literal('distance'), Type.Literal('date')])),
  },
  { additionalProperties: false },
);

export const MoveAvailabilityQuery = Type.Omit(PortalAvailabilityQuery, ['itemIndex']);

export const PortalAvailabilitySchema = Type.Object(
  {
    items: Type.Array(
      Type.Object({
        slotId: Type.Integer(),
        start: DateTime,
        end: DateTime,
        unitName: Type.String(),
        facility: Type.Object({
          id: Type.String(),
          name: Type.String(),
          district: Type.String(),
          address: Type.String(),
          municipality: Type.String(),
          distanceKm: Nullable(Type.Number({ description: 'Great-circle distance from the origin, km' })),
        }),
        withinGuarantee: Nullable(Type.Boolean()),
      }),
      { description: "Each facility's first free slot open to the web channel" },
    ),
    sort: Type.Union([Type.Literal('distance'), Type.Literal('date')], {
      description: 'How the list is ordered (distance needs an origin municipality)',
    }),
    origin: Nullable(Type.Object({ code: Type.String(), name: Type.String() })),
    guaranteeDeadline: Nullable(DateTime),
    nothingWithinGuarantee: Type.Boolean(),
    firstWithinGuarantee: Nullable(DateTime),
  },
  { $id: 'PortalAvailability' },
);

export const PortalHoldBody = Type.Object(
  {
    slotId: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
    itemIndex: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);

export const PortalHoldSchema = Type.Object(
  { id: Type.String(), slotId: Type.Integer(), expiresAt: DateTime },
  { $id: 'PortalHold' },
);

export const PortalBookBody = Type.Object(
  {
    holdId: Type.String({ format: 'uuid' }),
    itemIndex: Type.Integer({ minimum: 0 }),
    phone: Type.Optional(Nullable(Type.String({ maxLength: 32 }))),
    email: Type.Optional(Nullable(Type.String({ maxLength: 254 }))),
    consents: Type.Optional(
      Type.Object(
        {
          contactByPhone: Type.Optional(Type.Boolean({ description: 'Reminders by SMS (OB-1)' })),
          contactByEmail: Type.Optional(Type.Boolean({ description: 'Reminders by e-mail (OB-1)' })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const ProtectionBody = Type.Object(
  { itemIndex: Type.Integer({ minimum: 0 }) },
  { additionalProperties: false },
);

export const PortalBookingSchema = Type.Object(
  {
    code: Type.String(),
    keypadCode: Type.String(),
    status: Type.String(),
    nre: Type.String(),
    itemIndex: Type.Integer(),
    service: Type.String(),
    start: DateTime,
    end: DateTime,
    unitName: Type.String(),
    facility: Type.Object({
      id: Type.String(),
      name: Type.String(),
      address: Type.String(),
      municipality: Type.String(),
      mapUrl: Nullable(Type.String()),
    }),
    priority: Type.String(),
    channel: Type.String(),
    copayCents: Type.Integer(),
    exempt: Type.Boolean(),
    cancelBy: Type.String({ format: 'date', description: 'Last Rome date to cancel in time (working days)' }),
    cancellationNumber: Nullable(Type.String()),
    cancelledAt: Nullable(DateTime),
    lateCancellation: Nullable(Type.Boolean()),
    confirmedAt: Nullable(DateTime),
    notice: Nullable(NoticeSchema),
    others: Type.Array(BookingBrief, { description: "The person's other bookings ahead, from any channel" }),
  },
  { $id: 'PortalBooking' },
);

export const BookingCodeParams = Type.Object({ code: Type.String({ pattern: '^[A-Za-z0-9-]{4,20}$' }) });
export const MoveBody = Type.Object(
  { slotId: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) },
  { additionalProperties: false },
);
export const HoldParams = Type.Object({ holdId: Type.String({ format: 'uuid' }) });
export const CheckoutParams = Type.Object({ checkoutId: Type.String({ format: 'uuid' }) });
export const CheckoutBody = Type.Object(
  { outcome: Type.Union([Type.Literal('pay'), Type.Literal('fail')]) },
  { additionalProperties: false },
);
export const CheckoutStartSchema = Type.Object(
  {
    checkoutId: Nullable(Type.String({ description: 'The simulated checkout page, when it is the one' })),
    checkoutUrl: Type.String({
      description: "Where the citizen pays: the simulated page, or pagoPA Checkout's",
    }),
    expiresAt: Nullable(DateTime),
  },
  { $id: 'PortalCheckoutStart' },
);
export const CheckoutSchema = Type.Object(
  {
    checkoutId: Type.String(),
    noticeNumber: Type.String(),
    groupedNumber: Type.String(),
    creditorFiscalCode: Type.String(),
    amountCents: Type.Integer(),
    description: Type.String(),
    expiresAt: DateTime,
    outcome: Nullable(Type.Union([Type.Literal('paid'), Type.Literal('failed')])),
    noticeStatus: Type.String(),
    label: Type.Literal('simulazione'),
  },
  { $id: 'PortalCheckout' },
);
const RatingServiceSchema = Type.Union(RATING_SERVICES.map((s) => Type.Literal(s)));
const RatingReasonSchema = Type.Union(RATING_REASONS.map((r) => Type.Literal(r)));
export const RatingBody = Type.Object(
  {
    service: RatingServiceSchema,
    rating: Type.Integer({ minimum: 1, maximum: 5 }),
    // Two named lists, so the web's generated types carry which answers belong to which question.
    reason: Type.Optional(
      Type.Union(
        [
          Type.Union(
            DIFFICULTIES.map((r) => Type.Literal(r)),
            { $id: 'RatingDifficulty', description: 'below 4 stars: where the difficulties were' },
          ),
          Type.Union(
            LIKED.map((r) => Type.Literal(r)),
            { $id: 'RatingLiked', description: 'from 4 stars: what was liked' },
          ),
        ],
        {
          description: `below 4 stars, what was difficult (${DIFFICULTIES.join(', ')}); from 4, what was liked (${LIKED.join(', ')})`,
        },
      ),
    ),
    detail: Type.Optional(
      Type.String({
        maxLength: DETAIL_MAX_LENGTH,
        description: "the citizen's words; e-mail addresses, fiscal codes and long numbers are masked",
      }),
    ),
  },
  { additionalProperties: false },
);
/** MR-2: the period's ratings in a report (C.SE.1.7). */
export const RatingFiguresSchema = Type.Object(
  {
    ratings: Type.Integer(),
    average: Nullable(Type.Number()),
    services: Type.Array(
      Type.Object({
        service: RatingServiceSchema,
        ratings: Type.Integer(),
        average: Nullable(Type.Number()),
        byStars: Type.Array(Type.Integer(), { minItems: 5, maxItems: 5 }),
      }),
    ),
    reasons: Type.Array(
      Type.Object({
        question: Type.Union([Type.Literal('difficulties'), Type.Literal('liked')]),
        reason: RatingReasonSchema,
        count: Type.Integer(),
      }),
    ),
    comments: Type.Array(
      Type.Object({
        at: DateTime,
        service: RatingServiceSchema,
        rating: Type.Integer(),
        reason: Nullable(RatingReasonSchema),
        text: Type.String(),
      }),
    ),
  },
  { $id: 'PortalRatingFigures' },
);
export const MunicipalitiesSchema = Type.Object(
  {
    items: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), province: Type.String() })),
  },
  { $id: 'PortalMunicipalities' },
);

export const KioskCheckInBody = Type.Object(
  {
    facilityId: Type.String({ minLength: 1, maxLength: 100, description: "The kiosk's facility" }),
    code: Type.String({
      minLength: 1,
      maxLength: 32,
      description: 'Booking code, typed or scanned from the promemoria',
    }),
    fiscalCode: Type.String({
      minLength: 1,
      maxLength: 32,
      description: "Typed, or scanned from the health card's barcode",
    }),
  },
  { additionalProperties: false },
);

export const KioskOutcomeSchema = Type.Union(
  [
    Type.Object({
      outcome: Type.Literal('checked_in'),
      ticket: Type.Integer({ description: 'The queue ticket, numbered per facility and day' }),
      service: Type.String(),
      start: DateTime,
      unitName: Type.String(),
      facility: Type.String(),
    }),
    Type.Object({
      outcome: Type.Literal('payment_due'),
      service: Type.String(),
      start: DateTime,
      amountCents: Type.Integer(),
      noticeNumber: Nullable(Type.String()),
      groupedNumber: Nullable(Type.String()),
      qrSvg: Nullable(Type.String({ description: "The notice's QR code (SVG), to pay with a phone" })),
    }),
  ],
  { $id: 'KioskOutcome' },
);

export const KioskFacilitySchema = Type.Object(
  { id: Type.String(), name: Type.String(), address: Type.String(), district: Type.String() },
  { $id: 'KioskFacility' },
);

export const ArrivalsSchema = Type.Object(
  {
    items: Type.Array(
      Type.Object({
        appointmentId: Type.String(),
        code: Type.String(),
        start: DateTime,
        service: Type.String(),
        unitName: Type.String(),
        status: Type.String(),
        patient: Type.String({ description: 'Family name and initial, for calling the patient' }),
        ticket: Nullable(Type.Integer()),
        checkedInAt: Nullable(DateTime),
        copayCents: Type.Integer(),
        paid: Type.Boolean(),
      }),
    ),
  },
  { $id: 'FacilityArrivals' },
);

export const FacilityParams = Type.Object({ facilityId: Type.String({ minLength: 1, maxLength: 100 }) });
export const DayQuery = Type.Object(
  { date: Type.Optional(Type.String({ format: 'date', description: 'Rome date; default today' })) },
  { additionalProperties: false },
);

export const PersonalAreaSchema = Type.Object(
  {
    person: Type.Object({ givenName: Type.String(), familyName: Type.String(), level: Type.String() }),
    bookings: Type.Array(BookingBrief),
    prescriptions: Type.Array(
      Type.Object({
        nre: Type.String(),
        priority: Priority,
        issuedOn: Type.String(),
        state: Type.String(),
        copayCents: Type.Integer(),
        items: Type.Array(
          Type.Object({ index: Type.Integer(), description: Type.String(), state: Type.String() }),
        ),
      }),
    ),
    payments: Type.Array(Type.Object({ ...NoticeSchema.properties, bookingCode: Type.String() })),
    /** Set while a delegate acts for this person: who, and the delegation's last day. */
    actingAs: Type.Union([
      Type.Object({
        delegationId: Type.String({ format: 'uuid' }),
        givenName: Type.String(),
        familyName: Type.String(),
        validUntil: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
        declaredRole: Type.Union([Type.Literal('parent'), Type.Literal('guardian'), Type.Null()], {
          description:
            "Acting as the minor's declared parent or guardian; null: with the person's delegation",
        }),
      }),
      Type.Null(),
    ]),
  },
  { $id: 'PersonalArea' },
);

export const DelegationSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    delegateFiscalCode: Type.Optional(
      Type.String({ description: "Given: the delegate's fiscal code (not said for one received)" }),
    ),
    delegator: Type.Optional(
      Type.Object(
        { givenName: Type.String(), familyName: Type.String() },
        { description: 'Received: who gave it' },
      ),
    ),
    validUntil: Type.Union([Type.String({ format: 'date' }), Type.Null()], {
      description: 'Its last day (Rome); null: until revoked',
    }),
    grantedAt: Type.String({ format: 'date-time' }),
    channel: Type.Union([Type.Literal('web'), Type.Literal('desk')]),
    declaredRole: Type.Union([Type.Literal('parent'), Type.Literal('guardian'), Type.Null()], {
      description:
        "A parent's or guardian's declaration for a minor (DPR 445/2000), ending the day before the minor's 18th birthday; null: a delegation given",
    }),
    ended: Type.Union([
      Type.Object({
        at: Type.String({ format: 'date-time' }),
        by: Type.Union([
          Type.Literal('delegator'),
          Type.Literal('delegate'),
          Type.Literal('staff'),
          Type.Literal('replaced'),
        ]),
      }),
      Type.Null(),
    ]),
  },
  { $id: 'Delegation' },
);

export const DelegationGrantedSchema = Type.Object(
  {
    ...DelegationSchema.properties,
    notice: Type.Union(
      [
        Type.Object({
          channel: Type.Union([Type.Literal('sms'), Type.Literal('email')]),
          recipient: Type.String({ description: 'Masked: the last digits or the domain only' }),
          sendAfter: Type.String({ format: 'date-time' }),
        }),
        Type.Null(),
      ],
      {
        description:
          'How the delegator is told of it (an SMS waits for the sending window); null: no contact may be used',
      },
    ),
  },
  { $id: 'DelegationGranted' },
);

export const DelegationsSchema = Type.Object(
  { given: Type.Array(Type.Ref('Delegation')), received: Type.Array(Type.Ref('Delegation')) },
  { $id: 'Delegations' },
);

export const DelegationBody = Type.Object(
  {
    fiscalCode: Type.String({ minLength: 1, maxLength: 32, description: "The delegate's fiscal code" }),
    validUntil: Type.Optional(
      Type.Union([Type.String({ format: 'date' }), Type.Null()], {
        description: 'The last day it holds (Rome); left out or null: until revoked',
      }),
    ),
  },
  { additionalProperties: false },
);

export const DeskDelegationBody = Type.Object(
  {
    ...DelegationBody.properties,
    declaredRole: Type.Optional(
      Type.Union([Type.Literal('parent'), Type.Literal('guardian'), Type.Null()], {
        description:
          "For a patient under 18, who cannot delegate: the declarant's role (parent or guardian); the declaration ends at the latest the day before the 18th birthday",
      }),
    ),
  },
  { additionalProperties: false },
);

export const MinorDeclarationBody = Type.Object(
  {
    fiscalCode: Type.String({ minLength: 1, maxLength: 32, description: "The minor's fiscal code" }),
    nre: Type.String({
      minLength: 1,
      maxLength: 32,
      description: "One of the minor's prescriptions (NRE): the proof that goes with the fiscal code",
    }),
    role: Type.Union([Type.Literal('parent'), Type.Literal('guardian')], {
      description: 'Parental responsibility, or guardianship (tutela)',
    }),
    declaration: Type.Boolean({
      description:
        'The declarant states, under DPR 445/2000 art. 46–47 and aware of art. 76 on false statements, that they hold the role declared',
    }),
  },
  { additionalProperties: false },
);

export const ActingBody = Type.Object(
  {
    delegationId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], {
      description: 'A delegation received, to act for its delegator; null: back to your own area',
    }),
  },
  { additionalProperties: false },
);

export const DelegationParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const PatientDelegationParams = Type.Object({
  fiscalCode: Type.String({ maxLength: 32 }),
  id: Type.String({ format: 'uuid' }),
});
