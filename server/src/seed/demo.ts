import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import {
  type Agenda,
  bookAppointment,
  countFutureSlots,
  findAvailability,
  generateSlots,
  insertAgendas,
  type WeeklyRule,
} from '../modules/booking/index.ts';
import { createUser } from '../modules/identity/index.ts';
import {
  buildFiscalCode,
  buildNre,
  DEMO_EXEMPTIONS,
  DEMO_FACILITIES,
  DEMO_FAMILY_NAMES,
  DEMO_GIVEN_NAMES_F,
  DEMO_GIVEN_NAMES_M,
  DEMO_MUNICIPALITIES,
  DEMO_ORGANISATIONS,
  DEMO_SERVICES,
  type Facility,
  insertExemptions,
  insertFacilities,
  insertMunicipalities,
  insertOrganisations,
  insertPatients,
  insertPrescriptions,
  insertServices,
  insertUnits,
  type NewPrescription,
  type Patient,
  type Priority,
  type Service,
  type Unit,
} from '../modules/registry/index.ts';
import { recordStart } from '../modules/staff/index.ts';
import { ZONE } from '../platform/calendar.ts';
import type { Clock } from '../platform/clock.ts';
import { type Actor, type Channel, systemContext } from '../platform/context.ts';
import type { Db } from '../platform/db.ts';
import { AppError } from '../platform/errors.ts';
import type { Logger } from '../platform/logger.ts';
import { seedDemoClub } from './demo-club.ts';
import { SeededRandom } from './random.ts';

export interface SeedOptions {
  scale: 'demo' | 'region';
  horizonDays: number;
  /** The demo users with password "demo": only in demo mode (embedded database, or `seed --demo`). */
  demoUsers?: boolean;
  log?: Logger;
  seed?: number;
  /** Patients, prescriptions and bookings made through the booking service (overridable for tests). */
  patients?: number;
  prescriptions?: number;
  bookings?: number;
}

export async function isEmpty(db: Db): Promise<boolean> {
  const row = await db.selectFrom('organisation').select('id').limit(1).executeTakeFirst();
  return !row;
}

export const DEMO_USERS: {
  username: string;
  displayName: string;
  roles: Actor['roles'];
  operatorCode: string | null;
}[] = [
  { username: 'operatore', displayName: 'Operatore CUP', roles: ['operator'], operatorCode: 'OP101' },
  { username: 'backoffice', displayName: 'Back office CUP', roles: ['backoffice'], operatorCode: 'BO201' },
  // CC-11: the regional offices' second level, working the help desk's tickets from outside the centre.
  {
    username: 'secondolivello',
    displayName: 'Ufficio tributi regionale',
    roles: ['second-level'],
    operatorCode: null,
  },
  {
    username: 'supervisore',
    displayName: 'Supervisore contact center',
    roles: ['supervisor'],
    operatorCode: null,
  },
  { username: 'responsabile', displayName: 'Responsabile CUP', roles: ['cup-manager'], operatorCode: null },
  // Places simulated calls for training sessions (volume-capped); reads nothing about patients.
  { username: 'formatore', displayName: 'Formatore', roles: ['trainer'], operatorCode: null },
  {
    username: 'privacy',
    displayName: 'Responsabile privacy',
    roles: ['privacy-officer'],
    operatorCode: null,
  },
  { username: 'admin', displayName: 'Amministratore', roles: ['admin'], operatorCode: null },
];

const slug = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** Main hospitals offer a dozen branches; district hospitals and outpatient centres a handful. */
function branchesFor(f: Facility, all: string[], rnd: SeededRandom): string[] {
  const main = /^(Ospedale (?!distrettuale)|IRCCS)/.test(f.name);
  return rnd.sample(all, main ? 14 : 4 + rnd.int(3));
}

