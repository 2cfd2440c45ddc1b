import { sql } from 'kysely';
import { agendaRoutes, bookingRoutes, protectionRoutes } from './modules/booking/index.ts';
import { campaignsRoutes } from './modules/campaigns/index.ts';
import { type ChatSettings, chatRoutes, chatSettings, releaseChatsOf } from './modules/chat/index.ts';
import {
  agentOnCall,
  contactCentreRoutes,
  type LiveContactCentre,
  logOffLine,
} from './modules/contact-centre/index.ts';
import { groupsRoutes } from './modules/groups/index.ts';
import { type HelpdeskMail, helpdeskMailSettings, helpdeskRoutes } from './modules/helpdesk/index.ts';
import {
  identityRoutes,
  OidcClient,
  oidcRoutes,
  oidcSettings,
  SessionCache,
  usersRoutes,
} from './modules/identity/index.ts';
import { knowledgeRoutes } from './modules/knowledge/index.ts';
import { parseWindow } from './modules/messaging/index.ts';
import {
  type FeedSettings,
  nationalFeedRoutes,
  nationalFeedSettings,
} from './modules/national-feed/index.ts';
import { type OutreachSettings, outreachRoutes, outreachSettings } from './modules/outreach/index.ts';
import { type PaymentSettings, paymentSettings, paymentsRoutes } from './modules/payments/index.ts';
import { planningRoutes } from './modules/planning/index.ts';
import {
  type CitizenOidcSettings,
  citizenOidcSettings,
  type PortalSettings,
  portalRoutes,
  portalSettings,
} from './modules/portal/index.ts';
import { privacyRoutes } from './modules/privacy/index.ts';
import { registryRoutes } from './modules/registry/index.ts';
import { type ReofferSettings, reofferRoutes, reofferSettings } from './modules/reoffer/index.ts';
import { reportingRoutes } from './modules/reporting/index.ts';
import { staffRoutes } from './modules/staff/index.ts';
import type { Clock } from './platform/clock.ts';
import type { Config } from './platform/config.ts';
import type { Db } from './platform/db.ts';
import { type App, createHttpApp, opsGate } from './platform/http.ts';
import type { Logger } from './platform/logger.ts';
import { createMetrics } from './platform/metrics.ts';
import { serveWebApp, WEB_DIST } from './platform/web.ts';

export interface BuildOptions {
  db: Db;
  dbKind: 'pglite' | 'postgres';
  clock: Clock;
  config: Config;
  log: Logger;
  /** The built web app served at `/` (default `web/dist`). */
  webRoot?: string;
  /** The running contact centre (see startLiveContactCentre); without it the live routes answer 409. */
  contactCentre?: LiveContactCentre | null;
  /** Outreach's settings (the links' key) and its gateways' label; by default from the configuration. */
  outreach?: { settings: OutreachSettings; label: 'simulazione' | null };
  /** The help desk's e-mail (threading key, mailboxes); by default from the configuration. */
  helpdesk?: HelpdeskMail;
  /** Re-offer's settings; by default from the configuration and outreach's links. */
  reoffer?: ReofferSettings;
  /** Payments (the pagoPA notices and the PSP port); by default from the configuration. */
  payments?: PaymentSettings;
  /** MR-8: the national feed's sender and key; by default from the configuration. */
  nationalFeed?: FeedSettings;
  /** The citizen portal's settings, over those from the configuration (tests lower the limits). */
  portal?: Partial<PortalSettings>;
  /** CC-10: the chat's limits and hours; by default from the configuration. */
  chat?: ChatSettings;
  /** Citizens' SPID/CIE relying party; by default from the configuration (null: not offered). */
  citizenOidc?: CitizenOidcSettings | null;
}

