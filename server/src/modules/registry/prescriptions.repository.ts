import { sql } from 'kysely';
import type { Db } from '../../platform/db.ts';
import type { ServiceTable } from '../../platform/schema.ts';
import { toService } from './catalogue.repository.ts';
import type { Exemption, Prescription } from './rules/registry.types.ts';
import type { ValidityRule } from './rules/validity.ts';

// Prescriptions and their items (BK-2), exemptions (BK-8) and the region's validity rules (BK-14).

export interface NewPrescription {
  id: string;
  nre: string;
  patientId: string;
  priority: Prescription['priority'];
  access: Prescription['access'];
  exemptionCode: string | null;
  issuedOn: string;
  items: { index: number; serviceCode: string; quantity: number }[];
}

export async function insertPrescriptions(db: Db, list: NewPrescription[], now: Date): Promise<void> {
  if (list.length === 0) return;
  await db
    .insertInto('prescription')
    .values(
      list.map((p) => ({
        id: p.id,
        nre: p.nre,
        patient_id: p.patientId,
        priority: p.priority,
        access: p.access,
        exemption_code: p.exemptionCode,
        issued_on: p.issuedOn,
        state: 'issued' as const,
        created_at: now,
      })),
    )
    .execute();
  await db
    .insertInto('prescription_item')
    .values(
      list.flatMap((p) =>
        p.items.map((i) => ({
          prescription_id: p.id,
          item_index: i.index,
          service_code: i.serviceCode,
          quantity: i.quantity,
          state: 'open' as const,
        })),
      ),
    )
    .execute();
}

const prescriptionColumns = [
  'p.id',
  'p.nre',
  'p.patient_id',
  'pt.fiscal_code',
  'p.priority',
  'p.access',
  'p.exemption_code',
  'p.issued_on',
  'p.state',
] as const;

type PrescriptionRow = {
  id: string;
  nre: string;
  patient_id: string;
  fiscal_code: string;
  priority: Prescription['priority'];
  access: Prescription['access'];
  exemption_code: string | null;
  issued_on: string;
  state: Prescription['state'];
};

type ItemRow = ServiceTable & {
  item_index: number;
  quantity: number;
  item_state: 'open' | 'booked';
  exempt: boolean;
};

/** Whether the exemption `code` covers the service row `s` (all services, its code or its branch). */
const exemptSql = (code: ReturnType<typeof sql>) => sql<boolean>`exists (
  select from exemption e where e.code = ${code} and (e.covers_all or exists (
    select from exemption_coverage c
    where c.exemption_code = e.code and (c.service_code = s.code or c.branch = s.branch))))`;

const toPrescription = (p: PrescriptionRow, items: ItemRow[]): Prescription => ({
  id: p.id,
  nre: p.nre,
  patientId: p.patient_id,
  fiscalCode: p.fiscal_code,
  priority: p.priority,
  access: p.access,
  exemptionCode: p.exemption_code,
  issuedOn: p.issued_on,
  state: p.state,
  items: items.map((i) => ({
    index: i.item_index,
    quantity: i.quantity,
    state: i.item_state,
    exempt: Boolean(i.exempt),
    service: toService(i),
  })),
});

/**
 * The prescription with its items; `forUpdate` locks it so bookings on one prescription queue up.
 *
 * Locked, it is one round trip: the prescription and its item rows are locked by the same statement, so
 * a booking that waited for another one on this prescription reads the rows as that one committed them
 * (PostgreSQL re-reads locked rows after the wait; rows of a join that are not locked would be stale).
 * The items are locked `for no key update`, what updating their state takes anyway, which leaves
 * foreign-key checks free to proceed. A prescription without items takes the two-statement path.
 */
export async function findPrescriptionByNre(
  db: Db,
  nre: string,
  opts: { forUpdate?: boolean } = {},
): Promise<Prescription | undefined> {
  if (opts.forUpdate) {
    const rows = await db
      .selectFrom('prescription as p')
      .innerJoin('patient as pt', 'pt.id', 'p.patient_id')
      .innerJoin('prescription_item as i', 'i.prescription_id', 'p.id')
      .innerJoin('service as s', 's.code', 'i.service_code')
      .selectAll('s')
      .select(prescriptionColumns)
      .select(['i.item_index', 'i.quantity', 'i.state as item_state'])
      .select(exemptSql(sql.ref('p.exemption_code')).as('exempt'))
      .where('p.nre', '=', nre)
      .orderBy('i.item_index')
      .forUpdate('p')
      .forNoKeyUpdate('i')
      .execute();
    const [first] = rows;
    if (first) return toPrescription(first, rows);
  }
  let q = db
    .selectFrom('prescription as p')
    .innerJoin('patient as pt', 'pt.id', 'p.patient_id')
    .select(prescriptionColumns)
    .where('p.nre', '=', nre);
  if (opts.forUpdate) q = q.forUpdate('p');
  const p = await q.executeTakeFirst();
  if (!p) return undefined;
  const items = await db
    .selectFrom('prescription_item as i')
    .innerJoin('service as s', 's.code', 'i.service_code')
    .selectAll('s')
    .select(['i.item_index', 'i.quantity', 'i.state as item_state'])
    .select(exemptSql(sql`${p.exemption_code}::text`).as('exempt'))
    .where('i.prescription_id', '=', p.id)
    .orderBy('i.item_index')
    .execute();
  return toPrescription(p, items);
}