function sessionRules(rnd: SeededRandom, service: Service): WeeklyRule[] {
  const lab = service.kind === 'lab';
  const days = rnd.sample([1, 2, 3, 4, 5], lab ? 5 : 2 + rnd.int(3)).sort();
  const morning = lab || rnd.chance(0.65);
  const slotMinutes = Math.max(service.slotMinutes, 5);
  const rules: WeeklyRule[] = [];
  for (const weekday of days) {
    if (lab) {
      rules.push({
        weekday,
        startTime: '07:30',
        endTime: '10:30',
        slotMinutes: 10,
        capacity: 6,
        reservedPriority: null,
      });
      continue;
    }
    const [start, end] = morning ? ['08:00', '13:00'] : ['14:30', '18:30'];
    // A share of agendas keeps its first hour for short-priority (B) requests (BK-4).
    if (rnd.chance(0.3)) {
      const split = morning ? '09:00' : '15:30';
      rules.push({
        weekday,
        startTime: start,
        endTime: split,
        slotMinutes,
        capacity: 1,
        reservedPriority: 'B',
      });
      rules.push({
        weekday,
        startTime: split,
        endTime: end,
        slotMinutes,
        capacity: 1,
        reservedPriority: null,
      });
    } else {
      rules.push({
        weekday,
        startTime: start,
        endTime: end,
        slotMinutes,
        capacity: 1,
        reservedPriority: null,
      });
    }
  }
  // Saturday morning sessions in some agendas.
  if (!lab && rnd.chance(0.15)) {
    rules.push({
      weekday: 6,
      startTime: '08:00',
      endTime: '12:00',
      slotMinutes,
      capacity: 1,
      reservedPriority: null,
    });
  }
  return rules;
}

/**
 * The demo region, modelled on the tender (Regione Basilicata): health organisations, facilities in real
 * districts, a realistic catalogue, agendas with weekly rules, slots over the horizon, synthetic patients
 * with valid fiscal codes, prescriptions of every priority class and a first set of bookings.
 * Deterministic for a given seed. `region` scale multiplies facilities tenfold for benchmarks.
 */
export async function seedDemo(db: Db, clock: Clock, opts: SeedOptions) {
  const rnd = new SeededRandom(opts.seed ?? 20261123);
  const now = clock.now();
  const region = opts.scale === 'region';
  const copies = region ? 10 : 1;
  const log = opts.log;

  const services = DEMO_SERVICES as Service[];
  const branches = [...new Set(services.map((s) => s.branch))].sort();

  const facilities: Facility[] = [];
  for (let c = 0; c < copies; c++) {
    for (const f of DEMO_FACILITIES) {
      facilities.push(c === 0 ? { ...f } : { ...f, id: `${f.id}-${c}`, name: `${f.name} (sede ${c + 1})` });
    }
  }
  const units: Unit[] = [];
  const agendas: Agenda[] = [];
  for (const f of facilities) {
    for (const branch of branchesFor(f, branches, rnd)) {
      const unit: Unit = {
        id: `${f.id}.${slug(branch)}`,
        facilityId: f.id,
        name: `Ambulatorio di ${branch}`,
        branch,
      };
      units.push(unit);
      const own = services.filter((s) => s.branch === branch);
      const visits = own.filter((s) => s.kind === 'visit');
      const others = own.filter((s) => s.kind !== 'visit');
      const groups: Service[][] = [];
      if (visits.length) groups.push(visits);
      // Instrumental and lab services share one agenda per unit; radiology splits by modality into three.
      const size = Math.ceil(others.length / (branch === 'radiologia' ? 3 : 1));
      for (let i = 0; i < others.length; i += size) groups.push(others.slice(i, i + size));
      groups.forEach((group, g) => {
        const first = group[0]!;
        const channels: Channel[] = ['phone', 'desk'];
        if (rnd.chance(0.6)) channels.push('web');
        if (rnd.chance(0.4)) channels.push('pharmacy');
        agendas.push({
          id: `${unit.id}.${g + 1}`,
          unitId: unit.id,
          facilityId: f.id,
          name: `${first.kind === 'visit' ? 'Visite' : first.description} — ${f.name}`,
          serviceCodes: group.map((s) => s.code),
          channels,
          validFrom: DateTime.fromJSDate(now, { zone: 'Europe/Rome' }).minus({ days: 30 }).toISODate()!,
          validTo: null,
          overbookingPerSlot: rnd.chance(0.2) ? 1 : 0,
          active: true,
          rules: sessionRules(rnd, first),
          closures: [],
        });
      });
    }
  }

  const summary = await db.transaction().execute(async (tx) => {
    await insertMunicipalities(tx, [...DEMO_MUNICIPALITIES]);
    await insertOrganisations(tx, [...DEMO_ORGANISATIONS]);
    await insertFacilities(tx, facilities);
    await insertServices(tx, services);
    await insertExemptions(tx, [...DEMO_EXEMPTIONS]);
    await insertUnits(tx, units);
    await insertAgendas(tx, agendas);
    const slots = await generateSlots(tx, now, opts.horizonDays);
    log?.info({ agendas: agendas.length, slots: slots.created }, 'agendas and slots');

    const patients = makePatients(rnd, opts.patients ?? 20_000, now);
    for (let i = 0; i < patients.length; i += 2000)
      await insertPatients(tx, patients.slice(i, i + 2000), now);
    const prescriptions = makePrescriptions(rnd, patients, services, opts.prescriptions ?? 8_000, now);
    for (let i = 0; i < prescriptions.length; i += 2000)
      await insertPrescriptions(tx, prescriptions.slice(i, i + 2000), now);
    log?.info({ patients: patients.length, prescriptions: prescriptions.length }, 'registry');
    return {
      agendas: agendas.length,
      slots: slots.created,
      patients: patients.length,
      prescriptions: prescriptions.length,
    };
  });

  // Bookings go through the booking service, as an operator would make them: soonest slot first.
  log?.info('booking the first appointments');
  const bookings = await makeBookings(db, clock, rnd, opts.bookings ?? (region ? 0 : 600));
  // BK-10: a sports club's list waiting for the back office (its own generator: the rest is unchanged).
  if (!region) await seedDemoClub(db, clock, opts.horizonDays);
  if (opts.demoUsers === true) {
    // The front line on the contract's register since the year before (the yearly turnover's base).
    const since = DateTime.fromJSDate(now, { zone: ZONE }).minus({ months: 18 }).toISODate()!;
    for (const u of DEMO_USERS) {
      const { id, created } = await createUser(db, clock, { ...u, password: 'demo' });
      if (created && u.roles.some((r) => r === 'operator' || r === 'backoffice'))
        await recordStart(db, systemContext(clock), { userId: id, startedOn: since });
    }
  }
  return { ...summary, bookings, futureSlots: await countFutureSlots(db, now) };
}

