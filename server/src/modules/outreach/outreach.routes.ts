import { Type } from '@fastify/type-provider-typebox';
import { type App, type AppDeps, contextOf, errorResponses } from '../../platform/http.ts';
import type { SendingWindow } from '../messaging/index.ts';
import { actOnLink, linkedAppointment } from './links.service.ts';
import { messagesPage, outreachSummary } from './messages.service.ts';
import {
  LinkCancelBodySchema,
  LinkedAppointmentSchema,
  LinkParamsSchema,
  MessagesQuerySchema,
  MessagesSchema,
  OutreachSummarySchema,
  PeriodQuerySchema,
} from './outreach.schemas.ts';
import type { OutreachSettings } from './outreach.types.ts';
import { sendPromemoria } from './promemoria.service.ts';

// Outreach (issue 11): the reminders' one-click links, public and signed, and the staff's view of
// what was sent and answered.
export function outreachRoutes(
  app: App,
  deps: AppDeps,
  o: { settings: OutreachSettings; label: 'simulazione' | null },
  window: SendingWindow,
) {
  app.addSchema(LinkedAppointmentSchema);
  app.addSchema(MessagesSchema);
  app.addSchema(OutreachSummarySchema);
  const link = { 200: Type.Ref('LinkedAppointment'), ...errorResponses };

  app.get(
    '/api/v1/outreach/links/:token',
    {
      config: { roles: [] },
      schema: {
        tags: ['outreach'],
        summary: "A reminder's link: the appointment it is about (no login; the signed link is the key)",
        params: LinkParamsSchema,
        response: link,
      },
    },
    async (request) =>
      linkedAppointment(deps.db, contextOf(request, deps.clock), o.settings, request.params.token),
  );
  app.post(
    '/api/v1/outreach/links/:token/confirm',
    {
      config: { roles: [] },
      schema: {
        tags: ['outreach'],
        summary: 'Confirm the appointment from the reminder (OB-1); confirming again changes nothing',
        params: LinkParamsSchema,
        response: link,
      },
    },
    async (request) =>
      actOnLink(deps.db, contextOf(request, deps.clock), o.settings, request.params.token, 'confirm'),
  );
  app.post(
    '/api/v1/outreach/links/:token/cancel',
    {
      config: { roles: [] },
      schema: {
        tags: ['outreach'],
        summary:
          'Cancel the appointment from the reminder (OB-1, OB-4), once the patient said yes to the question; the place is free at once; the answer carries the cancellation number',
        params: LinkParamsSchema,
        body: LinkCancelBodySchema,
        response: link,
      },
    },
    async (request) =>
      actOnLink(deps.db, contextOf(request, deps.clock), o.settings, request.params.token, 'cancel'),
  );

  app.get(
    '/api/v1/outreach/messages',
    {
      config: { roles: ['cup-manager', 'supervisor', 'trainer'] },
      schema: {
        tags: ['outreach'],
        summary:
          'Messages sent to patients and their replies in a period (Rome dates), with counts by status; recipients masked; the reading is audited',
        querystring: MessagesQuerySchema,
        response: { 200: Type.Ref('OutreachMessages'), ...errorResponses },
      },
    },
    async (request) => messagesPage(deps.db, contextOf(request, deps.clock), request.query, o.label),
  );

  app.get(
    '/api/v1/outreach/summary',
    {
      config: { roles: ['cup-manager', 'supervisor', 'trainer'] },
      schema: {
        tags: ['outreach'],
        summary:
          "The Outreach page's figures for a period (Rome dates): reminders by status, patients' answers, and the attendance of the period's appointments (unmarked ones apart)",
        querystring: PeriodQuerySchema,
        response: { 200: Type.Ref('OutreachSummary'), ...errorResponses },
      },
    },
    async (request) => outreachSummary(deps.db, contextOf(request, deps.clock), request.query, o.label),
  );

  app.post(
    '/api/v1/appointments/:id/promemoria',
    {
      config: { personalData: 'Patient', roles: ['operator', 'backoffice'] },
      schema: {
        tags: ['outreach'],
        summary:
          "Send the appointment's promemoria by SMS or e-mail to the contact on the patient's record, at the caller's request " +
          '(through the outbox: an SMS waits for the sending window). 422 on channel when the record has no such contact, ' +
          'its consent was refused or the patient replied STOP. With an Idempotency-Key a retry sends nothing more',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        headers: Type.Object({
          'idempotency-key': Type.Optional(Type.String({ minLength: 8, maxLength: 100 })),
        }),
        body: Type.Object(
          { channel: Type.Union([Type.Literal('sms'), Type.Literal('email')]) },
          { additionalProperties: false },
        ),
        response: {
          202: Type.Object({
            messageId: Type.String({ format: 'uuid' }),
            channel: Type.Union([Type.Literal('sms'), Type.Literal('email')]),
            recipient: Type.String({ description: 'Masked: the last digits or the domain only' }),
            sendAfter: Type.String({ format: 'date-time' }),
            label: Type.Union([Type.Literal('simulazione'), Type.Null()], {
              description: "'simulazione' when messages go to the simulated gateway",
            }),
          }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const key = request.headers['idempotency-key'];
      const sent = await sendPromemoria(deps.db, contextOf(request, deps.clock), o.settings, window, {
        appointmentId: request.params.id,
        channel: request.body.channel,
        key: typeof key === 'string' ? key : undefined,
      });
      return reply.status(202).send({ ...sent, sendAfter: sent.sendAfter.toISOString(), label: o.label });
    },
  );
}
