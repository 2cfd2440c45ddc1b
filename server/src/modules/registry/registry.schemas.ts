import { Type } from '@fastify/type-provider-typebox';

export const PrioritySchema = Type.Union(
  [Type.Literal('U'), Type.Literal('B'), Type.Literal('D'), Type.Literal('P')],
  {
    description:
      'Priority class: U urgent (72 h), B short (10 days), D deferrable (30/60 days), P scheduled (120 days)',
  },
);

export const ConsentsSchema = Type.Object(
  {
    contactByPhone: Type.Optional(Type.Boolean()),
    contactByEmail: Type.Optional(Type.Boolean()),
    healthRecord: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const PatientSchema = Type.Object(
  {
    id: Type.String(),
    fiscalCode: Type.String(),
    givenName: Type.String(),
    familyName: Type.String(),
    birthDate: Type.String({ format: 'date' }),
    sex: Type.Union([Type.Literal('M'), Type.Literal('F')]),
    phone: Type.Union([Type.String(), Type.Null()]),
    email: Type.Union([Type.String(), Type.Null()]),
    consents: ConsentsSchema,
    residenceCode: Type.Optional(
      Type.Union([Type.String(), Type.Null()], {
        description:
          "Belfiore code of the municipality of residence, when recorded (the availability's `near`)",
      }),
    ),
  },
  { $id: 'Patient' },
);

export const ServiceSchema = Type.Object(
  {
    code: Type.String(),
    description: Type.String(),
    kind: Type.Union([Type.Literal('visit'), Type.Literal('instrumental'), Type.Literal('lab')]),
    branch: Type.String(),
    tariffCents: Type.Integer(),
    slotMinutes: Type.Integer(),
  },
  { $id: 'Service' },
);

export const FacilitySchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  municipality: Type.String(),
  district: Type.String(),
  organisationId: Type.String(),
  organisationName: Type.String(),
  units: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), branch: Type.String() })),
});

export const PrescriptionSchema = Type.Object(
  {
    id: Type.String(),
    nre: Type.String(),
    patientId: Type.String(),
    fiscalCode: Type.String(),
    priority: PrioritySchema,
    access: Type.Union([Type.Literal('first'), Type.Literal('follow_up')]),
    exemptionCode: Type.Union([Type.String(), Type.Null()]),
    exemptionDescription: Type.Optional(
      Type.Union([Type.String(), Type.Null()], {
        description: "The exemption's description in the region's words, beside its code",
      }),
    ),
    issuedOn: Type.String({ format: 'date' }),
    state: Type.String(),
    items: Type.Array(
      Type.Object({
        index: Type.Integer(),
        service: Type.Ref('Service'),
        quantity: Type.Integer(),
        state: Type.Union([Type.Literal('open'), Type.Literal('booked')]),
        exempt: Type.Boolean({ description: "Covered by the prescription's exemption: no ticket for it" }),
      }),
    ),
    copayCents: Type.Integer({
      description:
        "Co-payment (ticket) for the whole prescription at today's tariffs, in euro cents: the items not covered by the exemption, capped at 3615",
    }),
  },
  { $id: 'Prescription' },
);

/** A prescription the patient can still book on (the console's list, so the NRE need not be dictated). */
export const OpenPrescriptionSchema = Type.Object({
  ...PrescriptionSchema.properties,
  bookableUntil: Type.Union([Type.String({ format: 'date' }), Type.Null()], {
    description: 'The last Rome date an open item can still be booked (null: the region sets no limit)',
  }),
});