function makePatients(rnd: SeededRandom, count: number, now: Date): Patient[] {
  const seen = new Set<string>();
  const patients: Patient[] = [];
  const thisYear = now.getUTCFullYear();
  const homes = new SeededRandom(20_261_206);
  while (patients.length < count) {
    const sex = rnd.chance(0.52) ? 'F' : 'M';
    const givenName = rnd.pick(sex === 'F' ? DEMO_GIVEN_NAMES_F : DEMO_GIVEN_NAMES_M);
    const familyName = rnd.pick(DEMO_FAMILY_NAMES);
    const birth = DateTime.utc(thisYear - 1 - rnd.int(95), 1, 1).plus({ days: rnd.int(365) });
    const municipality = rnd.pick(DEMO_MUNICIPALITIES);
    // Most people live where they were born; one in five moved to another town of the region. Drawn from
    // its own generator, so the rest of the demo stays what it was before residences were recorded.
    const residence = homes.chance(0.8) ? municipality : homes.pick(DEMO_MUNICIPALITIES);
    const fiscalCode = buildFiscalCode({
      familyName,
      givenName,
      birthDate: birth.toISODate()!,
      sex,
      municipalityCode: municipality.belfioreCode,
    });
    if (seen.has(fiscalCode)) continue; // a real homonym would get an omocodia code; the demo just skips it
    seen.add(fiscalCode);
    const mobile = rnd.chance(0.9)
      ? `+393${String(20 + rnd.int(80))}${String(rnd.int(10_000_000)).padStart(7, '0')}`
      : null;
    patients.push({
      id: randomUUID(),
      fiscalCode,
      givenName,
      familyName,
      birthDate: birth.toISODate()!,
      sex,
      phone: mobile,
      email: rnd.chance(0.4) ? `${slug(givenName)}.${slug(familyName)}${rnd.int(100)}@esempio.it` : null,
      residenceCode: residence.belfioreCode,
      consents: {
        contactByPhone: rnd.chance(0.85),
        contactByEmail: rnd.chance(0.5),
        healthRecord: rnd.chance(0.7),
      },
    });
  }
  return patients;
}

