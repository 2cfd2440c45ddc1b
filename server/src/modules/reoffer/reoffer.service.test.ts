import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DRIVERS, type TestDatabase } from '../../../test/databases.ts';
import {
  context,
  makeAgenda,
  makeFacility,
  makePatient,
  makePrescription,
  makeService,
} from '../../../test/factories.ts';
import { addDays, romeDate } from '../../platform/calendar.ts';
import { ManualClock } from '../../platform/clock.ts';
import type { AppError } from '../../platform/errors.ts';
import { bookAppointment, cancelAppointment, getAppointment } from '../booking/index.ts';
import { DEFAULT_WINDOW } from '../messaging/index.ts';
import type { Patient } from '../registry/index.ts';
import { acceptOffer, declineOffer, offerPage } from './offers.service.ts';
import { offerRound, runReoffer } from './reoffer.service.ts';
import type { ReofferSettings } from './reoffer.types.ts';
import { parseFromDays } from './rules/reoffer.ts';

const base: ReofferSettings = {
  rules: {
    fromDays: parseFromDays('visit=31,instrumental=61'),
    batch: 1,
    expiryMinutes: 120,
    minNoticeHours: 24,
    refusalForfeitsGuarantee: false,
  },
  window: DEFAULT_WINDOW,
  publicUrl: 'https://cup.example',
  linkSecret: 'test-secret-test-secret-test-secret-!!',
};

const tokenOf = (text: string) => {
  const m = /\/o\/([A-Za-z0-9._-]+)/.exec(text);
  if (!m) throw new Error(`no offer link in: ${text}`);
  return m[1]!;
};

