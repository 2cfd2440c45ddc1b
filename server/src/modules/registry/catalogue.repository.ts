import { sql } from 'kysely';
import type { Db } from '../../platform/db.ts';
import type { ServiceTable } from '../../platform/schema.ts';
import type { Facility, Municipality, Organisation, Service, Unit } from './rules/registry.types.ts';

// The region's catalogue (BK-1, BK-3): municipalities, health organisations, their facilities and units,
// and the regional list of bookable services.

// Row → domain mapping lives here, once.
export const toService = (r: ServiceTable): Service => ({
  code: r.code,
  description: r.description,
  kind: r.kind,
  branch: r.branch,
  tariffCents: r.tariff_cents,
  slotMinutes: r.slot_minutes,
});

export async function insertMunicipalities(db: Db, rows: Municipality[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('municipality')
    .values(
      rows.map((m) => ({
        belfiore_code: m.belfioreCode,
        name: m.name,
        province: m.province,
        latitude: m.latitude,
        longitude: m.longitude,
      })),
    )
    .onConflict((oc) => oc.column('belfiore_code').doNothing())
    .execute();
}

export async function findMunicipality(db: Db, code: string): Promise<Municipality | undefined> {
  const m = await db
    .selectFrom('municipality')
    .selectAll()
    .where('belfiore_code', '=', code)
    .executeTakeFirst();
  return (
    m && {
      belfioreCode: m.belfiore_code,
      name: m.name,
      province: m.province,
      latitude: m.latitude,
      longitude: m.longitude,
    }
  );
}

export async function listMunicipalities(db: Db): Promise<Municipality[]> {
  const rows = await db.selectFrom('municipality').selectAll().orderBy('name').execute();
  return rows.map((m) => ({
    belfioreCode: m.belfiore_code,
    name: m.name,
    province: m.province,
    latitude: m.latitude,
    longitude: m.longitude,
  }));
}

export async function insertOrganisations(db: Db, orgs: Organisation[]): Promise<void> {
  if (orgs.length === 0) return;
  await db
    .insertInto('organisation')
    .values(orgs)
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

export async function insertFacilities(db: Db, facilities: Facility[]): Promise<void> {
  if (facilities.length === 0) return;
  await db
    .insertInto('facility')
    .values(
      facilities.map((f) => ({
        id: f.id,
        organisation_id: f.organisationId,
        name: f.name,
        address: f.address,
        municipality: f.municipality,
        district: f.district,
        latitude: f.latitude,
        longitude: f.longitude,
      })),
    )
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

export async function insertUnits(db: Db, units: Unit[]): Promise<void> {
  for (let i = 0; i < units.length; i += 1000) {
    await db
      .insertInto('unit')
      .values(
        units
          .slice(i, i + 1000)
          .map((u) => ({ id: u.id, facility_id: u.facilityId, name: u.name, branch: u.branch })),
      )
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }
}

export async function insertServices(db: Db, services: Service[]): Promise<void> {
  if (services.length === 0) return;
  await db
    .insertInto('service')
    .values(
      services.map((s) => ({
        code: s.code,
        description: s.description,
        kind: s.kind,
        branch: s.branch,
        tariff_cents: s.tariffCents,
        slot_minutes: s.slotMinutes,
      })),
    )
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
}

export async function searchServices(db: Db, query: string | undefined, limit: number): Promise<Service[]> {
  let q = db.selectFrom('service').selectAll().orderBy('description').limit(limit);
  if (query) {
    const pattern = `%${query.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb(sql`lower(description)`, 'like', pattern), eb('code', '=', query)]));
  }
  return (await q.execute()).map(toService);
}

export async function findServices(db: Db, codes: string[]): Promise<Service[]> {
  if (codes.length === 0) return [];
  return (await db.selectFrom('service').selectAll().where('code', 'in', codes).execute()).map(toService);
}

export async function listFacilities(db: Db): Promise<Facility[]> {
  const rows = await db.selectFrom('facility').selectAll().orderBy('name').execute();
  return rows.map((f) => ({
    id: f.id,
    organisationId: f.organisation_id,
    name: f.name,
    address: f.address,
    municipality: f.municipality,
    district: f.district,
    latitude: f.latitude,
    longitude: f.longitude,
  }));
}

export async function listOrganisations(db: Db): Promise<Organisation[]> {
  return db.selectFrom('organisation').selectAll().orderBy('name').execute();
}

/** Every facility with its organisation and units, by organisation and name (agenda editing). */
export async function facilitiesWithUnits(db: Db) {
  const [facilities, units] = await Promise.all([
    db
      .selectFrom('facility as f')
      .innerJoin('organisation as o', 'o.id', 'f.organisation_id')
      .select([
        'f.id',
        'f.name',
        'f.municipality',
        'f.district',
        'o.id as organisationId',
        'o.name as organisationName',
      ])
      .orderBy('o.name')
      .orderBy('f.name')
      .execute(),
    db.selectFrom('unit').select(['id', 'facility_id', 'name', 'branch']).orderBy('name').execute(),
  ]);
  return facilities.map((f) => ({
    ...f,
    units: units.filter((u) => u.facility_id === f.id).map(({ facility_id: _f, ...u }) => u),
  }));
}
