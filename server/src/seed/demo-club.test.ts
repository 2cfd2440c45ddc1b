import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgliteDatabase, type TestDatabase } from '../../test/databases.ts';
import { context } from '../../test/factories.ts';
import { getGroupRequest, listGroupRequests, planGroupRequest } from '../modules/groups/index.ts';
import {
  DEMO_FACILITIES,
  DEMO_MUNICIPALITIES,
  DEMO_ORGANISATIONS,
  insertFacilities,
  insertMunicipalities,
  insertOrganisations,
} from '../modules/registry/index.ts';
import { ManualClock } from '../platform/clock.ts';
import { DEMO_CLUB, seedDemoClub } from './demo-club.ts';

// The demo's sports club (BK-10): its list is there for the back office, and its plan is the one the
// clinic's hours give — computed here by hand from the agenda (weekdays 14:00–18:00, two a half hour).
describe('the demo club', () => {
  let t: TestDatabase;
  // Wednesday 2 December 2026: the dates agreed start on Monday 14 December, for 19 days.
  const clock = new ManualClock('2026-12-02T09:00:00Z');

  beforeAll(async () => {
    t = await createPgliteDatabase();
    await insertMunicipalities(t.db, [...DEMO_MUNICIPALITIES]);
    await insertOrganisations(t.db, [...DEMO_ORGANISATIONS]);
    await insertFacilities(t.db, [...DEMO_FACILITIES]);
    await seedDemoClub(t.db, clock, 60);
  });
  afterAll(async () => t?.drop());

  it('holds the club list of 18 athletes, under 18, and plans 12 on the first Monday and 6 the next day', async () => {
    const ctx = context(clock, ['backoffice']);
    const [summary] = await listGroupRequests(t.db, clock, { period: 'current' });
    expect(summary).toMatchObject({
      club: DEMO_CLUB,
      athletes: 18,
      booked: 0,
      from: '2026-12-14',
      to: '2027-01-01',
      maxPerDay: 12,
    });
    const g = await getGroupRequest(t.db, ctx, summary!.id);
    for (const m of g.members) {
      expect(m.birthDate > '2008-12-02' && m.birthDate <= '2012-12-02', m.birthDate).toBe(true);
    }
    const plan = await planGroupRequest(t.db, ctx, summary!.id);
    expect(plan.unplaced).toEqual([]);
    expect(plan.days.map((d) => [d.day, d.places.length])).toEqual([
      ['2026-12-14', 12],
      ['2026-12-15', 6],
    ]);
    // 14:00 Rome is 13:00 UTC in December; two athletes a half hour.
    const times = plan.days[0]!.places.map((p) => p.start.toISOString().slice(11, 16));
    expect(times).toEqual([
      '13:00',
      '13:00',
      '13:30',
      '13:30',
      '14:00',
      '14:00',
      '14:30',
      '14:30',
      '15:00',
      '15:00',
      '15:30',
      '15:30',
    ]);
    expect(plan.days[0]!.places.map((p) => p.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });
});
