import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRIVERS, type TestDatabase } from '../../../../test/databases.ts';
import {
  context,
  makeAgenda,
  makeFacility,
  makePatient,
  makePrescription,
  makeService,
} from '../../../../test/factories.ts';
import { ManualClock } from '../../../platform/clock.ts';
import type { RequestContext } from '../../../platform/context.ts';
import { AppError } from '../../../platform/errors.ts';
import { createUser } from '../../identity/index.ts';
import {
  bookAppointment,
  findAvailability,
  listProtectionCases,
  openProtectionCase,
  resolveProtectionCase,
  takeProtectionCase,
} from '../index.ts';

async function expectError(p: Promise<unknown>, code: string, field?: string) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
  if (field) expect((err as AppError).field).toBe(field);
}

describe.each(DRIVERS)('protection-path cases worked by the back office on $name', ({ create }) => {
  let t: TestDatabase;
  const clock = new ManualClock('2026-11-23T06:00:00Z');
  let anna: RequestContext;
  let bruno: RequestContext;

  /** A real back-office user (cases name who took them), as a request context. */
  async function backOffice(displayName: string): Promise<RequestContext> {
    const username = `bo-${randomUUID().slice(0, 8)}`;
    const { id } = await createUser(t.db, clock, {
      username,
      displayName,
      password: 'secret-pass',
      roles: ['backoffice'],
    });
    return {
      requestId: randomUUID(),
      actor: { id, username, roles: ['backoffice'], operatorCode: null },
      clock,
    };
  }

  beforeAll(async () => {
    t = await create();
    anna = await backOffice('Anna Back');
    bruno = await backOffice('Bruno Office');
  });
  afterAll(async () => t?.drop());

  /** An urgent (72 h) prescription whose service has slots only from five days ahead: a case opens. */
  async function openCase() {
    const place = await makeFacility(t.db);
    const service = await makeService(t.db);
    await makeAgenda(t.db, clock, {
      place,
      services: [service.code],
      closures: [{ fromDate: '2026-11-01', toDate: '2026-11-27', reason: 'lavori' }],
    });
    const patient = await makePatient(t.db);
    const prescription = await makePrescription(t.db, { patient, services: [service.code], priority: 'U' });
    const { protectionCase } = await openProtectionCase(t.db, context(clock), {
      nre: prescription.nre,
      fiscalCode: prescription.fiscalCode,
      itemIndex: 1,
      channel: 'phone',
    });
    return { service, patient, prescription, protectionCase };
  }

  it('lists open cases with whose prescription they are and what for, none taken yet', async () => {
    const { patient, service, prescription, protectionCase } = await openCase();
    const open = await listProtectionCases(t.db, anna, 'open');
    const listed = open.find((c) => c.id === protectionCase.id);
    expect(listed).toMatchObject({
      nre: prescription.nre,
      itemIndex: 1,
      patient: {
        fiscalCode: patient.fiscalCode,
        givenName: patient.givenName,
        familyName: patient.familyName,
      },
      serviceCode: service.code,
      serviceDescription: `Prestazione di prova ${service.code}`,
      state: 'open',
      takenBy: null,
      appointment: null,
    });
  });

  it('lets one back-office operator take a case, and nobody else take or resolve it', async () => {
    const { protectionCase } = await openCase();
    clock.set('2026-11-23T06:05:00Z');
    const taken = await takeProtectionCase(t.db, anna, protectionCase.id);
    expect(taken.takenBy).toEqual({ id: anna.actor!.id, name: 'Anna Back' });
    expect(taken.takenAt?.toISOString()).toBe('2026-11-23T06:05:00.000Z');
    // Taking one's own case again changes nothing.
    clock.set('2026-11-23T06:07:00Z');
    expect((await takeProtectionCase(t.db, anna, protectionCase.id)).takenAt?.toISOString()).toBe(
      '2026-11-23T06:05:00.000Z',
    );
    await expectError(takeProtectionCase(t.db, bruno, protectionCase.id), 'CONFLICT', 'id');
    await expectError(
      resolveProtectionCase(t.db, bruno, protectionCase.id, { reason: 'not mine' }),
      'CONFLICT',
      'id',
    );
    await expectError(takeProtectionCase(t.db, anna, randomUUID()), 'NOT_FOUND', 'id');
  });

  it('gives a case to exactly one of two operators taking it at once', async () => {
    const { protectionCase } = await openCase();
    const results = await Promise.allSettled([
      takeProtectionCase(t.db, anna, protectionCase.id),
      takeProtectionCase(t.db, bruno, protectionCase.id),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected')?.reason as AppError;
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toBe('another operator has taken this case');
    const [now] = (await listProtectionCases(t.db, anna, 'open')).filter((c) => c.id === protectionCase.id);
    const winner = results.findIndex((r) => r.status === 'fulfilled');
    expect(now?.takenBy?.id).toBe([anna, bruno][winner]!.actor!.id);
  });

  it('refuses to resolve a case not taken yet', async () => {
    const { protectionCase } = await openCase();
    await expectError(
      resolveProtectionCase(t.db, anna, protectionCase.id, { reason: 'declined' }),
      'CONFLICT',
      'id',
    );
  });

  it('resolves a case with the appointment booked for its item, and only with that one', async () => {
    const { service, prescription, protectionCase, patient } = await openCase();
    const other = await openCase();
    await takeProtectionCase(t.db, anna, protectionCase.id);
    const ops = { holdTtlSeconds: 300 };
    const slots = await findAvailability(t.db, anna, { service: service.code, limit: 2 });
    const { appointment } = await bookAppointment(
      t.db,
      anna,
      {
        nre: prescription.nre,
        fiscalCode: prescription.fiscalCode,
        itemIndex: 1,
        slotId: slots.items[0]!.slotId,
        channel: 'phone',
      },
      ops,
    );
    const otherSlot = (await findAvailability(t.db, anna, { service: other.service.code })).items[0]!;
    const { appointment: elsewhere } = await bookAppointment(
      t.db,
      anna,
      {
        nre: other.prescription.nre,
        fiscalCode: other.prescription.fiscalCode,
        itemIndex: 1,
        slotId: otherSlot.slotId,
        channel: 'phone',
      },
      ops,
    );

    await expectError(
      resolveProtectionCase(t.db, anna, protectionCase.id, {}),
      'INVALID_FIELD',
      'appointmentId',
    );
    await expectError(
      resolveProtectionCase(t.db, anna, protectionCase.id, { appointmentId: appointment.id, reason: 'x' }),
      'INVALID_FIELD',
      'appointmentId',
    );
    await expectError(
      resolveProtectionCase(t.db, anna, protectionCase.id, { appointmentId: elsewhere.id }),
      'INVALID_FIELD',
      'appointmentId',
    );
    await expectError(
      resolveProtectionCase(t.db, anna, protectionCase.id, { reason: '  ' }),
      'INVALID_FIELD',
      'reason',
    );

    clock.set('2026-11-23T06:20:00Z');
    const resolved = await resolveProtectionCase(t.db, anna, protectionCase.id, {
      appointmentId: appointment.id,
    });
    expect(resolved).toMatchObject({
      state: 'resolved',
      appointment: { id: appointment.id, code: appointment.code },
      resolvedBy: { id: anna.actor!.id, name: 'Anna Back' },
      resolutionReason: null,
    });
    expect(resolved.resolvedAt?.toISOString()).toBe('2026-11-23T06:20:00.000Z');
    expect((await listProtectionCases(t.db, anna, 'open')).map((c) => c.id)).not.toContain(protectionCase.id);
    expect((await listProtectionCases(t.db, anna, 'resolved')).map((c) => c.id)).toContain(protectionCase.id);
    await expectError(
      resolveProtectionCase(t.db, anna, protectionCase.id, { reason: 'again' }),
      'INVALID_STATE',
      'id',
    );

    // Taking and resolving are changes to the patient's case: both audited with who and which patient.
    const rows = await t.db
      .selectFrom('audit_event')
      .select(['action', 'actor_id'])
      .where('resource_type', '=', 'ProtectionCase')
      .where('resource_id', '=', protectionCase.id)
      .where('patient_id', '=', patient.id)
      .where('action', '=', 'update')
      .execute();
    expect(rows).toEqual([
      { action: 'update', actor_id: anna.actor!.id },
      { action: 'update', actor_id: anna.actor!.id },
    ]);
  });

  it('closes a case with a reason, and a cancelled appointment does not resolve one', async () => {
    const { protectionCase, service, prescription } = await openCase();
    await takeProtectionCase(t.db, bruno, protectionCase.id);
    const closed = await resolveProtectionCase(t.db, bruno, protectionCase.id, {
      reason: '  Il paziente rinuncia  ',
    });
    expect(closed).toMatchObject({
      state: 'closed',
      resolutionReason: 'Il paziente rinuncia',
      appointment: null,
    });
    expect((await listProtectionCases(t.db, bruno, 'closed')).map((c) => c.id)).toContain(protectionCase.id);

    // A new case for the same item can open again once the first one is closed; a cancelled booking
    // of the item is not a resolution.
    const again = await openProtectionCase(t.db, context(clock), {
      nre: prescription.nre,
      fiscalCode: prescription.fiscalCode,
      itemIndex: 1,
      channel: 'phone',
    });
    expect(again.created).toBe(true);
    await takeProtectionCase(t.db, bruno, again.protectionCase.id);
    const slot = (await findAvailability(t.db, bruno, { service: service.code })).items[0]!;
    const { appointment } = await bookAppointment(
      t.db,
      bruno,
      {
        nre: prescription.nre,
        fiscalCode: prescription.fiscalCode,
        itemIndex: 1,
        slotId: slot.slotId,
        channel: 'phone',
      },
      { holdTtlSeconds: 300 },
    );
    await t.db
      .updateTable('appointment')
      .set({ status: 'cancelled' })
      .where('id', '=', appointment.id)
      .execute();
    await expectError(
      resolveProtectionCase(t.db, bruno, again.protectionCase.id, { appointmentId: appointment.id }),
      'INVALID_FIELD',
      'appointmentId',
    );
  });
});