/** Builds the HTTP app from each module's routes. Tests call this and use `app.inject`. */
export async function buildApp(opts: BuildOptions): Promise<App> {
  const metrics = createMetrics();
  const sessions = new SessionCache();
  const deps = {
    db: opts.db,
    clock: opts.clock,
    config: opts.config,
    log: opts.log,
    metrics,
    auth: sessions,
  };
  const app = await createHttpApp(deps);

  app.get('/health', { schema: { hide: true } }, async (_request, reply) => {
    // Issue 8 §16: contact events waiting in memory or on disk while the database is away.
    const contactEvents = opts.contactCentre?.storage() ?? null;
    const extra = contactEvents ? { contactEvents } : {};
    try {
      await sql`select 1`.execute(opts.db);
      const degraded = contactEvents !== null && contactEvents.state !== 'ok';
      return { status: degraded ? 'degraded' : 'ok', database: opts.dbKind, ...extra };
    } catch {
      return reply.status(503).send({ status: 'unavailable', database: opts.dbKind, ...extra });
    }
  });
  // Operational figures: the operations network (OPS_NETWORKS) or an admin.
  app.get('/metrics', { schema: { hide: true }, onRequest: opsGate(deps, []) }, async (_request, reply) =>
    reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
  );

  // Issue 8 §17: leaving the app (or a session ending) logs the person's agent off the line.
  const centre = opts.contactCentre ?? null;
  if (centre) {
    sessions.onSessionEnded((userId, why) =>
      logOffLine(centre, userId, why === 'logout' ? 'app-logout' : 'session-ended'),
    );
  }
  // CC-10: an operator who logs out gives the chats they hold back to the queue, at their place.
  sessions.onSessionEnded((userId, why) => {
    if (why === 'logout')
      void releaseChatsOf(opts.db, opts.clock, userId).catch((e) =>
        opts.log.error({ err: e instanceof Error ? e.message : String(e) }, 'could not release chats'),
      );
  });
  identityRoutes(app, { ...deps, sessions });
  usersRoutes(app, deps);
  const sso = oidcSettings(opts.config);
  oidcRoutes(app, deps, sso ? new OidcClient(sso) : null);
  registryRoutes(app, deps);
  bookingRoutes(app, deps);
  const payments = opts.payments ?? paymentSettings(opts.config);
  paymentsRoutes(app, deps, payments);
  protectionRoutes(app, deps);
  groupsRoutes(app, deps);
  agendaRoutes(app, deps);
  planningRoutes(app, deps);
  privacyRoutes(app, deps);
  staffRoutes(app, deps);
  const outreach = opts.outreach ?? {
    settings: outreachSettings(opts.config, { demoSecret: false }),
    label: opts.config.MESSAGING === 'simulated' ? 'simulazione' : null,
  };
  knowledgeRoutes(app, deps);
  const helpdeskMail = opts.helpdesk ?? helpdeskMailSettings(opts.config, outreach.settings.linkSecret);
  helpdeskRoutes(app, deps, helpdeskMail);
  outreachRoutes(app, deps, outreach, parseWindow(opts.config.QUIET_HOURS));
  reofferRoutes(
    app,
    deps,
    opts.reoffer ?? reofferSettings(opts.config, outreach.settings, parseWindow(opts.config.QUIET_HOURS)),
  );
  await contactCentreRoutes(app, deps, opts.contactCentre ?? null);
  campaignsRoutes(app, deps, opts.contactCentre ?? null);
  reportingRoutes(app, deps, opts.contactCentre ?? null);
  nationalFeedRoutes(app, deps, opts.nationalFeed ?? nationalFeedSettings(opts.config));
  chatRoutes(
    app,
    deps,
    opts.chat ?? {
      ...chatSettings(opts.config),
      onModelReading: (failure) => {
        metrics.chatModelReadings.inc({ outcome: failure ? 'failed' : 'read' });
        if (failure)
          opts.log.warn(
            { failure },
            'chat reception: no intent from the language model, the rules read the message',
          );
      },
    },
    { onCall: (userId) => agentOnCall(opts.contactCentre, userId) },
    helpdeskMail,
  );
  portalRoutes(
    app,
    deps,
    { ...portalSettings(opts.config, payments), ...opts.portal },
    opts.citizenOidc === undefined ? citizenOidcSettings(opts.config) : opts.citizenOidc,
  );
  await serveWebApp(app, opts.webRoot ?? WEB_DIST);
  return app;
}