const PRIORITY_MIX: [Priority, number][] = [
  ['U', 0.05],
  ['B', 0.2],
  ['D', 0.35],
  ['P', 0.4],
];
function pickWeighted<T>(rnd: SeededRandom, mix: [T, number][]): T {
  let r = rnd.next();
  for (const [value, share] of mix) {
    r -= share;
    if (r < 0) return value;
  }
  return mix.at(-1)![0];
}

const EXEMPTIONS = ['E01', 'E02', 'E03', 'E04', '013', '048', '031', 'C01'];

function makePrescriptions(
  rnd: SeededRandom,
  patients: Patient[],
  services: Service[],
  count: number,
  now: Date,
): NewPrescription[] {
  const byBranch = new Map<string, Service[]>();
  for (const s of services) byBranch.set(s.branch, [...(byBranch.get(s.branch) ?? []), s]);
  const branchList = [...byBranch.keys()].sort();
  const list: NewPrescription[] = [];
  for (let i = 0; i < count; i++) {
    const priority = pickWeighted(rnd, PRIORITY_MIX);
    const branch = rnd.pick(branchList);
    const items = rnd.sample(byBranch.get(branch)!, 1 + (rnd.chance(0.25) ? rnd.int(2) + 1 : 0));
    list.push({
      id: randomUUID(),
      nre: buildNre('170', `A${i % 10}`, 1_000_000 + i),
      patientId: rnd.pick(patients).id,
      priority,
      access: rnd.chance(0.7) ? 'first' : 'follow_up',
      exemptionCode: rnd.chance(0.35) ? rnd.pick(EXEMPTIONS) : null,
      // Within the class's booking window (U 10 days, B 20: prescription_validity).
      issuedOn: DateTime.fromJSDate(now, { zone: 'Europe/Rome' })
        .minus({ days: rnd.int(priority === 'U' ? 8 : priority === 'B' ? 18 : 30) })
        .toISODate()!,
      items: items.map((s, n) => ({ index: n + 1, serviceCode: s.code, quantity: 1 })),
    });
  }
  return list;
}

async function makeBookings(db: Db, clock: Clock, rnd: SeededRandom, count: number): Promise<number> {
  if (count === 0) return 0;
  const seeder: Actor = { id: randomUUID(), username: 'seed', roles: ['operator'], operatorCode: null };
  const ctx = { requestId: 'seed', actor: seeder, clock, purpose: 'demo data' };
  const rows = await db
    .selectFrom('prescription as p')
    .innerJoin('prescription_item as i', 'i.prescription_id', 'p.id')
    .innerJoin('patient as pt', 'pt.id', 'p.patient_id')
    .select(['p.nre', 'i.item_index', 'i.service_code', 'p.priority', 'pt.fiscal_code'])
    .where('i.item_index', '=', 1)
    .orderBy('p.nre')
    .limit(count * 2)
    .execute();
  let booked = 0;
  for (const row of rnd.sample(rows, count)) {
    const channel = rnd.pick(['phone', 'phone', 'desk', 'web'] as const);
    const offer = await findAvailability(db, ctx, {
      service: row.service_code,
      priority: row.priority,
      channel,
      limit: 3,
    });
    const slot = offer.items[rnd.int(Math.max(offer.items.length, 1))];
    if (!slot) continue;
    try {
      await bookAppointment(
        db,
        ctx,
        {
          nre: row.nre,
          fiscalCode: row.fiscal_code,
          itemIndex: row.item_index,
          slotId: slot.slotId,
          channel,
        },
        { holdTtlSeconds: 300 },
      );
    } catch (err) {
      // The slot started between the search and the booking (a seed crossing a slot's start time):
      // this demo patient stays unbooked, as a caller would be offered the next slot instead.
      if (err instanceof AppError && err.code === 'SLOT_TAKEN') continue;
      throw err;
    }
    booked++;
  }
  return booked;
}
