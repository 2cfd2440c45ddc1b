import { Type } from '@fastify/type-provider-typebox';
import { type App, type AppDeps, contextOf, errorResponses } from '../../platform/http.ts';
import { getAppointment } from '../booking/index.ts';
import { bookingView } from './bookings/manage.service.ts';
import { promemoriaPdf } from './documents/promemoria-pdf.ts';
import type { PortalSettings } from './rules/portal.types.ts';

/**
 * The promemoria for the front line (issue 14 §8): the operator prints it at the desk, or downloads it to
 * hand over, the same document the citizen gets from the portal. The appointment's read is audited.
 */
export function promemoriaRoutes(app: App, deps: AppDeps, settings: PortalSettings) {
  app.get(
    '/api/v1/appointments/:id/promemoria.pdf',
    {
      config: { personalData: 'Appointment', roles: ['operator', 'backoffice'] },
      schema: {
        tags: ['booking'],
        summary:
          "The appointment's promemoria (PDF, Italian, with the booking code as a QR for the kiosk), to print or hand over",
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 200: Type.Any(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request, deps.clock);
      const a = await getAppointment(deps.db, ctx, request.params.id);
      const pdf = await promemoriaPdf(await bookingView(deps.db, ctx, settings, a), ctx.clock.now());
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="promemoria-${a.code}.pdf"`)
        .header('cache-control', 'no-store')
        .send(pdf);
    },
  );
}
