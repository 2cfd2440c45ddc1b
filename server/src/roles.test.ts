import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, loginAs } from '../test/app.ts';
import { createPgliteDatabase, type TestDatabase } from '../test/databases.ts';
import { makePatient, makePrescription, makeService } from '../test/factories.ts';
import { ManualClock } from './platform/clock.ts';
import { ROLES, type Role } from './platform/context.ts';
import type { App } from './platform/http.ts';

/**
 * SEC-1 least privilege: who may call each route, written down here independently of the routes (and in
 * README.md and docs/security.md). `admin` passes every check; `public` routes need no session. A new
 * route fails this test until it is added here.
 */
const FRONT: Role[] = ['operator', 'backoffice'];
const READERS: Role[] = ['operator', 'backoffice', 'supervisor', 'cup-manager'];
const PLANNERS: Role[] = ['supervisor', 'cup-manager'];
const ALL: Role[] = [
  'operator',
  'backoffice',
  'second-level',
  'supervisor',
  'cup-manager',
  'trainer',
  'privacy-officer',
];
const CC = '/api/v1/contact-centre';

const ROLE_MATRIX: Record<string, Role[] | 'public'> = {
  'POST /api/v1/auth/login': 'public',
  'POST /api/v1/auth/logout': ALL,
  'GET /api/v1/auth/me': ALL,
  'GET /api/v1/auth/lockouts': [],
  'DELETE /api/v1/auth/lockouts/accounts/{username}': [],
  'DELETE /api/v1/auth/lockouts/addresses/{address}': [],
  'GET /api/v1/auth/providers': 'public',
  'GET /api/v1/auth/oidc/login': 'public',
  'GET /api/v1/auth/oidc/callback': 'public',
  'POST /api/v1/auth/password': ALL,
  'GET /api/v1/users': [],
  'POST /api/v1/users': [],
  'PATCH /api/v1/users/{id}': [],
  'POST /api/v1/users/{id}/password-reset': [],
  'GET /api/v1/services': READERS,
  'POST /api/v1/patients': FRONT,
  'GET /api/v1/patients/{fiscalCode}': FRONT,
  'GET /api/v1/patients/{fiscalCode}/prescriptions': FRONT,
  'PUT /api/v1/patients/{fiscalCode}/contacts': FRONT,
  'GET /api/v1/patients/{fiscalCode}/contact-history': FRONT,
  'GET /api/v1/patients/{fiscalCode}/delegations': FRONT,
  'POST /api/v1/patients/{fiscalCode}/delegations': FRONT,
  'POST /api/v1/patients/{fiscalCode}/delegations/{id}/revoke': FRONT,
  'POST /api/v1/appointments/{id}/promemoria': FRONT,
  'GET /api/v1/appointments/{id}/promemoria.pdf': FRONT,
  'POST /api/v1/prescriptions': FRONT,
  'GET /api/v1/prescriptions/{nre}': FRONT,
  'PUT /api/v1/prescriptions/{nre}/exemption': ['backoffice'],
  'POST /api/v1/declined-offers': FRONT,
  'GET /api/v1/availability': READERS,
  'POST /api/v1/holds': FRONT,
  'DELETE /api/v1/holds/{id}': FRONT,
  'POST /api/v1/appointments': FRONT,
  'GET /api/v1/appointments/{id}': [...FRONT, 'supervisor'],
  'POST /api/v1/appointments/{id}/cancel': FRONT,
  'POST /api/v1/appointments/{id}/move': FRONT,
  'POST /api/v1/appointments/{id}/check-in': FRONT,
  'POST /api/v1/appointments/{id}/complete': FRONT,
  'POST /api/v1/appointments/{id}/no-show': FRONT,
  'GET /api/v1/patients/{fiscalCode}/appointments': FRONT,
  'GET /api/v1/patients/{fiscalCode}/payment-notices': FRONT,
  'GET /api/v1/staff-register': ['admin', 'cup-manager'],
  'POST /api/v1/staff-register': ['admin'],
  'POST /api/v1/staff-register/{id}/leaving': ['admin'],
  'POST /api/v1/appointments/{id}/payment-notice': FRONT,
  'GET /api/v1/appointments/{id}/payment-notice.pdf': FRONT,
  'POST /api/v1/protection-cases': FRONT,
  'GET /api/v1/protection-cases': ['backoffice', 'cup-manager'],
  'POST /api/v1/protection-cases/{id}/take': ['backoffice'],
  'POST /api/v1/protection-cases/{id}/resolve': ['backoffice'],
  'GET /api/v1/group-bookings': ['backoffice'],
  'POST /api/v1/group-bookings': ['backoffice'],
  'GET /api/v1/group-bookings/{id}': ['backoffice'],
  'GET /api/v1/group-bookings/{id}/plan': ['backoffice'],
  'POST /api/v1/group-bookings/{id}/book': ['backoffice'],
  'POST /api/v1/group-bookings/{id}/cancel': ['backoffice'],
  'POST /api/v1/portal/chat': 'public',
  'GET /api/v1/portal/chat/{id}': 'public',
  'POST /api/v1/portal/chat/{id}/messages': 'public',
  'POST /api/v1/portal/chat/{id}/documents': 'public',
  'POST /api/v1/portal/chat/{id}/operator': 'public',
  'POST /api/v1/portal/chat/{id}/request': 'public',
  'POST /api/v1/portal/chat/{id}/close': 'public',
  'GET /api/v1/chat/queue': ['operator', 'supervisor', 'cup-manager'],
  'GET /api/v1/chat/summary': ['operator', 'supervisor', 'cup-manager'],
  'POST /api/v1/chat/{id}/accept': ['operator'],
  'GET /api/v1/chat/{id}': ['operator'],
  'GET /api/v1/chat/{id}/documents/{seq}': ['operator'],
  'POST /api/v1/chat/{id}/messages': ['operator'],
  'POST /api/v1/chat/{id}/close': ['operator'],
  'POST /api/v1/chat/{id}/ticket': ['operator'],
  'GET /api/v1/national-feed/batches': ['cup-manager'],
  'GET /api/v1/national-feed/batches/{day}': ['cup-manager'],
  'POST /api/v1/national-feed/batches/{day}/send': ['cup-manager'],
  'GET /api/v1/agendas': ['backoffice', 'supervisor', 'cup-manager'],
  'POST /api/v1/agendas': ['cup-manager'],
  'GET /api/v1/agendas/{agendaId}': ['backoffice', 'supervisor', 'cup-manager'],
  'PUT /api/v1/agendas/{agendaId}': ['cup-manager'],
  'GET /api/v1/facilities': ['backoffice', 'supervisor', 'cup-manager'],
  'GET /api/v1/outreach/links/{token}': 'public',
  'POST /api/v1/outreach/links/{token}/confirm': 'public',
  'POST /api/v1/outreach/links/{token}/cancel': 'public',
  'GET /api/v1/portal/municipalities': 'public',
  'GET /api/v1/prompts/audio/{file}': 'public',
  'GET /api/v1/helpdesk/queues': ['operator', 'backoffice', 'second-level', 'supervisor'],
  'POST /api/v1/helpdesk/tickets': ['operator', 'backoffice'],
  'GET /api/v1/helpdesk/tickets': ['operator', 'backoffice', 'second-level', 'supervisor'],
  'GET /api/v1/helpdesk/tickets/{id}': ['operator', 'backoffice', 'second-level', 'supervisor'],
  'POST /api/v1/helpdesk/tickets/{id}/actions': ['operator', 'backoffice', 'second-level'],
  'GET /api/v1/helpdesk/tickets/{id}/attachments/{attachmentId}': [
    'operator',
    'backoffice',
    'second-level',
    'supervisor',
  ],
  'POST /api/v1/portal/access/prescription': 'public',
  'POST /api/v1/portal/access/booking': 'public',
  'POST /api/v1/portal/logout': 'public',
  'GET /api/v1/portal/prescription': 'public',
  'GET /api/v1/portal/availability': 'public',
  'POST /api/v1/portal/holds': 'public',
  'DELETE /api/v1/portal/holds/{holdId}': 'public',
  'POST /api/v1/portal/bookings': 'public',
  'POST /api/v1/portal/protection': 'public',
  'GET /api/v1/portal/bookings/{code}': 'public',
  'POST /api/v1/portal/bookings/{code}/cancel': 'public',
  'GET /api/v1/portal/bookings/{code}/availability': 'public',
  'POST /api/v1/portal/bookings/{code}/move': 'public',
  'POST /api/v1/portal/bookings/{code}/payment': 'public',
  'GET /api/v1/portal/bookings/{code}/promemoria.pdf': 'public',
  'GET /api/v1/portal/bookings/{code}/calendar.ics': 'public',
  'GET /api/v1/portal/bookings/{code}/notice.pdf': 'public',
  'GET /api/v1/portal/bookings/{code}/notice-qr.svg': 'public',
  'GET /api/v1/portal/checkout/{checkoutId}': 'public',
  'POST /api/v1/portal/checkout/{checkoutId}': 'public',
  'POST /api/v1/portal/rating': 'public',
  'GET /api/v1/portal/notices/{number}': 'public',
  'POST /api/v1/portal/notices/{number}/payment': 'public',
  'GET /api/v1/portal/login-options': 'public',
  'GET /api/v1/portal/spid/login': 'public',
  'GET /api/v1/portal/spid/callback': 'public',
  'GET /api/v1/portal/me': 'public',
  'GET /api/v1/portal/delegations': 'public',
  'POST /api/v1/portal/delegations': 'public',
  'POST /api/v1/portal/delegations/minor': 'public',
  'POST /api/v1/portal/delegations/{id}/revoke': 'public',
  'POST /api/v1/portal/acting-for': 'public',
  'GET /api/v1/kiosk/facilities': 'public',
  'GET /api/v1/kiosk/facilities/{facilityId}': 'public',
  'POST /api/v1/kiosk/check-in': 'public',
  'GET /api/v1/facilities/{facilityId}/arrivals': ['operator', 'backoffice'],
  'GET /api/v1/outreach/messages': [...PLANNERS, 'trainer'],
  'GET /api/v1/outreach/summary': [...PLANNERS, 'trainer'],
  'GET /api/v1/reoffer/offers/{token}': 'public',
  'POST /api/v1/reoffer/offers/{token}/accept': 'public',
  'POST /api/v1/reoffer/offers/{token}/decline': 'public',
  'GET /api/v1/reoffer/summary': [...PLANNERS, 'trainer'],
  'GET /api/v1/planning/erlang': PLANNERS,
  'POST /api/v1/planning/forecast': PLANNERS,
  'POST /api/v1/planning/plan': PLANNERS,
  'POST /api/v1/planning/what-if': PLANNERS,
  [`GET ${CC}/state`]: READERS,
  [`GET ${CC}/agent`]: FRONT,
  [`POST ${CC}/agent/login`]: FRONT,
  [`POST ${CC}/agent/logout`]: FRONT,
  [`POST ${CC}/agent/ready`]: FRONT,
  [`POST ${CC}/agent/pause`]: FRONT,
  [`POST ${CC}/agent/answer`]: FRONT,
  [`POST ${CC}/agent/hang-up`]: FRONT,
  [`POST ${CC}/agent/transfer`]: FRONT,
  [`POST ${CC}/agent/outcome`]: FRONT,
  [`GET ${CC}/calls/{callId}/history`]: [...FRONT, 'supervisor'],
  [`GET ${CC}/history`]: [...FRONT, 'supervisor'],
  [`GET ${CC}/callbacks/recovered`]: [...FRONT, 'supervisor'],
  [`POST ${CC}/simulated-calls`]: ['operator', 'trainer'],
  [`GET ${CC}/simulated-calls/choices`]: ['operator', 'trainer'],
  [`GET ${CC}/stream`]: READERS,
  [`POST ${CC}/simulated-people`]: ['operator', 'trainer'],
  [`GET ${CC}/prompts`]: [],
  [`GET ${CC}/prompts/{key}/audio`]: [],
  [`PUT ${CC}/prompts/{key}/recording`]: [],
  [`DELETE ${CC}/prompts/{key}/recording`]: [],
  [`DELETE ${CC}/prompts/{key}/former-recordings`]: [],
  'POST /api/v1/agendas/{agendaId}/closures': ['cup-manager'],
  'GET /api/v1/campaigns': [...PLANNERS, 'trainer'],
  'POST /api/v1/campaigns': ['cup-manager'],
  'POST /api/v1/campaigns/csv-check': ['cup-manager'],
  'POST /api/v1/campaigns/voice-preview': ['cup-manager'],
  'GET /api/v1/campaigns/{id}': [...PLANNERS, 'trainer'],
  'POST /api/v1/campaigns/{id}/status': ['cup-manager'],
  'GET /api/v1/campaigns/{id}/contacts': PLANNERS,
  'GET /api/v1/campaigns/work': FRONT,
  'POST /api/v1/campaigns/{id}/work/next': FRONT,
  'POST /api/v1/campaigns/work/dial': FRONT,
  'POST /api/v1/campaigns/work/outcome': FRONT,
  'POST /api/v1/campaigns/work/give-back': FRONT,
  'GET /api/v1/reporting/wallboard': READERS,
  'GET /api/v1/reporting/sla': PLANNERS,
  'GET /api/v1/reporting/sla/today': PLANNERS,
  'GET /api/v1/public/when-to-call': 'public',
  'GET /api/v1/reporting/waiting-times': ['cup-manager'],
  'GET /api/v1/reporting/reports': PLANNERS,
  'POST /api/v1/reporting/reports': ['cup-manager'],
  'GET /api/v1/reporting/reports/{id}': PLANNERS,
  'POST /api/v1/reporting/reports/{id}/capacity-decisions': ['cup-manager'],
  'GET /api/v1/reporting/maintenance': PLANNERS,
  'POST /api/v1/reporting/maintenance': ['cup-manager'],
  'GET /api/v1/reporting/contacts': PLANNERS,
  'GET /api/v1/reporting/contacts/{callId}': PLANNERS,
  'GET /api/v1/privacy/access-log': ['privacy-officer'],
  'PUT /api/v1/helpdesk/tickets/{id}/legal-hold': ['privacy-officer'],
  'GET /api/v1/helpdesk/tickets/{id}/legal-hold': ['privacy-officer'],
  'POST /api/v1/helpdesk/tickets/{id}/merge': ['backoffice', 'second-level'],
  'POST /api/v1/helpdesk/tickets/{id}/links': ['backoffice', 'second-level'],
  'DELETE /api/v1/helpdesk/tickets/{id}/links/{other}': ['backoffice', 'second-level'],
  'GET /api/v1/helpdesk/tickets/{id}/citizen-tickets': [
    'operator',
    'backoffice',
    'second-level',
    'supervisor',
  ],
  'GET /api/v1/helpdesk/tickets/{id}/macros': ['backoffice', 'second-level'],
  'GET /api/v1/helpdesk/macros': ['backoffice', 'second-level', 'supervisor'],
  'POST /api/v1/helpdesk/macros': ['supervisor'],
  'PUT /api/v1/helpdesk/macros/{id}': ['supervisor'],
  'GET /api/v1/helpdesk/referrals/{token}': 'public',
  'POST /api/v1/helpdesk/referrals/{token}/answer': 'public',
  'GET /api/v1/knowledge/articles': ['operator', 'backoffice', 'second-level', 'supervisor'],
  'POST /api/v1/knowledge/articles': ['supervisor'],
  'GET /api/v1/knowledge/articles/{id}': ['operator', 'backoffice', 'second-level', 'supervisor'],
  'PUT /api/v1/knowledge/articles/{id}': ['supervisor'],
  'POST /api/v1/knowledge/articles/{id}/feedback': ['operator', 'backoffice', 'second-level'],
};

