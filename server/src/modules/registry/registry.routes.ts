import { Type } from '@fastify/type-provider-typebox';
import { type App, type AppDeps, contextOf, errorResponses } from '../../platform/http.ts';
import {
  ConsentsSchema,
  FacilitySchema,
  OpenPrescriptionSchema,
  PatientSchema,
  PrescriptionSchema,
  PrioritySchema,
  ServiceSchema,
} from './registry.schemas.ts';
import * as service from './registry.service.ts';
import { prescriptionCopayCents } from './rules/copay.ts';
import type { Prescription } from './rules/registry.types.ts';

const STAFF = ['operator', 'backoffice', 'supervisor', 'cup-manager'] as const;
const FRONT = ['operator', 'backoffice'] as const;

const withCopay = <P extends Prescription>(p: P) => ({ ...p, copayCents: prescriptionCopayCents(p) });

export function registryRoutes(app: App, deps: AppDeps) {
  // What the operator reads out: the co-payment and the exemption's words beside its code.
  const described = async (p: Prescription) => ({
    ...withCopay(p),
    exemptionDescription: await service.describeExemption(deps.db, p),
  });
  app.addSchema(PatientSchema);
  app.addSchema(ServiceSchema);
  app.addSchema(PrescriptionSchema);

  app.get(
    '/api/v1/services',
    {
      config: { roles: [...STAFF] },
      schema: {
        tags: ['registry'],
        summary: 'Search the service catalogue by description or code',
        querystring: Type.Object({
          query: Type.Optional(Type.String({ maxLength: 100 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(Type.Ref('Service')) }), ...errorResponses },
      },
    },
    async (request) => ({
      items: await service.searchServices(deps.db, request.query.query, request.query.limit),
    }),
  );

  app.get(
    '/api/v1/facilities',
    {
      config: { roles: ['cup-manager', 'supervisor', 'backoffice'] },
      schema: {
        tags: ['registry'],
        summary: 'The facilities of the region with their organisation and units (where agendas are held)',
        response: { 200: Type.Object({ items: Type.Array(FacilitySchema) }), ...errorResponses },
      },
    },
    async () => ({ items: await service.facilitiesWithUnits(deps.db) }),
  );

  app.post(
    '/api/v1/patients',
    {
      config: { personalData: 'Patient', roles: [...FRONT] },
      schema: {
        tags: ['registry'],
        summary: 'Register a patient in the regional registry (BK-7)',
        body: Type.Object(
          {
            fiscalCode: Type.String({ maxLength: 16 }),
            givenName: Type.String({ minLength: 1, maxLength: 100 }),
            familyName: Type.String({ minLength: 1, maxLength: 100 }),
            birthDate: Type.Optional(Type.String({ format: 'date' })),
            sex: Type.Optional(Type.Union([Type.Literal('M'), Type.Literal('F')])),
            phone: Type.Optional(Type.Union([Type.String({ maxLength: 30 }), Type.Null()])),
            email: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
            consents: Type.Optional(ConsentsSchema),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Ref('Patient'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const patient = await service.registerPatient(deps.db, contextOf(request, deps.clock), request.body);
      return reply.status(201).send(patient);
    },
  );

  app.get(
    '/api/v1/patients/:fiscalCode',
    {
      // Full demographics are for who books (SEC-1 least privilege): not the supervisor.
      config: { personalData: 'Patient', roles: [...FRONT] },
      schema: {
        tags: ['registry'],
        summary: 'A patient by fiscal code (the access is audited)',
        params: Type.Object({ fiscalCode: Type.String({ maxLength: 32 }) }),
        response: { 200: Type.Ref('Patient'), ...errorResponses },
      },
    },
    async (request) => service.getPatient(deps.db, contextOf(request, deps.clock), request.params.fiscalCode),
  );

  app.get(
    '/api/v1/patients/:fiscalCode/prescriptions',
    {
      config: { personalData: 'Prescription', roles: [...FRONT] },
      schema: {
        tags: ['registry'],
        summary:
          "The patient's prescriptions with an item still to book and within the region's validity, newest first, " +
          'so the NRE need not be dictated (each one handed out is audited)',
        params: Type.Object({ fiscalCode: Type.String({ maxLength: 32 }) }),
        response: {
          200: Type.Object({
            items: Type.Array(OpenPrescriptionSchema),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => ({
      items: (
        await service.openPrescriptionsOf(deps.db, contextOf(request, deps.clock), request.params.fiscalCode)
      ).map(withCopay),
    }),
  );

  app.put(
    '/api/v1/patients/:fiscalCode/contacts',
    {
      config: { personalData: 'Patient', roles: [...FRONT] },
      schema: {
        tags: ['registry'],
        summary:
          "Update the patient's phone and e-mail and the consents to use them, as the patient gives them on a call " +
          '(what is left out stays; null or an empty string clears it); audited as an update on the phone channel',
        params: Type.Object({ fiscalCode: Type.String({ maxLength: 32 }) }),
        body: Type.Object(
          {
            phone: Type.Optional(Type.Union([Type.String({ maxLength: 30 }), Type.Null()])),
            email: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
            consents: Type.Optional(ConsentsSchema),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Ref('Patient'), ...errorResponses },
      },
    },
    async (request) =>
      service.updateContactsByFiscalCode(
        deps.db,
        contextOf(request, deps.clock),
        request.params.fiscalCode,
        request.body,
      ),
  );

  app.post(
    '/api/v1/prescriptions',
    {
      config: { personalData: 'Prescription', roles: [...FRONT] },
      schema: {
        tags: ['registry'],
        summary:
          'Register an electronic prescription in the local register (stand-in for the national system). ' +
          'An exemptionCode must be one the region knows (422 naming exemptionCode) and only the back office may set it (403).',
        body: Type.Object(
          {
            nre: Type.String({ maxLength: 20 }),
            fiscalCode: Type.String({ maxLength: 16 }),
            priority: PrioritySchema,
            access: Type.Union([Type.Literal('first'), Type.Literal('follow_up')]),
            exemptionCode: Type.Optional(Type.Union([Type.String({ maxLength: 10 }), Type.Null()])),
            issuedOn: Type.String({ format: 'date' }),
            items: Type.Array(
              Type.Object(
                {
                  serviceCode: Type.String({ minLength: 1, maxLength: 20 }),
                  quantity: Type.Optional(Type.Integer({ minimum: 1, maximum: 99 })),
                },
                { additionalProperties: false },
              ),
              { minItems: 1, maxItems: 8 },
            ),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Ref('Prescription'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const p = await service.registerPrescription(deps.db, contextOf(request, deps.clock), request.body);
      return reply.status(201).send(await described(p));
    },
  );

  app.put(
    '/api/v1/prescriptions/:nre/exemption',
    {
      config: { personalData: 'Prescription', roles: ['backoffice'] },
      schema: {
        tags: ['registry'],
        summary:
          "Set or clear (null) the prescription's exemption from the ticket, after checking the certificate; who and when are recorded (BK-8)",
        params: Type.Object({ nre: Type.String({ maxLength: 20 }) }),
        body: Type.Object(
          { exemptionCode: Type.Union([Type.String({ maxLength: 10 }), Type.Null()]) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Ref('Prescription'), ...errorResponses },
      },
    },
    async (request) =>
      described(
        await service.setPrescriptionExemption(
          deps.db,
          contextOf(request, deps.clock),
          request.params.nre,
          request.body.exemptionCode,
        ),
      ),
  );

  app.get(
    '/api/v1/prescriptions/:nre',
    {
      config: { personalData: 'Prescription', roles: [...FRONT] },
      schema: {
        tags: ['registry'],
        summary: 'A prescription by NRE, with its items and co-payment (the access is audited)',
        params: Type.Object({ nre: Type.String({ maxLength: 20 }) }),
        response: { 200: Type.Ref('Prescription'), ...errorResponses },
      },
    },
    async (request) =>
      described(await service.getPrescription(deps.db, contextOf(request, deps.clock), request.params.nre)),
  );
}
