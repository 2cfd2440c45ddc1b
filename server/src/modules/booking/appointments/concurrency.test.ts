import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase, type TestDatabase } from '../../../../test/databases.ts';
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
import { retriedTransactions } from '../../../platform/retry.ts';
import {
  type Appointment,
  bookAppointment,
  cancelAppointment,
  moveAppointment,
  placeHold,
} from '../index.ts';

// Real concurrency needs real connections: PostgreSQL only, with a pool of 40 so that most of the
// racing transactions are inside the database at the same time.
const opts = { holdTtlSeconds: 300 };
const CONCURRENT = 60;

interface SlotState {
  id: number;
  capacity: number;
  overbooking: number;
  taken: number;
  live: number;
  holds: number;
}

/** Failure codes of a settled batch; anything that is not an AppError is reported as such. */
function failureCodes(results: PromiseSettledResult<unknown>[]): string[] {
  return results
    .filter((r): r is PromiseRejectedResult => r.status === 'rejected')
    .map((r) => (r.reason instanceof AppError ? r.reason.code : `not an AppError: ${String(r.reason)}`));
}

/** 'HH:MM' after `count` half-hour slots from 08:00. */
const endOfSlots = (count: number) => {
  const minutes = 8 * 60 + 30 * count;
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
};

const fulfilled = <T>(results: PromiseSettledResult<T>[]): T[] =>
  results.filter((r): r is PromiseFulfilledResult<T> => r.status === 'fulfilled').map((r) => r.value);

