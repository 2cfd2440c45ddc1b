import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { generateSlots, insertAgendas } from '../modules/booking/index.ts';
import { createGroupRequest } from '../modules/groups/index.ts';
import {
  buildFiscalCode,
  buildNre,
  DEMO_FAMILY_NAMES,
  DEMO_GIVEN_NAMES_F,
  DEMO_GIVEN_NAMES_M,
  insertPatients,
  insertPrescriptions,
  insertServices,
  insertUnits,
  type Patient,
} from '../modules/registry/index.ts';
import { addDays, romeDate, ZONE } from '../platform/calendar.ts';
import type { Clock } from '../platform/clock.ts';
import { systemContext } from '../platform/context.ts';
import type { Db } from '../platform/db.ts';
import { SeededRandom } from './random.ts';

/**
 * BK-10 in the demo: the district outpatient centre of Potenza holds a sports medicine clinic, and a
 * youth basketball club has sent its list of athletes for their fitness certificates. Drawn from its own
 * generator after the rest of the demo, so the region's data stay what they were without it.
 */
export const DEMO_SPORTS_VISIT = {
  code: 'MS.01',
  description: 'Visita di idoneità allo sport agonistico (under 18)',
  kind: 'visit' as const,
  branch: 'medicina dello sport',
  // Free for minors, as the regions' rules on competitive sport certificates provide.
  tariffCents: 0,
  slotMinutes: 30,
};
export const DEMO_CLUB = 'ASD Potenza Basket Giovanile';
const FACILITY = 'asp-potenza-poliambulatorio';
const ATHLETES = 18;

export async function seedDemoClub(db: Db, clock: Clock, horizonDays: number): Promise<void> {
  const rnd = new SeededRandom(20_261_217);
  const now = clock.now();
  const today = romeDate(now);
  const unitId = `${FACILITY}.medicina-dello-sport`;
  const agendaId = `${unitId}.1`;
  await db.transaction().execute(async (tx) => {
    await insertServices(tx, [DEMO_SPORTS_VISIT]);
    await insertUnits(tx, [
      {
        id: unitId,
        facilityId: FACILITY,
        name: 'Ambulatorio di medicina dello sport',
        branch: DEMO_SPORTS_VISIT.branch,
      },
    ]);
    // Two sports physicians on weekday afternoons: two athletes every half hour, 16 an afternoon.
    await insertAgendas(tx, [
      {
        id: agendaId,
        unitId,
        facilityId: FACILITY,
        name: 'Medicina dello sport — Poliambulatorio distrettuale di Potenza',
        serviceCodes: [DEMO_SPORTS_VISIT.code],
        channels: ['phone', 'desk'],
        validFrom: addDays(today, -30),
        validTo: null,
        overbookingPerSlot: 0,
        active: true,
        closures: [],
        rules: [1, 2, 3, 4, 5].map((weekday) => ({
          weekday,
          startTime: '14:00',
          endTime: '18:00',
          slotMinutes: 30,
          capacity: 2,
          reservedPriority: null,
        })),
      },
    ]);
    await generateSlots(tx, now, horizonDays, [agendaId]);

    const thisYear = Number(today.slice(0, 4));
    const athletes: Patient[] = [];
    const seen = new Set<string>();
    while (athletes.length < ATHLETES) {
      const sex = rnd.chance(0.5) ? 'F' : 'M';
      const givenName = rnd.pick(sex === 'F' ? DEMO_GIVEN_NAMES_F : DEMO_GIVEN_NAMES_M);
      const familyName = rnd.pick(DEMO_FAMILY_NAMES);
      // Aged 14 to 17.
      const birth = DateTime.utc(thisYear - 17 + rnd.int(3), 1, 1).plus({ days: rnd.int(365) });
      const fiscalCode = buildFiscalCode({
        familyName,
        givenName,
        birthDate: birth.toISODate()!,
        sex,
        municipalityCode: 'G942', // Potenza
      });
      if (seen.has(fiscalCode)) continue;
      seen.add(fiscalCode);
      athletes.push({
        id: randomUUID(),
        fiscalCode,
        givenName,
        familyName,
        birthDate: birth.toISODate()!,
        sex,
        phone: `+39347${String(rnd.int(10_000_000)).padStart(7, '0')}`,
        email: null,
        residenceCode: 'G942',
        consents: { contactByPhone: true, contactByEmail: false, healthRecord: false },
      });
    }
    // A code the rest of the demo drew too would name someone else: such an athlete is left out.
    const taken = new Set(
      (
        await tx
          .selectFrom('patient')
          .select('fiscal_code')
          .where(
            'fiscal_code',
            'in',
            athletes.map((a) => a.fiscalCode),
          )
          .execute()
      ).map((r) => r.fiscal_code),
    );
    const club = athletes.filter((a) => !taken.has(a.fiscalCode));
    await insertPatients(tx, club, now);
    // The paediatrician's prescriptions, issued a week ago (programmed class).
    const issuedOn = addDays(today, -7);
    await insertPrescriptions(
      tx,
      club.map((a, i) => ({
        id: randomUUID(),
        nre: buildNre('170', 'S0', 1 + i),
        patientId: a.id,
        priority: 'P' as const,
        access: 'first' as const,
        exemptionCode: null,
        issuedOn,
        items: [{ index: 1, serviceCode: DEMO_SPORTS_VISIT.code, quantity: 1 }],
      })),
      now,
    );
  });
  // The dates agreed: from the Monday after next, three weeks, at most 12 a day (the clinic's wish).
  const monday = DateTime.fromISO(today, { zone: ZONE })
    .plus({ weeks: 1 })
    .startOf('week')
    .plus({ weeks: 1 });
  const from = monday.toISODate()!;
  const athletes = await db
    .selectFrom('prescription')
    .innerJoin('patient', 'patient.id', 'prescription.patient_id')
    .select(['patient.fiscal_code', 'prescription.nre'])
    .where('prescription.nre', 'like', '170S0%')
    .orderBy('prescription.nre')
    .execute();
  await createGroupRequest(db, systemContext(clock), {
    club: DEMO_CLUB,
    contact: 'sig.ra Carmela Summa (segreteria), 0971 000 111, segreteria@basketpotenza.example',
    service: DEMO_SPORTS_VISIT.code,
    facility: FACILITY,
    from,
    to: addDays(from, 18),
    maxPerDay: 12,
    note: 'Certificati per il campionato regionale under 17.',
    athletes: athletes.map((a) => ({ fiscalCode: a.fiscal_code, nre: a.nre })),
  });
}