describe.each(DRIVERS)('re-offer of freed slots on $name', ({ create }) => {
  let t: TestDatabase;
  // Monday 7 December 2026, 10:00 in Rome: inside the SMS window.
  const clock = new ManualClock('2026-12-07T09:00:00Z');
  const opts = { holdTtlSeconds: 300 };
  beforeAll(async () => {
    t = await create();
  });
  afterAll(async () => {
    await t?.drop();
  });
  beforeEach(() => clock.set('2026-12-07T09:00:00Z'));

  /** One service offered by two facilities, in two districts; agendas open for 90 days. */
  async function region(kind: 'visit' | 'instrumental' | 'lab' = 'visit') {
    const service = await makeService(t.db, { kind });
    const near = await makeFacility(t.db, 'Distretto Potenza');
    const far = await makeFacility(t.db, 'Distretto Lagonegro');
    const nearAgenda = await makeAgenda(t.db, clock, {
      place: near,
      services: [service.code],
      horizonDays: 90,
    });
    const farAgenda = await makeAgenda(t.db, clock, {
      place: far,
      services: [service.code],
      horizonDays: 90,
    });
    return { service, near, far, agendas: { near: nearAgenda.id, far: farAgenda.id } };
  }

  /** A patient booked in the first free slot of the agenda `daysAhead` Rome days from today, 08:00. */
  function booked(
    r: Awaited<ReturnType<typeof region>>,
    where: 'near' | 'far',
    daysAhead: number,
    patient: Partial<Patient> = {},
  ) {
    return bookedIn(r.agendas[where], r.service.code, daysAhead, patient);
  }

  async function bookedIn(
    agendaId: string,
    serviceCode: string,
    daysAhead: number,
    patient: Partial<Patient> = {},
  ) {
    const day = addDays(romeDate(clock.now()), daysAhead);
    const slot = await t.db
      .selectFrom('slot')
      .where('agenda_id', '=', agendaId)
      .where('start_at', '>=', new Date(`${day}T00:00:00Z`))
      .whereRef('taken', '<', 'capacity')
      .select(['id', 'start_at'])
      .orderBy('start_at')
      .limit(1)
      .executeTakeFirstOrThrow();
    const p = await makePatient(t.db, { phone: `+39333${String(Math.random()).slice(2, 9)}`, ...patient });
    const prescription = await makePrescription(t.db, { patient: p, services: [serviceCode] });
    const { appointment } = await bookAppointment(
      t.db,
      context(clock),
      {
        nre: prescription.nre,
        fiscalCode: p.fiscalCode,
        itemIndex: 1,
        slotId: Number(slot.id),
        channel: 'phone',
      },
      opts,
    );
    return { appointment, patient: p, slotId: slot.id };
  }

  const offersTo = (appointmentId: string) =>
    t.db
      .selectFrom('reoffer_offer')
      .where('appointment_id', '=', appointmentId)
      .selectAll()
      .orderBy('offered_at')
      .execute();
  const messagesTo = (appointmentId: string, kind = 'reoffer') =>
    t.db
      .selectFrom('outreach_message')
      .where('appointment_id', '=', appointmentId)
      .where('kind', '=', kind as 'reoffer')
      .selectAll()
      .orderBy('created_at')
      .execute();
  /** The offer message about the place of this slot (a patient may be offered several places in turn). */
  async function offerMessage(appointmentId: string, slotId: string) {
    const place = await placeOf(slotId);
    const offer = (await offersTo(appointmentId)).find((o) => o.place_id === place.id);
    if (!offer) throw new Error('no offer of this place to this appointment');
    const m = (await messagesTo(appointmentId)).find((x) => x.ref === offer.ref);
    return m!.text;
  }
  const placeOf = (slotId: string) =>
    t.db
      .selectFrom('reoffer_place')
      .selectAll()
      .where('slot_id', '=', slotId)
      .orderBy('freed_at', 'desc')
      .executeTakeFirstOrThrow();
  /** A patient booked at the desk into this very slot (the place taken through another channel). */
  async function bookedAtDesk(serviceCode: string, slotId: string) {
    const walkIn = await makePatient(t.db);
    const rx = await makePrescription(t.db, { patient: walkIn, services: [serviceCode] });
    await bookAppointment(
      t.db,
      context(clock),
      { nre: rx.nre, fiscalCode: walkIn.fiscalCode, itemIndex: 1, slotId: Number(slotId), channel: 'desk' },
      opts,
    );
  }
  const cancel = (id: string) =>
    cancelAppointment(t.db, context(clock), id, { reason: 'il paziente non può venire', channel: 'phone' });
  const ctx = () => context(clock, []);

  it('offers a freed place to the patient booked furthest out in its district, one at a time, and each refusal passes it on', async () => {
    const r = await region();
    const freed = await booked(r, 'near', 10);
    const later = await booked(r, 'near', 40);
    const latest = await booked(r, 'near', 50);
    const otherDistrict = await booked(r, 'far', 70);
    const tooSoon = await booked(r, 'near', 25); // under the 31 days of a visit
    const stopped = await booked(r, 'near', 60, { phone: null, email: null });

    await cancel(freed.appointment.id);
    const tick = await runReoffer(t.db, clock, base);
    expect(tick.freed).toBe(1);
    expect(tick.rounds.offered).toBe(1);

    // Same district first, then the longest wait: the day-50 patient, not the day-70 one of another district.
    const first = await offersTo(latest.appointment.id);
    expect(first).toHaveLength(1);
    expect(first[0]!.status).toBe('offered');
    expect(new Date(first[0]!.expires_at).toISOString()).toBe('2026-12-07T11:00:00.000Z'); // 2 h
    for (const x of [later, otherDistrict, tooSoon, stopped])
      expect(await offersTo(x.appointment.id)).toEqual([]);
    const [sms] = await messagesTo(latest.appointment.id);
    expect(sms!.recipient).toBe(latest.patient.phone);
    expect(sms!.text).toContain('Si è liberato un posto');
    // The place (Thursday 17 December, 08:00), the appointment it replaces (Tuesday 26 January), until when.
    expect(sms!.text).toContain('gio 17/12 ore 08:00');
    expect(sms!.text).toContain('(ora ha mar 26/01 ore 08:00)');
    expect(sms!.text).toContain('entro lun 07/12 ore 12:00');

    // Read again (the cursor waits for late commits): nothing offered twice.
    const again = await runReoffer(t.db, clock, base);
    expect(again.rounds.offered).toBe(0);
    expect(await offersTo(latest.appointment.id)).toHaveLength(1);

    // The page shows the place and the appointment it would replace, and nothing about the patient.
    const token = tokenOf(sms!.text);
    const page = await offerPage(t.db, ctx(), base, token);
    expect(page).toMatchObject({ status: 'offered', code: latest.appointment.code });
    expect(page.start).toBe(freed.appointment.start.toISOString());
    expect(page.currentStart).toBe(latest.appointment.start.toISOString());
    expect(JSON.stringify(page)).not.toContain(latest.patient.fiscalCode);

    // Declined with a reason: the next in line (day 40, same district) is offered it at once.
    const declined = await declineOffer(t.db, ctx(), base, token, 'time');
    expect(declined.status).toBe('declined');
    const [d] = await offersTo(latest.appointment.id);
    expect(d).toMatchObject({
      status: 'declined',
      decline_reason: 'time',
      within_guarantee: true,
      guarantee_forfeited: false,
    });
    expect((await getAppointment(t.db, context(clock), latest.appointment.id)).start).toEqual(
      latest.appointment.start,
    );
    const [second] = await offersTo(later.appointment.id);
    expect(second!.status).toBe('offered');
    // A second answer to the same offer changes nothing and says why.
    await expect(acceptOffer(t.db, ctx(), base, token)).rejects.toMatchObject({ code: 'INVALID_STATE' });

    // Accepted: the day-40 appointment moves into the freed place (same booking code, new version) ...
    const [sms2] = await messagesTo(later.appointment.id);
    const accepted = await acceptOffer(t.db, ctx(), base, tokenOf(sms2!.text));
    expect(accepted.status).toBe('accepted');
    const moved = await getAppointment(t.db, context(clock), later.appointment.id);
    expect(moved.start).toEqual(freed.appointment.start);
    expect(moved.code).toBe(later.appointment.code);
    expect(moved.version).toBe(later.appointment.version + 1);
    const place = await t.db
      .selectFrom('reoffer_place')
      .selectAll()
      .where('slot_id', '=', freed.slotId)
      .executeTakeFirstOrThrow();
    expect(place).toMatchObject({ status: 'taken', taken_by: later.appointment.id, depth: 0 });

    // ... and the place it freed (day 40) is offered in turn, in the same chain: the day-50 patient, who
    // turned down the first place, is first in line for this one.
    const chained = await runReoffer(t.db, clock, base);
    expect(chained).toMatchObject({ freed: 1, rounds: { offered: 1 } });
    const next = await t.db
      .selectFrom('reoffer_place')
      .selectAll()
      .where('slot_id', '=', later.slotId)
      .executeTakeFirstOrThrow();
    expect(next).toMatchObject({ chain_id: place.chain_id, depth: 1, status: 'offering' });
    const [third] = (await offersTo(latest.appointment.id)).filter((o) => o.place_id === next.id);
    expect(third!.status).toBe('offered');

    // Nobody answers in two hours: expired, and the next (day 70, another district) is offered it.
    clock.advance(2 * 3_600_000 + 1000);
    const expired = await runReoffer(t.db, clock, base);
    expect(expired.expired).toBe(1);
    expect((await offersTo(latest.appointment.id)).find((o) => o.place_id === next.id)!.status).toBe(
      'expired',
    );
    const [fourth] = await offersTo(otherDistrict.appointment.id);
    expect(fourth).toMatchObject({ place_id: next.id, status: 'offered' });
    // The day-25 patient never: under 31 days. Once the list runs out the place stays for anyone.
    clock.advance(2 * 3_600_000 + 1000);
    const out = await runReoffer(t.db, clock, base);
    expect(out.rounds.exhausted).toBe(1);
    expect(await offersTo(tooSoon.appointment.id)).toEqual([]);
    const end = await t.db
      .selectFrom('reoffer_place')
      .select('status')
      .where('id', '=', next.id)
      .executeTakeFirstOrThrow();
    expect(end.status).toBe('exhausted');
  });

  it('offers to a batch: the first to accept takes the place, the other is told it is gone and keeps the booking', async () => {
    const r = await region();
    const freed = await booked(r, 'near', 12);
    const a = await booked(r, 'near', 45);
    const b = await booked(r, 'near', 40);
    await cancel(freed.appointment.id);
    const batch = { ...base, rules: { ...base.rules, batch: 2 } };
    await runReoffer(t.db, clock, batch);
    const [ma] = await messagesTo(a.appointment.id);
    const [mb] = await messagesTo(b.appointment.id);
    // Both submitted (as the sender would), so the loser gets a withdrawal message.
    await t.db
      .updateTable('outreach_message')
      .set({ status: 'submitted' })
      .where('kind', '=', 'reoffer')
      .execute();
    // Both answer at the same moment: the conditional take lets exactly one in.
    const results = await Promise.allSettled([
      acceptOffer(t.db, ctx(), batch, tokenOf(ma!.text)),
      acceptOffer(t.db, ctx(), batch, tokenOf(mb!.text)),
    ]);
    const won = results.filter((x) => x.status === 'fulfilled');
    const lost = results.filter((x) => x.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(((lost[0] as PromiseRejectedResult).reason as AppError).code).toBe('CONFLICT');
    const starts = await Promise.all(
      [a, b].map(async (x) => (await getAppointment(t.db, context(clock), x.appointment.id)).start.getTime()),
    );
    const inPlace = starts.filter((s) => s === freed.appointment.start.getTime());
    expect(inPlace).toHaveLength(1);
    const taken = await t.db
      .selectFrom('slot')
      .select(['taken', 'capacity'])
      .where('id', '=', freed.slotId)
      .executeTakeFirstOrThrow();
    expect(taken.taken).toBe(1);
    const loser = starts[0] === freed.appointment.start.getTime() ? b : a;
    const [lo] = await offersTo(loser.appointment.id);
    expect(lo!.status).toBe('gone');
    expect(await getAppointment(t.db, context(clock), loser.appointment.id)).toMatchObject({
      start: loser.appointment.start,
      status: 'booked',
    });
  });

  it('tells the rest of a batch when the place is taken, and withdraws a place booked meanwhile by another channel', async () => {
    const r = await region();
    const freed = await booked(r, 'near', 12);
    const a = await booked(r, 'near', 45);
    const b = await booked(r, 'near', 40);
    await cancel(freed.appointment.id);
    const batch = { ...base, rules: { ...base.rules, batch: 2 } };
    await runReoffer(t.db, clock, batch);
    await t.db
      .updateTable('outreach_message')
      .set({ status: 'submitted' })
      .where('kind', '=', 'reoffer')
      .execute();
    const [ma] = await messagesTo(a.appointment.id);
    await acceptOffer(t.db, ctx(), batch, tokenOf(ma!.text));
    const [gone] = await messagesTo(b.appointment.id, 'reoffer-gone');
    expect(gone!.text).toContain('è stato assegnato');
    expect((await offersTo(b.appointment.id))[0]!.status).toBe('gone');

    // Another freed place (another service), offered; then booked at the desk before anyone answers.
    const r2 = await region();
    const freed2 = await booked(r2, 'near', 14);
    const c = await booked(r2, 'near', 50);
    await cancel(freed2.appointment.id);
    await runReoffer(t.db, clock, base);
    const mc = await offerMessage(c.appointment.id, freed2.slotId);
    await bookedAtDesk(r2.service.code, freed2.slotId);
    await expect(acceptOffer(t.db, ctx(), base, tokenOf(mc))).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    const p2 = await placeOf(freed2.slotId);
    expect((await offersTo(c.appointment.id)).find((o) => o.place_id === p2.id)!.status).toBe('gone');
    expect((await getAppointment(t.db, context(clock), c.appointment.id)).start).toEqual(c.appointment.start);
    await runReoffer(t.db, clock, base);
    expect((await placeOf(freed2.slotId)).status).toBe('withdrawn');
  });

  it('does not re-offer lab tests nor a place too close to plan for, and forfeits the guarantee on refusal only where the region says so', async () => {
    const lab = await region('lab');
    const lf = await booked(lab, 'near', 10);
    const lc = await booked(lab, 'near', 50);
    await cancel(lf.appointment.id);
    await runReoffer(t.db, clock, base);
    expect((await placeOf(lf.slotId)).status).toBe('exhausted');
    expect(await offersTo(lc.appointment.id)).toEqual([]);

    const r = await region();
    // Tomorrow is 8 December (a national holiday, no slots): the first place is Wednesday 9 at 08:00,
    // 44 h after an offer made now would expire (12:00 today) — under a notice of 48 h.
    const soon = await booked(r, 'near', 1);
    expect(soon.appointment.start.toISOString()).toBe('2026-12-09T07:00:00.000Z');
    const far = await booked(r, 'near', 60);
    await cancel(soon.appointment.id);
    await runReoffer(t.db, clock, { ...base, rules: { ...base.rules, minNoticeHours: 48 } });
    expect((await placeOf(soon.slotId)).status).toBe('exhausted');
    expect(await offersTo(far.appointment.id)).toEqual([]);

    const strict = { ...base, rules: { ...base.rules, refusalForfeitsGuarantee: true } };
    const f = await booked(r, 'near', 9);
    await cancel(f.appointment.id);
    await runReoffer(t.db, clock, strict);
    await declineOffer(
      t.db,
      ctx(),
      strict,
      tokenOf(await offerMessage(far.appointment.id, f.slotId)),
      'keep-current',
    );
    expect((await offersTo(far.appointment.id))[0]).toMatchObject({
      within_guarantee: true,
      guarantee_forfeited: true,
    });
  });

  it('refuses a link that is tampered with, and an offer whose appointment was moved since', async () => {
    const r = await region();
    const freed = await booked(r, 'near', 11);
    const x = await booked(r, 'near', 55);
    await cancel(freed.appointment.id);
    await runReoffer(t.db, clock, base);
    const token = tokenOf(await offerMessage(x.appointment.id, freed.slotId));
    const forged = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    await expect(offerPage(t.db, ctx(), base, forged)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      field: 'token',
    });
    const other = `${'Z'.repeat(10)}${token.slice(10)}`;
    await expect(acceptOffer(t.db, ctx(), base, other)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // The patient moved the appointment by phone meanwhile: the offer no longer fits it.
    const { moveAppointment } = await import('../booking/index.ts');
    const later = await t.db
      .selectFrom('slot')
      .where('agenda_id', '=', r.agendas.near)
      .where('start_at', '>', new Date(x.appointment.start.getTime() + 86_400_000))
      .whereRef('taken', '<', 'capacity')
      .select('id')
      .orderBy('start_at')
      .limit(1)
      .executeTakeFirstOrThrow();
    await moveAppointment(t.db, context(clock), x.appointment.id, { slotId: Number(later.id) });
    await expect(acceptOffer(t.db, ctx(), base, token)).rejects.toMatchObject({ code: 'CONFLICT' });
    const place = await placeOf(freed.slotId);
    expect((await offersTo(x.appointment.id)).find((o) => o.place_id === place.id)!.status).toBe('gone');
    // Its next round finds nobody else booked further out for this service: the place stays for anyone.
    expect(await offerRound(t.db, clock, base, place.id)).toBe('exhausted');
  });

  it('prefers a nearer facility of the district to a longer wait, and the district to a nearer facility beyond it', async () => {
    const service = await makeService(t.db, { kind: 'visit' });
    const agendaAt = async (district: string, latitude: number) => {
      const place = await makeFacility(t.db, district);
      await t.db
        .updateTable('facility')
        .set({ latitude, longitude: 15.8 })
        .where('id', '=', place.facilityId)
        .execute();
      return (await makeAgenda(t.db, clock, { place, services: [service.code], horizonDays: 100 })).id;
    };
    const here = await agendaAt('Distretto Potenza', 40.64);
    const close = await agendaAt('Distretto Potenza', 40.7); // ~7 km
    const far = await agendaAt('Distretto Potenza', 41.2); // ~60 km
    const beyond = await agendaAt('Distretto Lagonegro', 40.65); // ~1 km, another district
    const freed = await bookedIn(here, service.code, 10);
    const closeBy = await bookedIn(close, service.code, 40);
    const farAway = await bookedIn(far, service.code, 80);
    const otherDistrict = await bookedIn(beyond, service.code, 90);
    await cancel(freed.appointment.id);
    const order: string[] = [];
    for (let i = 0; i < 3; i++) {
      await runReoffer(t.db, clock, base);
      const place = await placeOf(freed.slotId);
      const open = await t.db
        .selectFrom('reoffer_offer')
        .where('place_id', '=', place.id)
        .where('status', '=', 'offered')
        .select(['appointment_id'])
        .executeTakeFirstOrThrow();
      order.push(open.appointment_id);
      await declineOffer(
        t.db,
        ctx(),
        base,
        tokenOf(await offerMessage(open.appointment_id, freed.slotId)),
        'place',
      );
    }
    expect(order).toEqual([closeBy.appointment.id, farAway.appointment.id, otherDistrict.appointment.id]);
  });

  it('forgets settled places and their offers past the retention period, never one still offered', async () => {
    const r = await region();
    const freed = await booked(r, 'near', 10);
    await booked(r, 'near', 50);
    await cancel(freed.appointment.id);
    await runReoffer(t.db, clock, base);
    const place = await placeOf(freed.slotId);
    expect(place.status).toBe('offering');
    const later = new Date(clock.now().getTime() + 1000);
    const { purgeReoffers } = await import('./reoffer.repository.ts');
    await purgeReoffers(t.db, later);
    expect((await placeOf(freed.slotId)).id).toBe(place.id);
    await t.db.updateTable('reoffer_place').set({ status: 'exhausted' }).where('id', '=', place.id).execute();
    expect(await purgeReoffers(t.db, later)).toBeGreaterThanOrEqual(2); // the place and its offer
    const left = await t.db
      .selectFrom('reoffer_offer')
      .where('place_id', '=', place.id)
      .select('id')
      .execute();
    expect(left).toEqual([]);
  });

  it('withdraws a place booked elsewhere while on offer at the next pass, and tells the patient within the SMS hours', async () => {
    const r = await region();
    const freed = await booked(r, 'near', 13);
    const x = await booked(r, 'near', 47);
    await cancel(freed.appointment.id);
    await runReoffer(t.db, clock, base);
    await t.db
      .updateTable('outreach_message')
      .set({ status: 'submitted' })
      .where('kind', '=', 'reoffer')
      .execute();
    await bookedAtDesk(r.service.code, freed.slotId);
    // 22:30 in Rome on Monday 7: the withdrawal's SMS waits for 08:00 — on Wednesday 9, as the 8th is a
    // national holiday (Immacolata).
    clock.set('2026-12-07T21:30:00Z');
    const tick = await runReoffer(t.db, clock, base);
    expect(tick.rounds.withdrawn).toBeGreaterThanOrEqual(1);
    expect((await placeOf(freed.slotId)).status).toBe('withdrawn');
    expect((await offersTo(x.appointment.id)).find((o) => o.status !== 'expired')?.status ?? 'gone').toBe(
      'gone',
    );
    const [gone] = await messagesTo(x.appointment.id, 'reoffer-gone');
    expect(new Date(gone!.send_after).toISOString()).toBe('2026-12-09T07:00:00.000Z');
  });

  it('settles an accept as taken even when a pass runs between the move and its bookkeeping', async () => {
    const r = await region();
    const freed = await booked(r, 'near', 15);
    const x = await booked(r, 'near', 52);
    await cancel(freed.appointment.id);
    await runReoffer(t.db, clock, base);
    const place = await placeOf(freed.slotId);
    // What acceptOffer does first: the move into the place, carrying it. Then a pass, before the rest.
    const { moveAppointment } = await import('../booking/index.ts');
    await moveAppointment(t.db, context(clock), x.appointment.id, {
      slotId: Number(freed.slotId),
      reofferPlaceId: place.id,
    });
    await runReoffer(t.db, clock, base);
    expect(await placeOf(freed.slotId)).toMatchObject({ status: 'taken', taken_by: x.appointment.id });
    expect((await offersTo(x.appointment.id)).find((o) => o.place_id === place.id)!.status).toBe('accepted');
    expect(await messagesTo(x.appointment.id, 'reoffer-gone')).toEqual([]);
  });

  it('does not cancel the booking on a bare ANNULLA that answers an offer SMS', async () => {
    const { handleReply } = await import('../outreach/index.ts');
    const r = await region();
    const freed = await booked(r, 'near', 16);
    const x = await booked(r, 'near', 57);
    // The patient had their reminder earlier (as the batch would have sent it).
    const earlier = new Date(clock.now().getTime() - 3_600_000);
    await t.db
      .insertInto('outreach_message')
      .values({
        id: crypto.randomUUID(),
        appointment_id: x.appointment.id,
        kind: 'reminder',
        appointment_version: x.appointment.version,
        channel: 'sms',
        recipient: x.patient.phone!,
        text: 'Promemoria',
        status: 'delivered',
        send_after: earlier,
        submitted_at: earlier,
        created_at: earlier,
        updated_at: earlier,
      })
      .execute();
    await cancel(freed.appointment.id);
    await runReoffer(t.db, clock, base);
    await t.db
      .updateTable('outreach_message')
      .set({ status: 'delivered', submitted_at: clock.now() })
      .where('kind', '=', 'reoffer')
      .where('appointment_id', '=', x.appointment.id)
      .execute();
    const outcome = await handleReply(t.db, clock, {
      gatewayId: `mo-${x.appointment.id}`,
      channel: 'sms',
      from: x.patient.phone!,
      text: 'annulla',
      at: clock.now(),
    });
    expect(outcome).toMatchObject({
      intent: 'cancel',
      appointmentId: null,
      outcome: 'about an offer: not acted on',
    });
    expect((await getAppointment(t.db, context(clock), x.appointment.id)).status).toBe('booked');
  });

  it('takes the place on a bare SI by SMS, and turns it down on ANNULLA, the appointment kept', async () => {
    const { handleReply } = await import('../outreach/index.ts');
    const { answerOfferBySms } = await import('./offers.service.ts');
    const answer = (from: string, intent: 'confirm' | 'cancel') =>
      answerOfferBySms(t.db, context(clock, []), base, from, intent);
    const sms = (from: string, text: string) =>
      handleReply(
        t.db,
        clock,
        { gatewayId: `mo-${crypto.randomUUID()}`, channel: 'sms', from, text, at: clock.now() },
        answer,
      );
    const r = await region();
    const freed = await booked(r, 'near', 17);
    const x = await booked(r, 'near', 58);
    const y = await booked(r, 'near', 45);
    await cancel(freed.appointment.id);
    await runReoffer(t.db, clock, base);
    await t.db
      .updateTable('outreach_message')
      .set({ status: 'delivered', submitted_at: clock.now() })
      .where('kind', '=', 'reoffer')
      .execute();
    // x (furthest out) is offered it first, and says no: the place goes to y, who says yes.
    expect(await sms(x.patient.phone!, 'Annulla')).toMatchObject({ outcome: 'offer declined' });
    expect((await getAppointment(t.db, context(clock), x.appointment.id)).status).toBe('booked');
    await t.db
      .updateTable('outreach_message')
      .set({ status: 'delivered', submitted_at: clock.now() })
      .where('kind', '=', 'reoffer')
      .execute();
    expect(await sms(y.patient.phone!, 'sì')).toMatchObject({ outcome: 'offer accepted' });
    expect((await getAppointment(t.db, context(clock), y.appointment.id)).start).toEqual(
      freed.appointment.start,
    );
    // Said again, nothing is left standing: the answer is kept, nothing changes.
    expect(await sms(y.patient.phone!, 'si')).toMatchObject({ outcome: 'about an offer: not acted on' });
  });
});
