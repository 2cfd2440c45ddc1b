import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../../../test/app.ts';
import { createPgliteDatabase, type TestDatabase } from '../../../test/databases.ts';
import { makeBooking, makePatient, makePrescription, makeService } from '../../../test/factories.ts';
import { startSpidPortal } from '../../../test/spid-portal.ts';
import { systemClock } from '../../platform/clock.ts';
import type { App } from '../../platform/http.ts';

// A parent's or guardian's access to a minor's bookings without a delegation from the minor: the adult,
// logged in with their own SPID/CIE, declares their role (DPR 445/2000) and proves the minor's fiscal code
// with one of the minor's prescriptions. The server runs on the real clock (the provider's tokens carry
// real times), so dates are computed here, independently, from the Rome date of now.
const romeToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(new Date());
const year = (date: string) => Number(date.slice(0, 4));
/** A birth date `years` before `date`, on the same month and day (not 29 February: tests pick others). */
const yearsBefore = (date: string, years: number) => `${year(date) - years}${date.slice(4)}`;
const dayBefore = (date: string) =>
  new Date(Date.parse(`${date}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
const dayAfter = (date: string) =>
  new Date(Date.parse(`${date}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

describe("a parent's or guardian's declaration for a minor", () => {
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

  /** A child of `age` today (a birthday some months off, never 29 February), booked once: their NRE. */
  async function child(age: number, over: { phone?: string | null; birthDate?: string } = {}) {
    const today = romeToday();
    const birthDate = over.birthDate ?? yearsBefore(dayAfter(today).replace(/-02-29$/, '-02-28'), age);
    const { appointment, patient } = await makeBooking(t.db, systemClock, {
      patient: { birthDate, phone: over.phone === undefined ? '+393401234567' : over.phone, email: null },
    });
    return { minor: patient, nre: appointment.nre, code: appointment.code };
  }
  const declarations = (minorId: string) =>
    t.db.selectFrom('portal_delegation').selectAll().where('delegator_id', '=', minorId).execute();

  it("lets a parent declare, act for the child until the day before the 18th birthday, audited, the child's contact told", async () => {
    const { minor, nre, code } = await child(9);
    const mother = await makePatient(t.db);
    const asMother = await portal.citizen(mother);
    const made = await asMother('POST', '/api/v1/portal/delegations/minor', {
      fiscalCode: minor.fiscalCode.toLowerCase(),
      nre,
      role: 'parent',
      declaration: true,
    });
    expect(made.statusCode, made.body).toBe(201);
    // Under age through the day before the 18th birthday (the birth date is never 29 February here).
    const lastDay = dayBefore(yearsBefore(minor.birthDate, -18));
    expect(made.json()).toMatchObject({
      delegateFiscalCode: mother.fiscalCode,
      validUntil: lastDay,
      channel: 'web',
      declaredRole: 'parent',
      ended: null,
      notice: { channel: 'sms', recipient: '•••4567' },
    });
    const id = made.json().id;

    // Listed as received, with the child's name and the role declared; the mother acts for the child.
    const mine = (await asMother('GET', '/api/v1/portal/delegations')).json();
    expect(mine.received).toEqual([
      expect.objectContaining({
        id,
        delegator: { givenName: minor.givenName, familyName: minor.familyName },
        declaredRole: 'parent',
        validUntil: lastDay,
      }),
    ]);
    expect((await asMother('POST', '/api/v1/portal/acting-for', { delegationId: id })).statusCode).toBe(204);
    const area = (await asMother('GET', '/api/v1/portal/me')).json();
    expect(area).toMatchObject({
      person: { givenName: minor.givenName, familyName: minor.familyName },
      bookings: [{ code }],
      actingAs: { delegationId: id, validUntil: lastDay, declaredRole: 'parent' },
    });
    // While acting, a new declaration is refused: it is made in one's own name.
    const whileActing = await asMother('POST', '/api/v1/portal/delegations/minor', {
      fiscalCode: minor.fiscalCode,
      nre,
      role: 'parent',
      declaration: true,
    });
    expect(whileActing.statusCode).toBe(403);
    expect(whileActing.json().error.field).toBe('session');

    const row = await t.db
      .selectFrom('portal_delegation')
      .select(['declared_role', 'granted_channel', 'delegate_fiscal_code'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      declared_role: 'parent',
      granted_channel: 'web',
      delegate_fiscal_code: mother.fiscalCode,
    });
    const audit = await t.db
      .selectFrom('audit_event')
      .select(['action', 'actor_id', 'purpose', 'channel'])
      .where('resource_type', '=', 'Delegation')
      .where('resource_id', '=', id)
      .where('action', '=', 'create')
      .execute();
    expect(audit).toEqual([
      {
        action: 'create',
        actor_id: mother.id,
        purpose: 'portal delegation: parent declared (DPR 445/2000)',
        channel: 'web',
      },
    ]);
    // The proof read is audited too: the child's prescription, read by the mother.
    const proof = await t.db
      .selectFrom('audit_event')
      .select(['actor_id'])
      .where('resource_type', '=', 'Prescription')
      .where('patient_id', '=', minor.id)
      .where('actor_id', '=', mother.id)
      .execute();
    expect(proof.length).toBeGreaterThanOrEqual(1);
    const notice = await t.db
      .selectFrom('outreach_message')
      .select(['text', 'recipient'])
      .where('kind', '=', 'delegation')
      .where('ref', '=', id)
      .executeTakeFirstOrThrow();
    expect(notice.recipient).toBe('+393401234567');
    expect(notice.text).toContain(
      `${mother.fiscalCode.slice(0, 6)}... ha dichiarato sul portale di essere genitore di ${minor.fiscalCode.slice(0, 6)}...`,
    );
    expect(notice.text).not.toContain(minor.fiscalCode);
  });

  it('refuses what is not a declaration for a minor, with its field, and records nothing', async () => {
    const { minor, nre } = await child(12);
    const adult = await child(30);
    const other = await child(8);
    const father = await makePatient(t.db);
    const asFather = await portal.citizen(father);
    const declare = (body: object) =>
      asFather('POST', '/api/v1/portal/delegations/minor', {
        fiscalCode: minor.fiscalCode,
        nre,
        role: 'parent',
        declaration: true,
        ...body,
      });
    const cases: [object, number, string | undefined][] = [
      [{ declaration: false }, 422, 'declaration'],
      [{ role: 'uncle' }, 422, 'role'],
      [{ fiscalCode: father.fiscalCode }, 422, 'fiscalCode'],
      [{ fiscalCode: 'RSSMRA85T10A562X' }, 422, 'fiscalCode'],
      // Another child's prescription, and an adult's with their own: one answer for a mismatch, then "of age".
      [{ nre: other.nre }, 404, undefined],
      [{ fiscalCode: adult.minor.fiscalCode, nre: adult.nre }, 422, 'fiscalCode'],
    ];
    for (const [body, status, field] of cases) {
      const res = await declare(body);
      expect(res.statusCode, JSON.stringify(body)).toBe(status);
      expect(res.json().error.field, JSON.stringify(body)).toBe(field);
    }
    const mismatch = await declare({ nre: other.nre });
    expect(mismatch.json().error.message).toMatch(/nothing matches this fiscal code with this code/);
    const ofAge = await declare({ fiscalCode: adult.minor.fiscalCode, nre: adult.nre });
    expect(ofAge.json().error.message).toMatch(/of age: they can delegate you themself/);
    for (const p of [minor, adult.minor, other.minor]) expect(await declarations(p.id)).toEqual([]);

    // A declarant under age by the registry is refused.
    const teen = await makePatient(t.db, { birthDate: yearsBefore(dayAfter(romeToday()), 17) });
    const byTeen = await (await portal.citizen(teen))('POST', '/api/v1/portal/delegations/minor', {
      fiscalCode: minor.fiscalCode,
      nre,
      role: 'parent',
      declaration: true,
    });
    expect(byTeen.statusCode).toBe(403);
    expect(await declarations(minor.id)).toEqual([]);
    // Without a SPID/CIE session, nothing to declare in.
    const anonymous = await app.inject({
      method: 'POST',
      url: '/api/v1/portal/delegations/minor',
      headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' },
      payload: { fiscalCode: minor.fiscalCode, nre, role: 'parent', declaration: true },
    });
    expect(anonymous.statusCode).toBe(401);
  });

  it('a child turning 18 tomorrow is under age through today; the guardian gives it up, the minor cannot end it', async () => {
    const today = romeToday();
    // 18 tomorrow (tomorrow's day, 18 years back).
    const { minor, nre } = await child(18, { birthDate: yearsBefore(dayAfter(today), 18) });
    const guardian = await makePatient(t.db);
    const asGuardian = await portal.citizen(guardian);
    const made = await asGuardian('POST', '/api/v1/portal/delegations/minor', {
      fiscalCode: minor.fiscalCode,
      nre,
      role: 'guardian',
      declaration: true,
    });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({ validUntil: today, declaredRole: 'guardian' });
    const id = made.json().id;

    // The minor, logged in (a 17-year-old may hold SPID), sees it among those given, and cannot end it.
    const asMinor = await portal.citizen(minor);
    expect((await asMinor('GET', '/api/v1/portal/delegations')).json().given).toEqual([
      expect.objectContaining({ id, declaredRole: 'guardian', delegateFiscalCode: guardian.fiscalCode }),
    ]);
    const byMinor = await asMinor('POST', `/api/v1/portal/delegations/${id}/revoke`);
    expect(byMinor.statusCode).toBe(403);
    // The guardian gives it up.
    const gaveUp = await asGuardian('POST', `/api/v1/portal/delegations/${id}/revoke`);
    expect(gaveUp.json().ended).toMatchObject({ by: 'delegate' });

    // Declared again, then ended at a CUP desk (a false declaration reported by phone).
    const again = (
      await asGuardian('POST', '/api/v1/portal/delegations/minor', {
        fiscalCode: minor.fiscalCode,
        nre,
        role: 'guardian',
        declaration: true,
      })
    ).json();
    const operator = await loginAs(app, t.db, systemClock, ['operator']);
    const atDesk = await app.inject({
      method: 'GET',
      url: `/api/v1/patients/${minor.fiscalCode}/delegations`,
      headers: operator,
    });
    expect(atDesk.json().given).toEqual([
      expect.objectContaining({ id: again.id, declaredRole: 'guardian' }),
    ]);
    const ended = await app.inject({
      method: 'POST',
      url: `/api/v1/patients/${minor.fiscalCode}/delegations/${again.id}/revoke`,
      headers: operator,
      payload: {},
    });
    expect(ended.json().ended).toMatchObject({ by: 'staff' });
    expect((await asGuardian('GET', '/api/v1/portal/delegations')).json().received).toEqual([]);
  });

  it("at the desk: a minor's delegation is a parent's or guardian's declaration, ending before 18; a minor cannot delegate online", async () => {
    const { minor } = await child(11);
    const father = await makePatient(t.db);
    const adult = await makePatient(t.db);
    const operator = await loginAs(app, t.db, systemClock, ['operator']);
    const desk = (fiscalCode: string, payload: object) =>
      app.inject({
        method: 'POST',
        url: `/api/v1/patients/${fiscalCode}/delegations`,
        headers: operator,
        payload,
      });
    const lastDay = dayBefore(yearsBefore(minor.birthDate, -18));
    // A minor cannot delegate: the role of who declares is needed, and the last day is at most the eve of 18.
    const cases: [string, object, string][] = [
      [minor.fiscalCode, { fiscalCode: father.fiscalCode }, 'declaredRole'],
      [
        minor.fiscalCode,
        { fiscalCode: father.fiscalCode, declaredRole: 'parent', validUntil: dayAfter(lastDay) },
        'validUntil',
      ],
      [adult.fiscalCode, { fiscalCode: father.fiscalCode, declaredRole: 'parent' }, 'declaredRole'],
    ];
    for (const [who, payload, field] of cases) {
      const res = await desk(who, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(422);
      expect(res.json().error.field, JSON.stringify(payload)).toBe(field);
    }
    expect(await declarations(minor.id)).toEqual([]);

    const made = await desk(minor.fiscalCode, { fiscalCode: father.fiscalCode, declaredRole: 'parent' });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({ channel: 'desk', declaredRole: 'parent', validUntil: lastDay });
    const notice = await t.db
      .selectFrom('outreach_message')
      .select('text')
      .where('kind', '=', 'delegation')
      .where('ref', '=', made.json().id)
      .executeTakeFirstOrThrow();
    expect(notice.text).toContain('ha dichiarato allo sportello CUP di essere genitore di');
    // An earlier last day is kept as given.
    const sooner = dayAfter(romeToday());
    const shorter = await desk(minor.fiscalCode, {
      fiscalCode: father.fiscalCode,
      declaredRole: 'guardian',
      validUntil: sooner,
    });
    expect(shorter.json()).toMatchObject({ declaredRole: 'guardian', validUntil: sooner });
    // The father acts for the child with his own SPID.
    const asFather = await portal.citizen(father);
    expect((await asFather('GET', '/api/v1/portal/delegations')).json().received).toEqual([
      expect.objectContaining({ id: shorter.json().id, channel: 'desk', declaredRole: 'guardian' }),
    ]);

    // A minor with SPID of their own cannot delegate on the portal either.
    const byMinor = await (await portal.citizen(minor))('POST', '/api/v1/portal/delegations', {
      fiscalCode: adult.fiscalCode,
    });
    expect(byMinor.statusCode).toBe(403);
    expect(byMinor.json().error.field).toBe('minor');
    expect((await declarations(minor.id)).filter((d) => d.revoked_at === null)).toHaveLength(1);
  });

  it("limits attempts on a minor's fiscal code (429), as the portal's other proofs are", async () => {
    const { minor } = await child(6);
    const service = await makeService(t.db);
    const stranger = await makePatient(t.db);
    const wrong = (await makePrescription(t.db, { patient: stranger, services: [service.code] })).nre;
    const asSomeone = await portal.citizen(await makePatient(t.db));
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++)
      statuses.push(
        (
          await asSomeone('POST', '/api/v1/portal/delegations/minor', {
            fiscalCode: minor.fiscalCode,
            nre: wrong,
            role: 'parent',
            declaration: true,
          })
        ).statusCode,
      );
    // Twenty attempts in ten minutes by default (PORTAL_ACCESS_PER_10_MIN), this file's earlier ones
    // included (one client address): the wrong proofs are answered 404 until the limit, then 429.
    const first = statuses.indexOf(429);
    expect(first).toBeGreaterThan(0);
    expect(statuses.slice(0, first).every((s) => s === 404)).toBe(true);
    expect(statuses.slice(first).every((s) => s === 429)).toBe(true);
    expect(await declarations(minor.id)).toEqual([]);
  });
});
