import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { Type } from '@fastify/type-provider-typebox';
import { audit } from '../../platform/audit.ts';
import { citizenActor, type RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { type App, type AppDeps, contextOf, errorResponses } from '../../platform/http.ts';
import { findPatientByFiscalCode } from '../registry/index.ts';
import { CitizenOidc, type CitizenOidcSettings } from './adapters/citizen-oidc.ts';
import { citizenContext } from './personal/delegation.service.ts';
import { personalArea } from './personal/personal.service.ts';
import type { PortalGuard } from './portal.guard.ts';
import { PersonalAreaSchema } from './portal.schemas.ts';
import type { PortalSettings } from './rules/portal.types.ts';

const LOGIN_COOKIE = 'sportello_portal_login';
const LOGIN_PATH = '/api/v1/portal/spid';
const AREA = '/portale/area-personale';

/**
 * SPID/CIE login for citizens (issue 13 §3) and the personal area. The pending login (state, nonce, PKCE
 * verifier) rides in a signed, short cookie bound to the callback's path; the OpenID exchange is the
 * adapter's; the person found by fiscal code gets a portal session of kind `person`.
 */
export function spidRoutes(
  app: App,
  deps: AppDeps,
  settings: PortalSettings,
  guard: PortalGuard,
  oidcSettings: CitizenOidcSettings | null,
) {
  app.addSchema(PersonalAreaSchema);
  const oidc = oidcSettings
    ? new CitizenOidc(oidcSettings, {
        now: () => deps.clock.now(),
        // The profile asks that the chain used be kept: which chain, until when, and its digest.
        onTrustChain: (r) =>
          app.log.info(
            {
              provider: r.entityId,
              trustAnchor: oidcSettings.trustAnchor?.entityId,
              expiresAt: r.expiresAt.toISOString(),
              chainSha256: createHash('sha256').update(r.chain.join('~')).digest('hex'),
              trustMarks: r.trustMarks.map((m) => `${m.id} ${m.status} (${m.issuer})`),
            },
            'SPID/CIE trust chain resolved',
          ),
      })
    : null;
  const mac = (body: string) =>
    createHmac('sha256', settings.secret).update(`login.${body}`).digest('base64url');
  const off = () => new AppError('NOT_FOUND', 'SPID/CIE login is not configured here');

  app.get(
    '/api/v1/portal/login-options',
    {
      config: { roles: [] },
      schema: {
        tags: ['portal'],
        summary: 'Whether SPID/CIE login is offered here (the no-login paths always are)',
        response: { 200: Type.Object({ spid: Type.Boolean() }) },
      },
    },
    async () => ({ spid: oidc !== null }),
  );

  app.get(
    `${LOGIN_PATH}/login`,
    {
      config: { roles: [] },
      schema: {
        tags: ['portal'],
        summary:
          'Start a SPID/CIE login: 302 to the identity provider; 303 to the personal area when the provider cannot be reached or trusted',
        response: { 302: Type.Null(), 303: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      if (!oidc) throw off();
      let s: Awaited<ReturnType<CitizenOidc['start']>>;
      try {
        s = await oidc.start();
      } catch (e) {
        // Unreachable, or its trust chain does not hold: the citizen is told, with the no-login paths.
        request.log.warn({ err: (e as Error).message }, 'SPID/CIE provider unavailable');
        return reply.redirect(`${AREA}?esito=servizio-non-disponibile`, 303);
      }
      const body = Buffer.from(
        JSON.stringify({
          state: s.state,
          nonce: s.nonce,
          v: s.codeVerifier,
          exp: deps.clock.now().getTime() + 600_000,
        }),
      ).toString('base64url');
      reply.setCookie(LOGIN_COOKIE, `${body}.${mac(body)}`, {
        path: LOGIN_PATH,
        httpOnly: true,
        // Lax: the provider sends the browser back with a top-level GET from its own site.
        sameSite: 'lax',
        secure: 'auto',
        maxAge: 600,
      });
      return reply.redirect(s.url.href, 302);
    },
  );

  app.get(
    `${LOGIN_PATH}/callback`,
    {
      config: { roles: [] },
      schema: {
        tags: ['portal'],
        summary: "The identity provider's callback: 303 to the personal area",
        hide: false,
        response: { 303: Type.Null() },
      },
    },
    async (request, reply) => {
      reply.clearCookie(LOGIN_COOKIE, { path: LOGIN_PATH });
      const back = (why: string) => reply.redirect(`${AREA}?esito=${why}`, 303);
      if (!oidc) return back('non-configurato');
      const raw = request.cookies[LOGIN_COOKIE] ?? '';
      const [body = '', sig = ''] = raw.split('.');
      const want = Buffer.from(mac(body));
      const got = Buffer.from(sig);
      if (!body || got.length !== want.length || !timingSafeEqual(got, want)) return back('sessione-scaduta');
      const pending = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as {
        state: string;
        nonce: string;
        v: string;
        exp: number;
      };
      if (pending.exp < deps.clock.now().getTime()) return back('sessione-scaduta');
      const query = request.url.slice(request.url.indexOf('?'));
      let person: Awaited<ReturnType<CitizenOidc['finish']>>;
      try {
        person = await oidc.finish(query, {
          state: pending.state,
          nonce: pending.nonce,
          codeVerifier: pending.v,
        });
      } catch (e) {
        request.log.warn({ err: (e as Error).message }, 'SPID/CIE login refused');
        return back('accesso-non-riuscito');
      }
      // A fiscal number the registry cannot even parse is, for this purpose, nobody on record.
      const patient = await findPatientByFiscalCode(deps.db, person.fiscalCode).catch(() => null);
      const ctx: RequestContext = {
        ...contextOf(request, deps.clock),
        actor: patient ? citizenActor(patient.id) : null,
      };
      await audit(deps.db, ctx, {
        action: 'search',
        resourceType: 'Patient',
        patientId: patient?.id ?? null,
        channel: 'web',
        purpose: `SPID/CIE login (${person.acr})`,
        outcome: patient ? 'ok' : 'not_found',
      });
      if (!patient) return back('nessuna-prenotazione');
      guard.open(reply, { patientId: patient.id, scope: { kind: 'person', acr: person.acr } });
      return reply.redirect(AREA, 303);
    },
  );

  app.get(
    '/api/v1/portal/me',
    {
      config: { roles: [] },
      schema: {
        tags: ['portal'],
        summary:
          'The personal area (after SPID/CIE): every booking from any channel, prescription and payment of the person',
        response: { 200: Type.Ref('PersonalArea'), ...errorResponses },
      },
    },
    async (request) => {
      const claims = guard.claims(request);
      const ctx = await citizenContext(deps.db, contextOf(request, deps.clock), claims);
      return personalArea(deps.db, ctx, settings, claims);
    },
  );

  app.get(
    '/.well-known/openid-federation',
    {
      config: { roles: [] },
      schema: {
        tags: ['portal'],
        summary: "This relying party's entity configuration (OpenID Federation 1.0, signed JWT)",
        response: { 200: Type.String(), ...errorResponses },
      },
    },
    async (_request, reply) => {
      if (!oidc) throw off();
      return reply
        .type('application/entity-statement+jwt')
        .send(await oidc.entityConfiguration(deps.clock.now()));
    },
  );
}
