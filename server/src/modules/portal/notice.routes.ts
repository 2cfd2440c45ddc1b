import { Type } from '@fastify/type-provider-typebox';
import { AppError } from '../../platform/errors.ts';
import { type App, type AppDeps, contextOf, errorResponses } from '../../platform/http.ts';
import { isSameOrigin } from '../../platform/request-guards.ts';
import {
  NoticeNumberParams,
  noticeByTypedNumber,
  PublicNoticeSchema,
  publicNotice,
  startCheckout,
} from '../payments/index.ts';
import type { PortalGuard } from './portal.guard.ts';
import type { PortalSettings } from './rules/portal.types.ts';

const TAGS = ['portal'];
const PUBLIC = { roles: [] as [] };

/**
 * "Paga un avviso" (BK-8): a citizen types the number printed on a notice (from the desk, the phone or
 * the post) and pays it, without login, as at any PSP. The number is checked (its check digits) before
 * anything is looked up; lookups count against the same limits as an identification attempt.
 */
export function noticeRoutes(app: App, deps: AppDeps, settings: PortalSettings, guard: PortalGuard) {
  app.addSchema(PublicNoticeSchema);
  const find = (request: Parameters<typeof guard.attempt>[0], number: string) => {
    guard.attempt(request, `avviso:${number.replace(/\D/g, '')}`);
    return noticeByTypedNumber(deps.db, settings.payments, number);
  };

  app.get(
    '/api/v1/portal/notices/:number',
    {
      config: PUBLIC,
      schema: {
        tags: TAGS,
        summary:
          'A notice by the number a person typed: 422 on noticeNumber when its check digits are wrong, then the creditor, the amount and whether it is paid (no health data)',
        params: NoticeNumberParams,
        response: { 200: Type.Ref('PublicNotice'), ...errorResponses },
      },
    },
    async (request) => publicNotice(await find(request, request.params.number), settings.payments),
  );

  app.post(
    '/api/v1/portal/notices/:number/payment',
    {
      config: PUBLIC,
      schema: {
        tags: TAGS,
        summary:
          'Pay a notice by its number: a checkout of the simulated PSP (simulazione) or pagoPA Checkout',
        params: NoticeNumberParams,
        body: Type.Object({}),
        response: { 200: Type.Ref('PortalCheckoutStart'), ...errorResponses },
      },
    },
    async (request) => {
      if (!isSameOrigin(request, { requireHeader: true }))
        throw new AppError('FORBIDDEN', 'cross-site request refused: send it from the portal');
      const notice = await find(request, request.params.number);
      const back = `${settings.publicUrl}/portale/paga?avviso=${notice.noticeNumber}`;
      const c = await startCheckout(deps.db, contextOf(request, deps.clock), settings.payments, notice, {
        ok: back,
        cancel: back,
        error: back,
      });
      return { checkoutId: c.checkoutId, checkoutUrl: c.url, expiresAt: c.expiresAt };
    },
  );
}
