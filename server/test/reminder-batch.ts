import { bookAppointment } from '../src/modules/booking/index.ts';
import {
  buildFiscalCode,
  buildNre,
  insertPatients,
  insertPrescriptions,
  type Patient,
} from '../src/modules/registry/index.ts';
import { systemClock } from '../src/platform/clock.ts';
import type { Db } from '../src/platform/db.ts';
import { context, makeAgenda, makeFacility, makeService } from './factories.ts';

/**
 * `n` appointments three days from now, booked through the booking service, each for a patient with a
 * mobile number of their own: the batch of reminders the exactly-once test and the outreach benchmark send.
 */
export async function bookReminderBatch(db: Db, n: number): Promise<{ agendaId: string }> {
  const place = await makeFacility(db);
  const service = await makeService(db);
  // Every five minutes from 08:00 to 20:00 (144 slots), up to 100 places each (an agenda's most): a
  // batch of up to 14,400 falls on one day, inside the reminders' lead.
  const capacity = Math.min(100, Math.max(40, Math.ceil(n / 144)));
  const agenda = await makeAgenda(db, systemClock, {
    place,
    services: [service.code],
    rules: [{ startTime: '08:00', endTime: '20:00', slotMinutes: 5, capacity }],
    horizonDays: 5,
  });
  const day = new Date(Date.now() + 3 * 86_400_000);
  const slots = await db
    .selectFrom('slot')
    .where('agenda_id', '=', agenda.id)
    .where('start_at', '>', new Date(day.getTime() - 12 * 3_600_000))
    .select('id')
    .orderBy('start_at')
    .limit(Math.ceil(n / capacity))
    .execute();
  const { patients, prescriptions } = await insertBatchPatients(db, n, {
    givenName: 'Anna',
    nreBatch: 'B0',
    firstNre: 500_000,
    priority: 'D',
    issuedOn: '2026-11-20',
    serviceCode: service.code,
  });
  const ctx = context(systemClock);
  for (let i = 0; i < n; i += 50) {
    await Promise.all(
      prescriptions.slice(i, i + 50).map((p, k) =>
        bookAppointment(
          db,
          ctx,
          {
            nre: p.nre,
            fiscalCode: patients[i + k]!.fiscalCode,
            itemIndex: 1,
            slotId: Number(slots[Math.floor((i + k) / capacity)]!.id),
            channel: 'phone',
          },
          { holdTtlSeconds: 300 },
        ),
      ),
    );
  }
  return { agendaId: agenda.id };
}

/**
 * `n` patients, each with a mobile number of their own and one prescription for `serviceCode`, inserted in
 * batches: the benchmarks' and the batch tests' population (fiscal codes and NREs never collide).
 */
export async function insertBatchPatients(
  db: Db,
  n: number,
  o: {
    givenName: string;
    nreBatch: string;
    firstNre: number;
    priority: 'U' | 'B' | 'D' | 'P';
    issuedOn: string;
    serviceCode: string;
  },
) {
  const patients: Patient[] = Array.from({ length: n }, (_, i) => ({
    id: crypto.randomUUID(),
    fiscalCode: buildFiscalCode({
      familyName: `Prova${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + ((i >> 5) % 26))}`,
      givenName: o.givenName,
      // A birth date of its own (1900-01-01 plus i days): fiscal codes never collide.
      birthDate: new Date(Date.UTC(1900, 0, 1 + i)).toISOString().slice(0, 10),
      sex: 'F',
      municipalityCode: `H${String(100 + (i % 900))}`,
    }),
    givenName: o.givenName,
    familyName: 'Prova',
    birthDate: '1950-01-01',
    sex: 'F',
    phone: `+39320${String(i).padStart(7, '0')}`,
    email: null,
    consents: { contactByPhone: true },
  }));
  const prescriptions = patients.map((p, i) => ({
    id: crypto.randomUUID(),
    nre: buildNre('170', o.nreBatch, o.firstNre + i),
    patientId: p.id,
    priority: o.priority,
    access: 'first' as const,
    exemptionCode: null,
    issuedOn: o.issuedOn,
    items: [{ index: 1, serviceCode: o.serviceCode, quantity: 1 }],
  }));
  for (let i = 0; i < n; i += 1000) {
    await insertPatients(db, patients.slice(i, i + 1000), new Date());
    await insertPrescriptions(db, prescriptions.slice(i, i + 1000), new Date());
  }
  return { patients, prescriptions };
}
