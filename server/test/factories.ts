import { randomUUID } from 'node:crypto';
import type { Agenda, WeeklyRule } from '../src/modules/booking/index.ts';
import {
  bookAppointment,
  findAvailability,
  generateSlots,
  insertAgendas,
} from '../src/modules/booking/index.ts';
import {
  buildFiscalCode,
  buildNre,
  insertFacilities,
  insertOrganisations,
  insertPatients,
  insertPrescriptions,
  insertServices,
  insertUnits,
  type Patient,
  type Priority,
  type ServiceKind,
} from '../src/modules/registry/index.ts';
import type { Clock } from '../src/platform/clock.ts';
import type { Actor, RequestContext, Role } from '../src/platform/context.ts';
import type { Db } from '../src/platform/db.ts';

// Factories: each call makes fresh rows with unique keys, so tests never share or depend on fixtures.
let counter = 0;
const next = () => ++counter + Math.floor(Math.random() * 1e6) * 1000;

export function actor(roles: Role[] = ['operator']): Actor {
  return { id: randomUUID(), username: `user${next()}`, roles, operatorCode: 'OP1' };
}

export function context(clock: Clock, roles: Role[] = ['operator']): RequestContext {
  return { requestId: randomUUID(), actor: actor(roles), clock };
}

const FAMILY = ['Rossi', 'Bianchi', 'Lorusso', 'Summa', 'Colangelo', 'Santarsiero', 'Pace', 'Laurino'];
const GIVEN = ['Maria', 'Giuseppe', 'Rocco', 'Anna', 'Antonio', 'Lucia', 'Vito', 'Carmela'];

/**
 * A patient with a fiscal code no other patient has. The code is built from a few fields of a random
 * number, so two can coincide; the registry then keeps the first (on conflict do nothing) and the row
 * would not exist: a code already taken is drawn again.
 */
export async function makePatient(db: Db, over: Partial<Patient> = {}): Promise<Patient> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const patient = patientOf(next(), over);
    if ((await insertPatients(db, [patient], new Date())) === 1 || over.fiscalCode !== undefined)
      return patient;
  }
  throw new Error('makePatient: no free fiscal code in 20 draws');
}

function patientOf(n: number, over: Partial<Patient>): Patient {
  const sex = n % 2 === 0 ? 'M' : 'F';
  const birthDate = `19${String(30 + (n % 69)).padStart(2, '0')}-${String(1 + (n % 12)).padStart(2, '0')}-${String(1 + (n % 28)).padStart(2, '0')}`;
  const familyName = `${FAMILY[n % FAMILY.length]}${String.fromCharCode(66 + (n % 20))}${String.fromCharCode(66 + ((n >> 5) % 20))}`;
  const givenName = GIVEN[(n >> 3) % GIVEN.length]!;
  const patient: Patient = {
    id: randomUUID(),
    fiscalCode: buildFiscalCode({
      familyName,
      givenName,
      birthDate,
      sex,
      municipalityCode: `G${String(100 + (n % 900))}`,
    }),
    givenName,
    familyName,
    birthDate,
    sex,
    phone: `+39333${String(n).padStart(7, '0').slice(-7)}`,
    email: null,
    consents: { contactByPhone: true },
    ...over,
  };
  return patient;
}

export interface Place {
  organisationId: string;
  facilityId: string;
  unitId: string;
  district: string;
}

export async function makeFacility(
  db: Db,
  district = 'Distretto Potenza',
  where: { municipality: string; latitude: number; longitude: number } = {
    municipality: 'Potenza',
    latitude: 40.64,
    longitude: 15.8,
  },
): Promise<Place> {
  const n = next();
  const organisationId = `org-${n}`;
  const facilityId = `fac-${n}`;
  const unitId = `unit-${n}`;
  await insertOrganisations(db, [{ id: organisationId, name: `ASP ${n}`, kind: 'asl' }]);
  await insertFacilities(db, [
    {
      id: facilityId,
      organisationId,
      name: `Poliambulatorio ${n}`,
      address: `Via Roma ${n % 100}`,
      district,
      ...where,
    },
  ]);
  await insertUnits(db, [{ id: unitId, facilityId, name: `Ambulatorio ${n}`, branch: 'cardiologia' }]);
  return { organisationId, facilityId, unitId, district };
}

