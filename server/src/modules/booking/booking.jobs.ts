import { defineJob } from '../../platform/jobs.ts';
import { generateSlots } from './agendas/agenda.service.ts';
import { releaseExpiredHolds } from './slots/hold.service.ts';

/** Keeps the rolling horizon of slots filled; idempotent (existing slots are kept). */
export const generateSlotsJob = (horizonDays: number) =>
  defineJob<{ agendaIds?: string[] }>({
    name: 'booking.generate-slots',
    version: 1,
    schedule: '15 2 * * *',
    async run({ db, clock, log }, payload) {
      const r = await generateSlots(db, clock.now(), horizonDays, payload.agendaIds);
      log.info({ created: r.created, through: r.toDate }, 'slots generated');
    },
  });

/** Gives the places of expired holds back to the agendas (bookings also reclaim them on the spot). */
export const releaseExpiredHoldsJob = defineJob<Record<string, never>>({
  name: 'booking.release-expired-holds',
  version: 1,
  schedule: '* * * * *',
  async run({ db, clock, log }) {
    const released = await releaseExpiredHolds(db, clock.now());
    if (released > 0) log.info({ released }, 'expired holds released');
  },
});