describe('booking under concurrency on postgres', () => {
  let t: TestDatabase;
  // A Monday morning in winter time, before the agenda opens.
  const clock = new ManualClock('2026-11-23T06:00:00Z');

  beforeAll(async () => {
    t = await createPostgresDatabase(40);
  });
  afterAll(async () => t?.drop());

  async function slotStates(agendaId: string): Promise<SlotState[]> {
    const r = await sql<SlotState>`
      select s.id::int as id, s.capacity, s.overbooking, s.taken,
             (select count(*)::int from appointment a
              where a.slot_id = s.id and a.status in ('booked', 'checked_in')) as live,
             (select count(*)::int from hold h where h.slot_id = s.id) as holds
      from slot s where s.agenda_id = ${agendaId} order by s.start_at`.execute(t.db);
    return r.rows;
  }

  /** taken counts exactly the live appointments and holds of each slot, and never exceeds capacity. */
  async function expectSlotInvariant(agendaId: string) {
    const states = await slotStates(agendaId);
    for (const s of states) {
      expect(s.taken, `slot ${s.id}`).toBe(s.live + s.holds);
      expect(s.taken, `slot ${s.id}`).toBeLessThanOrEqual(s.capacity + s.overbooking);
      expect(s.taken, `slot ${s.id}`).toBeLessThanOrEqual(s.capacity);
    }
    return states;
  }

  /** A prescription item is booked exactly when it has a live appointment. */
  async function expectItemInvariant(prescriptionIds: string[]) {
    const rows = await sql<{ state: string; live: number }>`
      select i.state,
             (select count(*)::int from appointment a
              where a.prescription_id = i.prescription_id and a.item_index = i.item_index
                and a.status in ('booked', 'checked_in')) as live
      from prescription_item i where i.prescription_id = any(${prescriptionIds}::uuid[])`.execute(t.db);
    expect(rows.rows).toHaveLength(prescriptionIds.length);
    for (const r of rows.rows) {
      expect(r.live).toBeLessThanOrEqual(1);
      expect(r.state).toBe(r.live === 1 ? 'booked' : 'open');
    }
  }

  async function scenario(prescriptions: number, slotCount = 5) {
    const place = await makeFacility(t.db);
    const service = await makeService(t.db);
    // Today only: slots of 30 minutes from 08:00 (five by default) of capacity 2, no overbooking.
    const agenda = await makeAgenda(t.db, clock, {
      place,
      services: [service.code],
      rules: [{ startTime: '08:00', endTime: endOfSlots(slotCount), slotMinutes: 30, capacity: 2 }],
      overbookingPerSlot: 0,
      horizonDays: 0,
    });
    const slots = await slotStates(agenda.id);
    expect(slots.map((s) => s.capacity)).toEqual(Array(slotCount).fill(2));
    // One patient per prescription: nobody shares a row lock outside the slots.
    const ps = await Promise.all(
      Array.from({ length: prescriptions }, async () => {
        const patient = await makePatient(t.db);
        return makePrescription(t.db, { patient, services: [service.code] });
      }),
    );
    return { agenda, slotIds: slots.map((s) => s.id), prescriptions: ps };
  }

  it('never books beyond capacity, whoever races for the slots; racing moves and cancels keep the count', async () => {
    const { agenda, slotIds, prescriptions } = await scenario(CONCURRENT);
    const targets = slotIds.slice(0, 3);
    const capacity = targets.length * 2;
    const contexts: RequestContext[] = prescriptions.map(() => context(clock));

    // Round 1: 60 bookings on 3 slots (20 each), half straight to the slot, half through a hold first.
    const round1 = await Promise.allSettled(
      prescriptions.map(async (p, i) => {
        const ctx = contexts[i]!;
        const slotId = targets[i % targets.length]!;
        if (i % 2 === 0)
          return (
            await bookAppointment(
              t.db,
              ctx,
              { nre: p.nre, fiscalCode: p.fiscalCode, itemIndex: 1, slotId, channel: 'phone' },
              opts,
            )
          ).appointment;
        const hold = await placeHold(t.db, ctx, { slotId, nre: p.nre, itemIndex: 1, channel: 'phone' }, opts);
        return (
          await bookAppointment(
            t.db,
            ctx,
            { nre: p.nre, fiscalCode: p.fiscalCode, itemIndex: 1, holdId: hold.id, channel: 'phone' },
            opts,
          )
        ).appointment;
      }),
    );
    const booked = fulfilled(round1);
    expect(booked).toHaveLength(capacity);
    expect(failureCodes(round1)).toEqual(Array(CONCURRENT - capacity).fill('SLOT_TAKEN'));
    expect(new Set(booked.map((a) => a.id)).size).toBe(capacity);
    expect(new Set(booked.map((a) => a.code)).size).toBe(capacity);
    const afterRound1 = await expectSlotInvariant(agenda.id);
    expect(afterRound1.map((s) => s.taken)).toEqual([2, 2, 2, 0, 0]);
    expect(afterRound1.every((s) => s.holds === 0)).toBe(true);
    await expectItemInvariant(prescriptions.map((p) => p.id));

    // Round 2: every booked appointment tries to move to the two free slots (4 places), two of them are
    // cancelled at the same time, and the 54 losers of round 1 race for whatever gets freed.
    const bookedIds = new Set(booked.map((a) => a.nre));
    const losers = prescriptions
      .map((p, i) => ({ p, ctx: contexts[i]! }))
      .filter(({ p }) => !bookedIds.has(p.nre));
    const ctx = context(clock);
    const moves = booked.map((a, i) => moveAppointment(t.db, ctx, a.id, { slotId: slotIds[3 + (i % 2)]! }));
    const cancels = booked
      .slice(0, 2)
      .map((a) =>
        cancelAppointment(t.db, ctx, a.id, { reason: 'the patient called back', channel: 'phone' }),
      );
    const rebookings = losers.map(({ p, ctx: own }, i) =>
      bookAppointment(
        t.db,
        own,
        {
          nre: p.nre,
          fiscalCode: p.fiscalCode,
          itemIndex: 1,
          slotId: slotIds[i % slotIds.length]!,
          channel: 'web',
        },
        opts,
      ),
    );
    const [moved, cancelled, rebooked] = await Promise.all([
      Promise.allSettled(moves),
      Promise.allSettled(cancels),
      Promise.allSettled(rebookings),
    ]);

    // A move fails only because its target is full or the appointment was cancelled first; a cancel
    // never fails (it waits for a concurrent move of the same appointment); a booking only on a full slot.
    expect(
      failureCodes(moved).every((c) => c === 'SLOT_TAKEN' || c === 'INVALID_STATE'),
      failureCodes(moved).join(),
    ).toBe(true);
    expect(failureCodes(cancelled)).toEqual([]);
    expect(
      failureCodes(rebooked).every((c) => c === 'SLOT_TAKEN'),
      failureCodes(rebooked).join(),
    ).toBe(true);

    const states = await expectSlotInvariant(agenda.id);
    const live = states.reduce((n, s) => n + s.live, 0);
    expect(live).toBe(capacity - fulfilled(cancelled).length + fulfilled(rebooked).length);
    // Four free places take moves; an appointment that moved there and was then cancelled gives its
    // place to one more move (the cancels race the moves), so at most one more per cancel.
    expect(fulfilled(moved).length).toBeLessThanOrEqual(4 + fulfilled(cancelled).length);
    expect(live).toBeLessThanOrEqual(slotIds.length * 2);
    await expectItemInvariant(prescriptions.map((p) => p.id));

    // What the database says about each appointment agrees with the slot counts.
    const appointments = await t.db
      .selectFrom('appointment')
      .select(['id', 'slot_id', 'status'])
      .where('agenda_id', '=', agenda.id)
      .execute();
    for (const c of fulfilled(cancelled)) {
      expect(appointments.find((a) => a.id === c.id)?.status).toBe('cancelled');
    }
    for (const m of fulfilled(moved)) {
      const row = appointments.find((a) => a.id === m.id)!;
      expect([String(slotIds[3]), String(slotIds[4])]).toContain(String(row.slot_id));
    }
  });

  it('creates one appointment for ten concurrent calls with the same Idempotency-Key', async () => {
    const { agenda, slotIds, prescriptions } = await scenario(1);
    const [p] = prescriptions;
    const ctx = context(clock);
    const input = {
      nre: p!.nre,
      fiscalCode: p!.fiscalCode,
      itemIndex: 1,
      slotId: slotIds[0]!,
      channel: 'phone' as const,
    };
    const o = { ...opts, idempotencyKey: 'race-key-0001', requestHash: 'same-body' };
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => bookAppointment(t.db, ctx, input, o)),
    );

    expect(failureCodes(results)).toEqual([]);
    const values = fulfilled(results);
    expect(values).toHaveLength(10);
    expect(new Set(values.map((v) => v.appointment.id)).size).toBe(1);
    expect(values.filter((v) => !v.replayed)).toHaveLength(1);
    // The replays carry the same appointment, dates revived.
    const first = values.find((v) => !v.replayed)!.appointment;
    for (const v of values) expect(v.appointment).toEqual(first);

    const rows = await t.db
      .selectFrom('appointment')
      .select('id')
      .where('prescription_id', '=', p!.id)
      .execute();
    expect(rows.map((r) => r.id)).toEqual([first.id]);
    const states = await expectSlotInvariant(agenda.id);
    expect(states[0]!.taken).toBe(1);
    await expectItemInvariant([p!.id]);
  });

  // The prescription and its items are read and locked by one statement: a booking that waited for
  // another one on the same prescription must see the item that one booked, and answer CONFLICT.
  it('books one prescription item once when ten calls race for it into different slots', async () => {
    const { agenda, slotIds, prescriptions } = await scenario(1);
    const [p] = prescriptions;
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        bookAppointment(
          t.db,
          context(clock),
          {
            nre: p!.nre,
            fiscalCode: p!.fiscalCode,
            itemIndex: 1,
            slotId: slotIds[i % slotIds.length]!,
            channel: 'phone',
          },
          opts,
        ),
      ),
    );
    expect(fulfilled(results)).toHaveLength(1);
    expect(failureCodes(results)).toEqual(Array(9).fill('CONFLICT'));
    const states = await expectSlotInvariant(agenda.id);
    expect(states.reduce((n, s) => n + s.taken, 0)).toBe(1);
    await expectItemInvariant([p!.id]);
  });

  // Regression: a move that locked the new slot first and the old one second deadlocked with a move in
  // the opposite direction (PostgreSQL aborted one with 40P01); moves now lock both slots in id order.
  // The interleaving is forced by holding the slot rows in a third transaction until every move waits
  // on them; five independent swaps make it certain that at least one pair would interleave badly.
  it('moves appointments in opposite directions without a deadlock', async () => {
    const PAIRS = 5;
    const { agenda, slotIds, prescriptions } = await scenario(2 * PAIRS, 2 * PAIRS);
    const ctx = context(clock);
    const booked = await Promise.all(
      prescriptions.map(
        async (p, i) =>
          (
            await bookAppointment(
              t.db,
              ctx,
              { nre: p.nre, fiscalCode: p.fiscalCode, itemIndex: 1, slotId: slotIds[i]!, channel: 'phone' },
              opts,
            )
          ).appointment,
      ),
    );
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const blocker = t.db.transaction().execute(async (tx) => {
      await sql`select id from slot where agenda_id = ${agenda.id} order by id for update`.execute(tx);
      locked();
      await released;
    });
    await isLocked;
    // Slot 2k's appointment moves to slot 2k+1 and the other way round.
    const swaps: Promise<Appointment>[] = booked.map((a, i) =>
      moveAppointment(t.db, ctx, a.id, { slotId: slotIds[i % 2 === 0 ? i + 1 : i - 1]! }),
    );
    // Wait until every move is queued on a slot row lock, then let them all go at the same time.
    for (let i = 0; i < 600; i++) {
      const r = await sql<{ n: number }>`
        select count(*)::int as n from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid() and wait_event_type = 'Lock'`.execute(
        t.db,
      );
      if (r.rows[0]!.n >= swaps.length) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    release();
    await blocker;
    const results = await Promise.allSettled(swaps);
    await expectSlotInvariant(agenda.id);
    expect(failureCodes(results)).toEqual([]);
  });
});

