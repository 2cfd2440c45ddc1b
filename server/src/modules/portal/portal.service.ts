import { randomBytes } from 'node:crypto';
import type { Config } from '../../platform/config.ts';
import type { PaymentSettings } from '../payments/index.ts';
import type { PortalSettings } from './portal.types.ts';

/**
 * The portal's settings. Its session key is LINK_SECRET when set (shared by every instance); without it,
 * a key made at start (sessions are 30 minutes long; a restart asks the citizen to identify again).
 */
export function portalSettings(config: Config, payments: PaymentSettings): PortalSettings {
  return {
    secret: config.LINK_SECRET ?? randomBytes(32).toString('base64url'),
    sessionMinutes: 30,
    holdTtlSeconds: config.HOLD_TTL_SECONDS,
    noticeWorkingDays: config.CANCELLATION_NOTICE_WORKING_DAYS,
    payments,
    accessPer10Min: config.PORTAL_ACCESS_PER_10_MIN,
    requestsPerMinute: config.PORTAL_REQUESTS_PER_MIN,
  };
}
