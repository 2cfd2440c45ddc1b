import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, loginAs } from '../../../test/app.ts';
import { createPgliteDatabase, type TestDatabase } from '../../../test/databases.ts';
import { ManualClock } from '../../platform/clock.ts';
import type { App } from '../../platform/http.ts';

// Issue 12 §2, seed 003 §6: the register of the front line's periods on the contract, and the yearly
// turnover the month's evaluation computes from it (0.5% of the supply above 15%, once the year is over).
describe('the staff register and the yearly turnover', () => {
  let t: TestDatabase;
  let app: App;
  let admin: Record<string, string>;
  let manager: Record<string, string>;
  // Sunday 10 January 2027, Rome: 2026 is over.
  const clock = new ManualClock('2027-01-10T09:00:00Z');

  beforeAll(async () => {
    t = await createPgliteDatabase();
    app = await buildTestApp(t.db, clock);
    admin = await loginAs(app, t.db, clock, ['admin']);
    manager = await loginAs(app, t.db, clock, ['cup-manager']);
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  const addUser = async (roles: string[]) => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin,
      payload: {
        username: `op-${Math.random().toString(36).slice(2, 10)}`,
        displayName: 'Operatrice',
        roles,
      },
    });
    expect(r.statusCode).toBe(201);
    return r.json().user.id as string;
  };
  const start = (userId: string, startedOn: string, headers = admin) =>
    app.inject({ method: 'POST', url: '/api/v1/staff-register', headers, payload: { userId, startedOn } });
  const leave = (id: string, leftOn: string, reason = 'resigned') =>
    app.inject({
      method: 'POST',
      url: `/api/v1/staff-register/${id}/leaving`,
      headers: admin,
      payload: { leftOn, reason },
    });
  const sla = (month: string, extra = '') =>
    app.inject({ method: 'GET', url: `/api/v1/reporting/sla?month=${month}${extra}`, headers: manager });

  it('keeps one open period per person, in order, for the front line only; bad input names its field', async () => {
    const op = await addUser(['operator']);
    const first = await start(op, '2025-03-01');
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      userId: op,
      startedOn: '2025-03-01',
      leftOn: null,
      leavingReason: null,
    });

    const twice = await start(op, '2025-04-01');
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.field).toBe('userId');

    const early = await leave(first.json().id, '2025-02-28');
    expect(early.json().error).toMatchObject({ code: 'INVALID_FIELD', field: 'leftOn' });
    const bad = await leave(first.json().id, '2025-02-30');
    expect(bad.json().error).toMatchObject({ code: 'INVALID_FIELD', field: 'leftOn' });
    expect((await leave(first.json().id, '2025-06-30')).json()).toMatchObject({
      leftOn: '2025-06-30',
      leavingReason: 'resigned',
    });
    expect((await leave(first.json().id, '2025-07-30')).statusCode).toBe(409);

    const overlapping = await start(op, '2025-06-30');
    expect(overlapping.json().error).toMatchObject({ code: 'INVALID_FIELD', field: 'startedOn' });
    expect((await start(op, '2025-07-01')).statusCode).toBe(201);

    const supervisorOnly = await addUser(['supervisor']);
    expect((await start(supervisorOnly, '2025-01-01')).json().error).toMatchObject({ field: 'userId' });
    expect((await start(op, '2027-03-01')).json().error).toMatchObject({ field: 'startedOn' });
    // The manager reads the register; only the admin writes it.
    expect((await start(await addUser(['backoffice']), '2025-01-01', manager)).statusCode).toBe(403);
    const listed = await app.inject({ method: 'GET', url: '/api/v1/staff-register', headers: manager });
    expect(listed.json().items.filter((i: { userId: string }) => i.userId === op)).toHaveLength(2);
    const audited = await t.db
      .selectFrom('audit_event')
      .select(['action'])
      .where('resource_type', '=', 'StaffTenure')
      .execute();
    expect(audited.map((a) => a.action).sort()).toEqual(['create', 'create', 'search', 'update']);
  });

  it("evaluates 2026's turnover: two of ten replaced mid-year is 20%, so December's evaluation has the penalty", async () => {
    // Ten in service all 2026 but two who leave on 30 June and are replaced from 1 July. By hand:
    // (8 × 365 + 2 × 181 + 2 × 184) / 365 = 10 on average; 2 leavers; 20% > 15%.
    for (let i = 0; i < 8; i++)
      expect((await start(await addUser(['operator']), '2025-12-01')).statusCode).toBe(201);
    for (let i = 0; i < 2; i++) {
      const p = (await start(await addUser(['backoffice']), '2025-11-01')).json();
      expect((await leave(p.id, '2026-06-30', 'contract-ended')).statusCode).toBe(200);
      expect((await start(await addUser(['operator']), '2026-07-01')).statusCode).toBe(201);
    }
    // The first test's operator: in service from 1 July 2025, still in 2026 (one more all year: 11).
    const december = (await sla('2026-12', '&contractValue=2000000')).json().turnover;
    expect(december).toEqual({
      from: '2026-01-01',
      to: '2026-12-31',
      final: true,
      leavers: 2,
      hires: 2,
      averageHeadcount: 11,
      rate: 2 / 11,
      threshold: 0.15,
      met: false,
      penaltyShare: 0.005,
      penaltyEuro: 10000,
    });
    // May: the year so far, nobody gone yet; not final, no penalty.
    const may = (await sla('2026-05')).json().turnover;
    expect(may).toMatchObject({
      from: '2026-01-01',
      to: '2026-05-31',
      final: false,
      leavers: 0,
      met: true,
      penaltyShare: 0,
    });
    expect(may.penaltyEuro).toBeNull();
    // June: both leavings fell on its last day; above the threshold so far, but the year is not over.
    const june = (await sla('2026-06')).json().turnover;
    expect(june).toMatchObject({ to: '2026-06-30', final: false, leavers: 2, met: false, penaltyShare: 0 });
    // Listed as measured now, not among the levels not measured.
    const ids = (await sla('2026-12')).json().notMeasured.map((n: { id: string }) => n.id);
    expect(ids).not.toContain('turnover');
  });
});