describe('lock order and races on one prescription, on postgres', () => {
  let t: TestDatabase;
  const clock = new ManualClock('2026-11-23T06:00:00Z');
  beforeAll(async () => {
    t = await createPostgresDatabase(20);
  });
  afterAll(async () => t?.drop());

  /** Waits until `n` other sessions of this database wait on a lock. */
  async function waitForLockWaiters(n: number) {
    for (let i = 0; i < 800; i++) {
      const r = await sql<{ n: number }>`
        select count(*)::int as n from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid() and wait_event_type = 'Lock'`.execute(
        t.db,
      );
      if (r.rows[0]!.n >= n) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`fewer than ${n} sessions ever waited on a lock`);
  }

  /** A prescription of `items` items of one service and an agenda of today with a slot of `capacity` places. */
  async function onePrescriptionOneSlot(items: number, capacity: number) {
    const place = await makeFacility(t.db);
    const service = await makeService(t.db);
    const agenda = await makeAgenda(t.db, clock, {
      place,
      services: [service.code],
      rules: [{ startTime: '08:00', endTime: '09:00', slotMinutes: 30, capacity }],
      horizonDays: 0,
    });
    const patient = await makePatient(t.db);
    const p = await makePrescription(t.db, { patient, services: Array(items).fill(service.code) });
    const slots = await t.db
      .selectFrom('slot')
      .select('id')
      .where('agenda_id', '=', agenda.id)
      .orderBy('start_at')
      .execute();
    return { p, agenda, slotIds: slots.map((s) => Number(s.id)) };
  }

  // Booking locks the prescription, then the slot; cancel used to lock the slot, then the
  // prescription. The interleaving that deadlocked is forced: a third transaction holds the slot row
  // until the cancel and then the booking (holding the prescription) both wait.
  it('races cancel of item 1 and booking of item 2 into one multi-place slot without a deadlock', async () => {
    const { p, slotIds } = await onePrescriptionOneSlot(2, 3);
    const ctx = context(clock);
    const input = (itemIndex: number) => ({
      nre: p.nre,
      fiscalCode: p.fiscalCode,
      itemIndex,
      slotId: slotIds[0]!,
      channel: 'phone' as const,
    });
    const first = (await bookAppointment(t.db, ctx, input(1), opts)).appointment;
    const retriedBefore = retriedTransactions();
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const blocker = t.db.transaction().execute(async (tx) => {
      await sql`select id from slot where id = ${slotIds[0]} for update`.execute(tx);
      locked();
      await released;
    });
    await isLocked;
    // The cancel queues on the slot first; the booking then takes the prescription and queues behind it.
    // Cancelling slot-first, the cancel would get the slot and wait for the prescription: a deadlock.
    const cancel = cancelAppointment(t.db, context(clock), first.id, {
      reason: 'disdetta',
      channel: 'phone',
    });
    await waitForLockWaiters(1);
    const booking = bookAppointment(t.db, context(clock), input(2), opts);
    await waitForLockWaiters(2);
    release();
    await blocker;
    const results = await Promise.allSettled([booking, cancel]);
    expect(failureCodes(results)).toEqual([]);
    // No transaction had to be run again: the lock order, not the retry, avoided the deadlock.
    expect(retriedTransactions()).toBe(retriedBefore);
    const slot = await t.db
      .selectFrom('slot')
      .select('taken')
      .where('id', '=', String(slotIds[0]))
      .executeTakeFirstOrThrow();
    expect(slot.taken).toBe(1);
  });

  it('races cancels and bookings of one prescription into one slot, round after round, without errors', async () => {
    const { p, slotIds } = await onePrescriptionOneSlot(8, 8);
    const ctx = context(clock);
    const book = (itemIndex: number) =>
      bookAppointment(
        t.db,
        context(clock),
        { nre: p.nre, fiscalCode: p.fiscalCode, itemIndex, slotId: slotIds[0]!, channel: 'phone' },
        opts,
      ).then((r) => r.appointment);
    let live = await Promise.all([1, 2, 3, 4].map((i) => book(i)));
    let free = [5, 6, 7, 8];
    for (let round = 0; round < 4; round++) {
      const results = await Promise.allSettled([
        ...live.map((a) => cancelAppointment(t.db, ctx, a.id, { reason: 'disdetta', channel: 'phone' })),
        ...free.map((i) => book(i)),
      ]);
      expect(failureCodes(results)).toEqual([]);
      const nextFree = live.map((a) => a.itemIndex);
      live = fulfilled(results.slice(live.length) as PromiseSettledResult<Appointment>[]);
      free = nextFree;
    }
    const slot = await t.db
      .selectFrom('slot')
      .select('taken')
      .where('id', '=', String(slotIds[0]))
      .executeTakeFirstOrThrow();
    expect(slot.taken).toBe(4);
  });

  // Issue 9 §5: the locking read joined the appointment to its agenda and facility; a move committed
  // meanwhile changed those keys, the re-check found no row, and the loser answered 404.
  it('never answers 404 to a cancel or move racing a move of the same appointment', async () => {
    const { p, slotIds } = await onePrescriptionOneSlot(1, 1);
    const place = await makeFacility(t.db);
    const service = await t.db
      .selectFrom('prescription_item')
      .select('service_code')
      .where('prescription_id', '=', p.id)
      .executeTakeFirstOrThrow();
    // Other agendas and facilities, so a move changes agenda_id and facility_id.
    const elsewhere = await makeAgenda(t.db, clock, {
      place,
      services: [service.service_code],
      rules: [{ startTime: '08:00', endTime: '12:00', slotMinutes: 30, capacity: 1 }],
      horizonDays: 0,
    });
    const targets = (
      await t.db
        .selectFrom('slot')
        .select('id')
        .where('agenda_id', '=', elsewhere.id)
        .orderBy('start_at')
        .execute()
    ).map((s) => Number(s.id));
    const ctx = context(clock);
    const a = (
      await bookAppointment(
        t.db,
        ctx,
        { nre: p.nre, fiscalCode: p.fiscalCode, itemIndex: 1, slotId: slotIds[0]!, channel: 'phone' },
        opts,
      )
    ).appointment;
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => {
      locked = resolve;
    });
    // Hold the appointment row so that the move and the cancel both queue behind it.
    const blocker = t.db.transaction().execute(async (tx) => {
      await sql`select id from appointment where id = ${a.id} for update`.execute(tx);
      locked();
      await released;
    });
    await isLocked;
    const move = moveAppointment(t.db, context(clock), a.id, { slotId: targets[0]! });
    await waitForLockWaiters(1);
    const moveAgain = moveAppointment(t.db, context(clock), a.id, { slotId: targets[1]! });
    const cancel = cancelAppointment(t.db, context(clock), a.id, { reason: 'disdetta', channel: 'phone' });
    await waitForLockWaiters(3);
    release();
    await blocker;
    const results = await Promise.allSettled([move, moveAgain, cancel]);
    expect(failureCodes(results).filter((c) => c === 'NOT_FOUND' || c.startsWith('not an AppError'))).toEqual(
      [],
    );
    expect(results.filter((r) => r.status === 'fulfilled').length).toBeGreaterThanOrEqual(2);
  });

  it('caps one operator at five live holds even when the holds race', async () => {
    const { p } = await onePrescriptionOneSlot(1, 1);
    const place = await makeFacility(t.db);
    const service = await t.db
      .selectFrom('prescription_item')
      .select('service_code')
      .where('prescription_id', '=', p.id)
      .executeTakeFirstOrThrow();
    const agenda = await makeAgenda(t.db, clock, {
      place,
      services: [service.service_code],
      rules: [{ startTime: '08:00', endTime: '14:00', slotMinutes: 30, capacity: 2 }],
      horizonDays: 0,
    });
    const slotIds = (
      await t.db
        .selectFrom('slot')
        .select('id')
        .where('agenda_id', '=', agenda.id)
        .orderBy('start_at')
        .execute()
    ).map((s) => Number(s.id));
    const operator = context(clock);
    const results = await Promise.allSettled(
      slotIds.map((slotId) =>
        placeHold(t.db, operator, { slotId, nre: p.nre, itemIndex: 1, channel: 'phone' }, opts),
      ),
    );
    expect(slotIds.length).toBeGreaterThan(10);
    expect(fulfilled(results)).toHaveLength(5);
    expect(new Set(failureCodes(results))).toEqual(new Set(['CONFLICT']));
    const live = await t.db
      .selectFrom('hold')
      .select('id')
      .where('actor_id', '=', operator.actor!.id)
      .execute();
    expect(live).toHaveLength(5);
  });
});
