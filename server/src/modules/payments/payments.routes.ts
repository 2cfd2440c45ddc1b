import { Type } from '@fastify/type-provider-typebox';
import { type App, type AppDeps, contextOf, errorResponses } from '../../platform/http.ts';
import { IssueNoticeBody, StaffNoticeSchema } from './payments.schemas.ts';
import {
  appointmentNotice,
  issueForAppointment,
  noticeFile,
  noticeView,
  patientNotices,
} from './payments.service.ts';
import type { PaymentSettings } from './payments.types.ts';

const FRONT = ['operator', 'backoffice'] as const;
const TAGS = ['payments'];
const IdParam = Type.Object({ id: Type.String({ format: 'uuid' }) });

/** The staff's side of BK-8: the patient's notices in the console, issuing one for a booking, its PDF. */
export function paymentsRoutes(app: App, deps: AppDeps, settings: PaymentSettings) {
  app.addSchema(StaffNoticeSchema);
  const ctx = (request: Parameters<typeof contextOf>[0]) => contextOf(request, deps.clock);

  app.get(
    '/api/v1/patients/:fiscalCode/payment-notices',
    {
      config: { personalData: 'PaymentNotice', roles: [...FRONT] },
      schema: {
        tags: TAGS,
        summary: "A patient's pagoPA notices, newest first: paid, to pay, refund due (the read is audited)",
        params: Type.Object({ fiscalCode: Type.String({ maxLength: 32 }) }),
        response: {
          200: Type.Object({
            items: Type.Array(Type.Ref('PaymentNotice')),
            enabled: Type.Boolean({ description: 'False when payments are off (PAYMENTS=off)' }),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => ({
      items: await patientNotices(deps.db, ctx(request), settings, request.params.fiscalCode),
      enabled: settings.port !== null,
    }),
  );

  app.post(
    '/api/v1/appointments/:id/payment-notice',
    {
      config: { personalData: 'PaymentNotice', roles: [...FRONT] },
      schema: {
        tags: TAGS,
        summary:
          "Issue the pagoPA notice of a booking's co-payment (201), or return its live one (200); 409 when nothing is due",
        params: IdParam,
        body: IssueNoticeBody,
        response: { 200: Type.Ref('PaymentNotice'), 201: Type.Ref('PaymentNotice'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { notice, fresh } = await issueForAppointment(
        deps.db,
        ctx(request),
        settings,
        request.params.id,
        request.body.channel,
      );
      return reply
        .status(fresh ? 201 : 200)
        .send({ appointmentId: notice.appointmentId, ...noticeView(notice, settings) });
    },
  );

  app.get(
    '/api/v1/appointments/:id/payment-notice.pdf',
    {
      config: { personalData: 'PaymentNotice', roles: [...FRONT] },
      schema: {
        tags: TAGS,
        summary:
          "The appointment's pagoPA notice to print (PDF): the number in groups of four and the QR code",
        params: IdParam,
        response: { 200: Type.Any(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { notice, appointment: a } = await appointmentNotice(deps.db, ctx(request), request.params.id);
      const { filename, pdf } = await noticeFile(settings, notice, a);
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${filename}"`)
        .header('cache-control', 'no-store')
        .send(pdf);
    },
  );
}