const LOGOUT = 'POST /api/v1/auth/logout';
const PARAM: Record<string, string> = {
  fiscalCode: 'RSSMRA85T10A562S',
  nre: '170A01234567890',
  id: '00000000-0000-4000-8000-000000000000',
  callId: 'call-1',
  agendaId: 'ag-1',
  username: 'nobody',
  address: '192.0.2.1',
};

describe('role matrix, route by route (SEC-1)', () => {
  let t: TestDatabase;
  let app: App;
  const clock = new ManualClock('2026-12-03T09:00:00Z');
  const headers = {} as Record<Role, Record<string, string>>;
  let routes: { method: string; path: string }[] = [];

  beforeAll(async () => {
    t = await createPgliteDatabase();
    app = await buildTestApp(t.db, clock);
    for (const role of ROLES) headers[role] = await loginAs(app, t.db, clock, [role]);
    const spec = app.swagger() as { paths: Record<string, Record<string, unknown>> };
    routes = Object.entries(spec.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => ({ method: method.toUpperCase(), path })),
    );
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  it('lists every route of the API description, and only those', () => {
    const api = routes.filter((r) => r.path.startsWith('/api/')).map((r) => `${r.method} ${r.path}`);
    // The WebSocket is not in the OpenAPI description.
    expect([...api, `GET ${CC}/stream`].sort()).toEqual(Object.keys(ROLE_MATRIX).sort());
  });

  it('lets each role call exactly its routes', async () => {
    // Logging out ends the session the other calls need: last.
    const ordered = Object.keys(ROLE_MATRIX).sort((a, b) => Number(a === LOGOUT) - Number(b === LOGOUT));
    const wrong: string[] = [];
    for (const key of ordered) {
      const allowed = ROLE_MATRIX[key]!;
      const [method, path] = key.split(' ') as [string, string];
      const url = path.replace(/\{(\w+)\}/g, (_, name: string) => PARAM[name] ?? 'x');
      for (const role of ROLES) {
        const res = await app.inject({
          method: method as 'GET',
          url,
          headers: headers[role],
          ...(method === 'GET' || method === 'DELETE' ? {} : { payload: {} }),
        });
        const expected =
          allowed === 'public' || role === 'admin' || allowed.includes(role) ? 'allowed' : 'forbidden';
        // A role refusal, not a service's own rule (an operator reads only their own call's history).
        const refused = res.statusCode === 403 && /needs one of the roles/.test(res.json().error.message);
        // The portal's own session (fiscal code + code, no role) is not a role: its 401 passes the role gate.
        const portalSession = res.statusCode === 401 && /portal session/.test(res.body);
        const got = refused
          ? 'forbidden'
          : res.statusCode === 401 && !portalSession
            ? 'unauthenticated'
            : 'allowed';
        if (got !== expected) wrong.push(`${role} ${key}: ${res.statusCode} ${res.body.slice(0, 120)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('gives the CUP manager the protection cases without NRE, patient or note, the back office all', async () => {
    const patient = await makePatient(t.db);
    const service = await makeService(t.db);
    const prescription = await makePrescription(t.db, { patient, services: [service.code] });
    await t.db
      .insertInto('protection_case')
      .values({
        id: randomUUID(),
        prescription_id: prescription.id,
        item_index: 1,
        patient_id: patient.id,
        service_code: service.code,
        priority: 'B',
        guarantee_deadline: new Date('2026-12-13T09:00:00Z'),
        first_available_at: null,
        state: 'open',
        opened_by: null,
        opened_channel: 'phone',
        opened_at: clock.now(),
        note: `chiamare la signora ${patient.familyName}`,
      } as never)
      .execute();
    const fresh = {
      manager: await loginAs(app, t.db, clock, ['cup-manager']),
      backoffice: await loginAs(app, t.db, clock, ['backoffice']),
    };
    const list = async (h: Record<string, string>) =>
      (await app.inject({ url: '/api/v1/protection-cases', headers: h })).json().items as Record<
        string,
        unknown
      >[];
    const managerView = (await list(fresh.manager)).find((c) => c.serviceCode === service.code)!;
    expect(managerView).toMatchObject({ priority: 'B', state: 'open', note: null });
    expect(managerView).not.toHaveProperty('nre');
    expect(managerView).not.toHaveProperty('patientId');
    expect(JSON.stringify(await list(fresh.manager))).not.toContain(patient.familyName);
    const backofficeView = (await list(fresh.backoffice)).find((c) => c.serviceCode === service.code)!;
    expect(backofficeView).toMatchObject({ nre: prescription.nre, patientId: patient.id });
    expect(String(backofficeView.note)).toContain(patient.familyName);
  });

  it('caps the simulated calls one trainer places', async () => {
    const { SIMULATED_CALLS_PER_HOUR } = await import('./modules/contact-centre/contact-centre.routes.ts');
    const trainer = await loginAs(app, t.db, clock, ['trainer']);
    const place = () =>
      app.inject({ method: 'POST', url: `${CC}/simulated-calls`, headers: trainer, payload: {} });
    // The centre is off in this app (409), but every attempt counts against the cap.
    for (let i = 0; i < SIMULATED_CALLS_PER_HOUR.max; i++) expect((await place()).statusCode).toBe(409);
    const capped = await place();
    expect(capped.statusCode).toBe(429);
    expect(capped.json().error.code).toBe('RATE_LIMITED');
    expect(Number(capped.headers['retry-after'])).toBe(3600);
    clock.advance(3_600_001);
    expect((await place()).statusCode).toBe(409);
  });
});
