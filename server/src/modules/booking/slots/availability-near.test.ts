import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, loginAs } from '../../../../test/app.ts';
import { createPgliteDatabase, type TestDatabase } from '../../../../test/databases.ts';
import { makeAgenda, makeFacility, makePatient, makeService } from '../../../../test/factories.ts';
import { ManualClock } from '../../../platform/clock.ts';
import type { App } from '../../../platform/http.ts';
import { insertMunicipalities } from '../../registry/index.ts';

// Issue 14 §7: the console orders by distance from the patient's municipality when asked, so the staff
// availability gives each slot its facility's distance from a municipality, and the patient's residence.
const POTENZA = {
  belfioreCode: 'G942',
  name: 'Potenza',
  province: 'PZ',
  latitude: 40.6404,
  longitude: 15.8056,
};

/** Great-circle distance on a 6,371 km sphere, written here independently of the registry's. */
function km(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }) {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

describe('staff availability near a municipality', () => {
  let t: TestDatabase;
  let app: App;
  let operator: Record<string, string>;
  const clock = new ManualClock('2026-11-23T06:00:00Z');

  beforeAll(async () => {
    t = await createPgliteDatabase();
    app = await buildTestApp(t.db, clock);
    operator = await loginAs(app, t.db, clock, ['operator']);
    await insertMunicipalities(t.db, [POTENZA]);
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  it("gives each slot its facility's distance, keeps the soonest-first order, and names the origin", async () => {
    const service = await makeService(t.db);
    const matera = { municipality: 'Matera', latitude: 40.666, longitude: 16.604 };
    const potenza = { municipality: 'Potenza', latitude: 40.6272, longitude: 15.7795 };
    const far = await makeFacility(t.db, 'Distretto Matera', matera);
    const near = await makeFacility(t.db, 'Distretto Potenza', potenza);
    await makeAgenda(t.db, clock, {
      place: far,
      services: [service.code],
      rules: [{ startTime: '08:00', endTime: '09:00' }],
    });
    await makeAgenda(t.db, clock, {
      place: near,
      services: [service.code],
      rules: [{ startTime: '11:00', endTime: '12:00' }],
    });
    const r = await app.inject({
      method: 'GET',
      url: `/api/v1/availability?service=${service.code}&limit=100&near=g942`,
      headers: operator,
    });
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.origin).toEqual({ code: 'G942', name: 'Potenza' });
    const starts = body.items.map((i: { start: string }) => i.start);
    expect(starts).toEqual([...starts].sort());
    const first = (id: string) => body.items.find((i: { facility: { id: string } }) => i.facility.id === id);
    expect(first(far.facilityId).facility.distanceKm).toBeCloseTo(km(POTENZA, matera), 0);
    expect(first(near.facilityId).facility.distanceKm).toBeCloseTo(km(POTENZA, potenza), 0);

    const plain = (
      await app.inject({
        method: 'GET',
        url: `/api/v1/availability?service=${service.code}`,
        headers: operator,
      })
    ).json();
    expect(plain.origin).toBeUndefined();
    expect(plain.items[0].facility.distanceKm).toBeUndefined();
  });

  it('names an unknown municipality on its field, and gives the patient their residence', async () => {
    const service = await makeService(t.db);
    const r = await app.inject({
      method: 'GET',
      url: `/api/v1/availability?service=${service.code}&near=Z999`,
      headers: operator,
    });
    expect(r.statusCode).toBe(422);
    expect(r.json().error).toMatchObject({ code: 'INVALID_FIELD', field: 'near' });
    const patient = await makePatient(t.db, { residenceCode: 'G942' });
    const p = await app.inject({
      method: 'GET',
      url: `/api/v1/patients/${patient.fiscalCode}`,
      headers: operator,
    });
    expect(p.json().residenceCode).toBe('G942');
  });
});