export async function listPrescriptionsOfPatient(db: Db, patientId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('prescription')
    .select('nre')
    .where('patient_id', '=', patientId)
    .orderBy('issued_on', 'desc')
    .limit(100)
    .execute();
  return rows.map((r) => r.nre);
}

/**
 * Marks one item booked or open again and recomputes the prescription's state from its items, in one
 * statement: the count sees the items as they were before the update (one snapshot), so the item being
 * changed is counted with its new state.
 */
export async function setItemState(db: Db, prescriptionId: string, index: number, state: 'open' | 'booked') {
  await sql`
    with item as (
      update prescription_item set state = ${state}
      where prescription_id = ${prescriptionId} and item_index = ${index}
    )
    update prescription p set state = case
      when c.booked = 0 then 'issued'
      when c.booked = c.total then 'booked'
      else 'partially_booked' end
    from (select count(*) filter (
                   where (case when i.item_index = ${index} then ${state}::text else i.state end) = 'booked'
                 ) as booked,
                 count(*) as total
          from prescription_item i where i.prescription_id = ${prescriptionId}) c
    where p.id = ${prescriptionId}`.execute(db);
}

export async function insertExemptions(db: Db, list: Exemption[]): Promise<void> {
  if (list.length === 0) return;
  await db
    .insertInto('exemption')
    .values(
      list.map((e) => ({
        code: e.code,
        description: e.description,
        category: e.category,
        covers_all: e.coversAll,
      })),
    )
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
  const coverage = list.flatMap((e) => [
    ...e.serviceCodes.map((c) => ({ exemption_code: e.code, service_code: c, branch: null })),
    ...e.branches.map((b) => ({ exemption_code: e.code, service_code: null, branch: b })),
  ]);
  if (coverage.length)
    await sql`insert into exemption_coverage (exemption_code, service_code, branch)
      select * from jsonb_to_recordset(${JSON.stringify(coverage)}::jsonb)
        as x(exemption_code text, service_code text, branch text)
      on conflict do nothing`.execute(db);
}

export async function findExemption(db: Db, code: string): Promise<Exemption | undefined> {
  const e = await db.selectFrom('exemption').selectAll().where('code', '=', code).executeTakeFirst();
  if (!e) return undefined;
  const cov = await db
    .selectFrom('exemption_coverage')
    .select(['service_code', 'branch'])
    .where('exemption_code', '=', code)
    .execute();
  return {
    code: e.code,
    description: e.description,
    category: e.category,
    coversAll: e.covers_all,
    serviceCodes: cov.flatMap((c) => (c.service_code ? [c.service_code] : [])),
    branches: cov.flatMap((c) => (c.branch ? [c.branch] : [])),
  };
}

export async function listExemptionCodes(db: Db): Promise<string[]> {
  return (await db.selectFrom('exemption').select('code').orderBy('code').execute()).map((r) => r.code);
}

export async function setPrescriptionExemption(
  db: Db,
  id: string,
  code: string | null,
  by: string | null,
  at: Date,
): Promise<void> {
  await db
    .updateTable('prescription')
    .set({ exemption_code: code, exemption_set_by: by, exemption_set_at: at })
    .where('id', '=', id)
    .execute();
}

export async function loadValidityRules(db: Db): Promise<ValidityRule[]> {
  const rows = await db.selectFrom('prescription_validity').selectAll().execute();
  return rows.map((r) => ({
    priority: r.priority,
    serviceKind: r.service_kind,
    bookWithinDays: r.book_within_days,
    maxDays: r.max_days,
  }));
}

/** Per prescription: its items' tariffs at today's prices, whether exempt, and state (for the ticket). */
export async function prescriptionTicketItems(db: Db, prescriptionIds: string[]) {
  const map = new Map<
    string,
    { index: number; tariffCents: number; quantity: number; exempt: boolean; state: 'open' | 'booked' }[]
  >();
  if (prescriptionIds.length === 0) return map;
  const rows = await db
    .selectFrom('prescription_item as i')
    .innerJoin('prescription as p', 'p.id', 'i.prescription_id')
    .innerJoin('service as s', 's.code', 'i.service_code')
    .select(['i.prescription_id', 'i.item_index', 's.tariff_cents', 'i.quantity', 'i.state'])
    .select(exemptSql(sql.ref('p.exemption_code')).as('exempt'))
    .where('i.prescription_id', 'in', prescriptionIds)
    .execute();
  for (const r of rows) {
    const list = map.get(r.prescription_id) ?? [];
    list.push({
      index: r.item_index,
      tariffCents: r.tariff_cents,
      quantity: r.quantity,
      exempt: Boolean(r.exempt),
      state: r.state,
    });
    map.set(r.prescription_id, list);
  }
  return map;
}