export async function makeService(
  db: Db,
  over: { kind?: ServiceKind; tariffCents?: number; branch?: string } = {},
): Promise<{ code: string; kind: ServiceKind; tariffCents: number; branch: string }> {
  const code = `T${next()}`;
  const s = {
    code,
    kind: over.kind ?? 'visit',
    tariffCents: over.tariffCents ?? 2240,
    branch: over.branch ?? 'cardiologia',
  };
  await insertServices(db, [{ ...s, description: `Prestazione di prova ${code}`, slotMinutes: 20 }]);
  return s;
}

/** An agenda open every day of the week, so tests do not depend on which weekday they run. */
export async function makeAgenda(
  db: Db,
  clock: Clock,
  opts: {
    place: Place;
    services: string[];
    rules?: Partial<WeeklyRule>[];
    channels?: Agenda['channels'];
    overbookingPerSlot?: number;
    horizonDays?: number;
    closures?: Agenda['closures'];
  },
): Promise<Agenda> {
  const baseRules = opts.rules ?? [{}];
  const agenda: Agenda = {
    id: `ag-${next()}`,
    unitId: opts.place.unitId,
    facilityId: opts.place.facilityId,
    name: 'Agenda di prova',
    serviceCodes: opts.services,
    channels: opts.channels ?? ['phone', 'desk', 'web'],
    validFrom: '2020-01-01',
    validTo: null,
    overbookingPerSlot: opts.overbookingPerSlot ?? 0,
    active: true,
    closures: opts.closures ?? [],
    rules: [1, 2, 3, 4, 5, 6, 7].flatMap((weekday) =>
      baseRules.map((r) => ({
        weekday,
        startTime: '08:00',
        endTime: '10:00',
        slotMinutes: 30,
        capacity: 1,
        reservedPriority: null,
        ...r,
      })),
    ),
  };
  await insertAgendas(db, [agenda]);
  await generateSlots(db, clock.now(), opts.horizonDays ?? 14, [agenda.id]);
  return agenda;
}

export async function makePrescription(
  db: Db,
  opts: {
    patient: Patient;
    services: string[];
    priority?: Priority;
    exemptionCode?: string | null;
    issuedOn?: string;
  },
): Promise<{ id: string; nre: string; fiscalCode: string }> {
  const id = randomUUID();
  const nre = buildNre('170', 'A0', next());
  await insertPrescriptions(
    db,
    [
      {
        id,
        nre,
        patientId: opts.patient.id,
        priority: opts.priority ?? 'D',
        access: 'first',
        exemptionCode: opts.exemptionCode ?? null,
        issuedOn: opts.issuedOn ?? '2026-11-20',
        items: opts.services.map((serviceCode, i) => ({ index: i + 1, serviceCode, quantity: 1 })),
      },
    ],
    new Date(),
  );
  return { id, nre, fiscalCode: opts.patient.fiscalCode };
}

/**
 * A patient booked by phone into the first free slot of a fresh service and agenda (a P-class first
 * visit at `tariffCents`, or exempt): the appointment as the booking service returns it.
 */
export async function makeBooking(
  db: Db,
  clock: Clock,
  o: {
    tariffCents?: number;
    exemptionCode?: string | null;
    place?: Place;
    serviceCode?: string;
    patient?: Partial<Patient>;
    /** The first free slot from this instant (default: the first of all). */
    from?: Date;
  } = {},
) {
  const serviceCode = o.serviceCode ?? (await makeService(db, { tariffCents: o.tariffCents ?? 2240 })).code;
  const place = o.place ?? (await makeFacility(db));
  if (!o.place) await makeAgenda(db, clock, { place, services: [serviceCode], rules: [{ capacity: 3 }] });
  const patient = await makePatient(db, o.patient);
  const p = await makePrescription(db, {
    patient,
    services: [serviceCode],
    priority: 'P',
    exemptionCode: o.exemptionCode ?? null,
  });
  const ctx = context(clock);
  const slot = (await findAvailability(db, ctx, { service: serviceCode, from: o.from, limit: 1 })).items[0]!;
  const { appointment } = await bookAppointment(
    db,
    ctx,
    { nre: p.nre, fiscalCode: p.fiscalCode, itemIndex: 1, slotId: slot.slotId, channel: 'phone' },
    { holdTtlSeconds: 300 },
  );
  return { appointment, patient, place, serviceCode, ctx };
}
