import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../../../test/app.ts';
import { createPgliteDatabase, type TestDatabase } from '../../../test/databases.ts';
import { makeBooking, makePatient } from '../../../test/factories.ts';
import { startSpidPortal } from '../../../test/spid-portal.ts';
import { systemClock } from '../../platform/clock.ts';
import type { App } from '../../platform/http.ts';
import { buildFiscalCode, type Patient } from '../registry/index.ts';

// Delegation on the portal (a person acts for another after their own SPID/CIE login) and at the desk.
// The server runs on the real clock (the provider's tokens carry real times), so today is computed here,
// independently, as the Rome date of now.
const romeToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(new Date());
const dayFrom = (date: string, days: number) => {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

describe('delegations', () => {
  let t: TestDatabase;
  let portal: Awaited<ReturnType<typeof startSpidPortal>>;
  let app: App;

  beforeAll(async () => {
    t = await createPgliteDatabase();
    portal = await startSpidPortal(t.db);
    app = portal.app;
  });
  afterAll(async () => {
    await portal?.close();
    await t?.drop();
  });

  const spid = (p: Patient) => portal.citizen(p);

  const trail = (resourceType: string, patientId: string) =>
    t.db
      .selectFrom('audit_event')
      .select(['action', 'actor_id', 'actor_role', 'patient_id', 'purpose', 'channel', 'resource_id'])
      .where('resource_type', '=', resourceType)
      .where('patient_id', '=', patientId)
      .orderBy('id')
      .execute();

  it('lets a delegate act for the delegator in the personal area, audited as the delegate, and go back', async () => {
    const { appointment, patient: mother } = await makeBooking(t.db, systemClock);
    const son = await makePatient(t.db);
    const asMother = await spid(mother);
    const until = dayFrom(romeToday(), 30);
    const granted = await asMother('POST', '/api/v1/portal/delegations', {
      fiscalCode: son.fiscalCode.toLowerCase(),
      validUntil: until,
    });
    expect(granted.statusCode).toBe(201);
    expect(granted.json()).toMatchObject({
      delegateFiscalCode: son.fiscalCode,
      validUntil: until,
      channel: 'web',
      ended: null,
    });
    const id = granted.json().id;
    expect((await asMother('GET', '/api/v1/portal/delegations')).json()).toMatchObject({
      given: [{ id, delegateFiscalCode: son.fiscalCode }],
      received: [],
    });

    const asSon = await spid(son);
    const theirs = (await asSon('GET', '/api/v1/portal/delegations')).json();
    expect(theirs.given).toEqual([]);
    expect(theirs.received).toEqual([
      expect.objectContaining({
        id,
        delegator: { givenName: mother.givenName, familyName: mother.familyName },
      }),
    ]);
    expect(theirs.received[0].delegateFiscalCode).toBeUndefined();

    const loginEnds = asSon.claims().expires;
    // Past the login's second (the session's end counts in seconds), so a lengthened end would show.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await asSon('POST', '/api/v1/portal/acting-for', { delegationId: id })).statusCode).toBe(204);
    // The session now names the mother, the son beside her, and ends when his login does.
    expect(asSon.claims()).toEqual({
      patientId: mother.id,
      scope: expect.objectContaining({ kind: 'person', delegation: { id, delegateId: son.id } }),
      expires: loginEnds,
    });
    const area = await asSon('GET', '/api/v1/portal/me');
    expect(area.statusCode).toBe(200);
    expect(area.json()).toMatchObject({
      person: { givenName: mother.givenName, familyName: mother.familyName },
      bookings: [{ code: appointment.code }],
      actingAs: { delegationId: id, givenName: son.givenName, familyName: son.familyName, validUntil: until },
    });
    const booking = await asSon('GET', `/api/v1/portal/bookings/${appointment.code}`);
    expect(booking.statusCode).toBe(200);

    // The mother's data, read by the son: the audit names him as the actor, her as the patient.
    const reads = await t.db
      .selectFrom('audit_event')
      .select(['actor_id', 'actor_role', 'purpose'])
      .where('patient_id', '=', mother.id)
      .where('resource_type', 'in', ['Prescription', 'Appointment'])
      .where('actor_id', '=', son.id)
      .execute();
    expect(reads.length).toBeGreaterThanOrEqual(2);
    expect(reads.every((r) => r.actor_role === 'citizen')).toBe(true);
    // Her booking opened by him is audited as read by a delegate, as her personal area is.
    expect(
      reads.filter((r) => r.purpose === 'personal area (SPID/CIE), by a delegate').length,
    ).toBeGreaterThanOrEqual(2);
    expect(await trail('Delegation', mother.id)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'create', actor_id: mother.id, resource_id: id, channel: 'web' }),
        expect.objectContaining({
          action: 'read',
          actor_id: son.id,
          resource_id: id,
          purpose: 'portal delegation: the delegate acts for the delegator',
        }),
      ]),
    );

    // The privacy officer's access log of the mother names the son as who read her data.
    const officer = await loginAs(app, t.db, systemClock, ['privacy-officer']);
    const log = await app.inject({
      method: 'GET',
      url: `/api/v1/privacy/access-log?fiscalCode=${mother.fiscalCode}`,
      headers: officer,
    });
    expect(log.statusCode).toBe(200);
    const bySon = log.json().accesses.filter((a: { actor: { id: string } | null }) => a.actor?.id === son.id);
    expect(bySon.length).toBeGreaterThanOrEqual(2);
    expect(bySon[0]).toMatchObject({
      actor: { username: son.fiscalCode, displayName: `${son.givenName} ${son.familyName}` },
      roles: 'citizen',
    });

    // A grant made while acting is the son's own, never in his mother's name.
    const other = await makePatient(t.db);
    const his = await asSon('POST', '/api/v1/portal/delegations', { fiscalCode: other.fiscalCode });
    expect(his.statusCode).toBe(201);
    expect((await asMother('GET', '/api/v1/portal/delegations')).json().given).toHaveLength(1);

    expect((await asSon('POST', '/api/v1/portal/acting-for', { delegationId: null })).statusCode).toBe(204);
    expect((await asSon('GET', '/api/v1/portal/me')).json()).toMatchObject({
      person: { givenName: son.givenName, familyName: son.familyName },
      actingAs: null,
    });
  });

  it('ends a revoked delegation at the next request of the delegate already acting', async () => {
    const father = await makePatient(t.db);
    const daughter = await makePatient(t.db);
    const asFather = await spid(father);
    const id = (
      await asFather('POST', '/api/v1/portal/delegations', { fiscalCode: daughter.fiscalCode })
    ).json().id;
    const asDaughter = await spid(daughter);
    expect((await asDaughter('POST', '/api/v1/portal/acting-for', { delegationId: id })).statusCode).toBe(
      204,
    );
    expect((await asDaughter('GET', '/api/v1/portal/me')).statusCode).toBe(200);

    const revoked = await asFather('POST', `/api/v1/portal/delegations/${id}/revoke`);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().ended).toMatchObject({ by: 'delegator' });
    const refused = await asDaughter('GET', '/api/v1/portal/me');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatchObject({ code: 'FORBIDDEN', field: 'delegation' });
    // She is still logged in as herself: back to her own area, the delegation gone from her list.
    expect((await asDaughter('POST', '/api/v1/portal/acting-for', { delegationId: null })).statusCode).toBe(
      204,
    );
    expect((await asDaughter('GET', '/api/v1/portal/me')).json().person.familyName).toBe(daughter.familyName);
    expect((await asDaughter('GET', '/api/v1/portal/delegations')).json().received).toEqual([]);
    // Acting through it again is refused, and revoking it twice changes nothing.
    const again = await asDaughter('POST', '/api/v1/portal/acting-for', { delegationId: id });
    expect(again.statusCode).toBe(403);
    const twice = await asFather('POST', `/api/v1/portal/delegations/${id}/revoke`);
    expect(twice.json().ended.at).toBe(revoked.json().ended.at);
    expect((await trail('Delegation', father.id)).filter((r) => r.action === 'update')).toHaveLength(1);
  });

  it('lets the delegate give a delegation up, and ends one past its last day', async () => {
    const aunt = await makePatient(t.db);
    const nephew = await makePatient(t.db);
    const asAunt = await spid(aunt);
    const asNephew = await spid(nephew);
    const first = (
      await asAunt('POST', '/api/v1/portal/delegations', {
        fiscalCode: nephew.fiscalCode,
        validUntil: romeToday(),
      })
    ).json();
    // Granted for today: it holds all day.
    expect((await asNephew('POST', '/api/v1/portal/acting-for', { delegationId: first.id })).statusCode).toBe(
      204,
    );
    expect((await asNephew('GET', '/api/v1/portal/me')).statusCode).toBe(200);
    // A day later (moved back in the database, as time would): over, while acting and when asked again.
    await t.db
      .updateTable('portal_delegation')
      .set({ valid_until: dayFrom(romeToday(), -1) })
      .where('id', '=', first.id)
      .execute();
    expect((await asNephew('GET', '/api/v1/portal/me')).statusCode).toBe(403);
    await asNephew('POST', '/api/v1/portal/acting-for', { delegationId: null });
    expect((await asNephew('POST', '/api/v1/portal/acting-for', { delegationId: first.id })).statusCode).toBe(
      403,
    );
    expect((await asAunt('GET', '/api/v1/portal/delegations')).json().given).toEqual([]);

    // Granted again (the expired one replaced), then given up by the nephew.
    const second = (
      await asAunt('POST', '/api/v1/portal/delegations', { fiscalCode: nephew.fiscalCode })
    ).json();
    expect(second.validUntil).toBeNull();
    const old = await t.db
      .selectFrom('portal_delegation')
      .select('revoked_by')
      .where('id', '=', first.id)
      .executeTakeFirstOrThrow();
    expect(old.revoked_by).toBe('replaced');
    const gaveUp = await asNephew('POST', `/api/v1/portal/delegations/${second.id}/revoke`);
    expect(gaveUp.json().ended).toMatchObject({ by: 'delegate' });
    expect((await asAunt('GET', '/api/v1/portal/delegations')).json().given).toEqual([]);
  });

  it('refuses bad grants with the field, and changes nothing', async () => {
    const p = await makePatient(t.db);
    const as = await spid(p);
    const someone = await makePatient(t.db);
    const cases: [object, number, string][] = [
      [{ fiscalCode: p.fiscalCode }, 422, 'fiscalCode'],
      [{ fiscalCode: 'RSSMRA85T10A562X' }, 422, 'fiscalCode'],
      [{ fiscalCode: someone.fiscalCode, validUntil: dayFrom(romeToday(), -1) }, 422, 'validUntil'],
      [{ fiscalCode: someone.fiscalCode, validUntil: '2026-02-30' }, 422, 'validUntil'],
      [{ fiscalCode: someone.fiscalCode, until: '2027-01-01' }, 422, 'until'],
    ];
    for (const [body, status, field] of cases) {
      const res = await as('POST', '/api/v1/portal/delegations', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(status);
      expect(res.json().error.field, JSON.stringify(body)).toBe(field);
    }
    expect(
      await t.db.selectFrom('portal_delegation').select('id').where('delegator_id', '=', p.id).execute(),
    ).toEqual([]);
    // Someone else's delegation is unknown to this person, to revoke as to act through.
    const owner = await makePatient(t.db);
    const asOwner = await spid(owner);
    const theirs = (
      await asOwner('POST', '/api/v1/portal/delegations', { fiscalCode: someone.fiscalCode })
    ).json().id;
    expect((await as('POST', `/api/v1/portal/delegations/${theirs}/revoke`)).statusCode).toBe(404);
    expect((await as('POST', '/api/v1/portal/acting-for', { delegationId: theirs })).statusCode).toBe(404);
    // Without a SPID/CIE session there is nothing to list.
    expect((await app.inject({ method: 'GET', url: '/api/v1/portal/delegations' })).statusCode).toBe(401);
  });

  it('holds at most ten delegations at once', async () => {
    const p = await makePatient(t.db);
    const as = await spid(p);
    const code = (i: number) =>
      buildFiscalCode({
        familyName: 'Delegato',
        givenName: 'Numero',
        birthDate: `1970-01-${String(i + 1).padStart(2, '0')}`,
        sex: 'M',
        municipalityCode: 'H501',
      });
    for (let i = 0; i < 10; i++)
      expect((await as('POST', '/api/v1/portal/delegations', { fiscalCode: code(i) })).statusCode).toBe(201);
    const eleventh = await as('POST', '/api/v1/portal/delegations', { fiscalCode: code(10) });
    expect(eleventh.statusCode).toBe(409);
    expect(eleventh.json().error.field).toBe('fiscalCode');
    // Granting again to one of the ten replaces it: still ten.
    expect((await as('POST', '/api/v1/portal/delegations', { fiscalCode: code(3) })).statusCode).toBe(201);
    expect((await as('GET', '/api/v1/portal/delegations')).json().given).toHaveLength(10);
  });

  it('grants without a notice when the delegator has no contact that may be used', async () => {
    const p = await makePatient(t.db, { phone: null, email: null });
    const res = await (await spid(p))('POST', '/api/v1/portal/delegations', {
      fiscalCode: (await makePatient(t.db)).fiscalCode,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().notice).toBeNull();
    const refused = await makePatient(t.db, { email: 'x@example.it', consents: { contactByPhone: false } });
    const byMail = await (await spid(refused))('POST', '/api/v1/portal/delegations', {
      fiscalCode: p.fiscalCode,
    });
    expect(byMail.json().notice).toMatchObject({ channel: 'email' });
  });

  it('refuses a delegate under age by the registry', async () => {
    const grandma = await makePatient(t.db);
    const today = romeToday();
    const minor = await makePatient(t.db, {
      birthDate: `${Number(today.slice(0, 4)) - 18}${dayFrom(today, 1).slice(4)}`,
    });
    const id = (
      await (
        await spid(grandma)
      )('POST', '/api/v1/portal/delegations', { fiscalCode: minor.fiscalCode })
    ).json().id;
    const res = await (await spid(minor))('POST', '/api/v1/portal/acting-for', { delegationId: id });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatchObject({ code: 'FORBIDDEN', field: 'delegationId' });
  });

  it('records, lists and revokes a delegation at the desk, for the roles that book only', async () => {
    const elderly = await makePatient(t.db);
    const carer = await makePatient(t.db);
    const operator = await loginAs(app, t.db, systemClock, ['operator']);
    const supervisor = await loginAs(app, t.db, systemClock, ['supervisor']);
    const url = `/api/v1/patients/${elderly.fiscalCode}/delegations`;
    const made = await app.inject({
      method: 'POST',
      url,
      headers: operator,
      payload: { fiscalCode: carer.fiscalCode, validUntil: dayFrom(romeToday(), 365) },
    });
    expect(made.statusCode).toBe(201);
    expect(made.json()).toMatchObject({
      channel: 'desk',
      delegateFiscalCode: carer.fiscalCode,
      notice: { channel: 'sms', recipient: `•••${elderly.phone!.slice(-4)}` },
    });
    // The elderly person is told by SMS (their mobile on record), through the outbox, once.
    const notices = await t.db
      .selectFrom('outreach_message')
      .select(['kind', 'channel', 'recipient', 'text', 'ref', 'appointment_id'])
      .where('kind', '=', 'delegation')
      .where('recipient', '=', elderly.phone!)
      .execute();
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ ref: made.json().id, appointment_id: null, channel: 'sms' });
    expect(notices[0]!.text).toContain(`allo sportello CUP è stata registrata una delega`);
    expect(notices[0]!.text).toContain(`a ${carer.fiscalCode.slice(0, 6)}...,`);
    expect(notices[0]!.text).not.toContain(carer.fiscalCode);
    const row = await t.db
      .selectFrom('portal_delegation')
      .select(['granted_by', 'granted_channel'])
      .where('id', '=', made.json().id)
      .executeTakeFirstOrThrow();
    expect(row.granted_channel).toBe('desk');
    expect(row.granted_by).not.toBeNull();

    // The carer sees it after their own SPID login, and acts for the elderly person.
    const asCarer = await spid(carer);
    expect((await asCarer('GET', '/api/v1/portal/delegations')).json().received).toHaveLength(1);
    expect(
      (await asCarer('POST', '/api/v1/portal/acting-for', { delegationId: made.json().id })).statusCode,
    ).toBe(204);

    const refused = await app.inject({ method: 'GET', url, headers: supervisor });
    expect(refused.statusCode).toBe(403);
    const listed = await app.inject({ method: 'GET', url, headers: operator });
    expect(listed.json().given).toEqual([expect.objectContaining({ id: made.json().id, channel: 'desk' })]);
    const fromCarer = await app.inject({
      method: 'GET',
      url: `/api/v1/patients/${carer.fiscalCode}/delegations`,
      headers: operator,
    });
    expect(fromCarer.json().received).toEqual([
      expect.objectContaining({
        delegator: { givenName: elderly.givenName, familyName: elderly.familyName },
      }),
    ]);
    const revoked = await app.inject({
      method: 'POST',
      url: `${url}/${made.json().id}/revoke`,
      headers: operator,
      payload: {},
    });
    expect(revoked.json().ended).toMatchObject({ by: 'staff' });
    expect((await asCarer('GET', '/api/v1/portal/me')).statusCode).toBe(403);
    const audits = await trail('Delegation', elderly.id);
    expect(audits.filter((a) => a.channel === 'desk').map((a) => a.action)).toEqual(
      expect.arrayContaining(['create', 'read', 'update']),
    );
    // An id of another patient's delegation is not found under this one.
    const stranger = await makePatient(t.db);
    const wrong = await app.inject({
      method: 'POST',
      url: `/api/v1/patients/${stranger.fiscalCode}/delegations/${made.json().id}/revoke`,
      headers: operator,
      payload: {},
    });
    expect(wrong.statusCode).toBe(404);
  });
});
