import { systemContext } from '../../platform/context.ts';
import { defineJob } from '../../platform/jobs.ts';
import { settleCancelled, syncWithPort } from './payments.service.ts';
import type { PaymentSettings } from './payments.types.ts';

/**
 * Every minute: the notices of appointments cancelled by any channel (phone, desk, IVR, reminder link)
 * are withdrawn, or flagged for refund when already paid; notices the port could not publish are
 * published; receipts are read from a port that is asked for them.
 */
export const settleCancelledJob = (settings: PaymentSettings) =>
  defineJob<Record<string, never>>({
    name: 'payments.settle-cancelled',
    version: 1,
    schedule: '* * * * *',
    async run({ db, clock, log }) {
      const ctx = systemContext(clock, 'payments.settle');
      for (;;) {
        const done = await settleCancelled(db, ctx, settings);
        if (done.invalidated + done.refundDue > 0)
          log.info(done, 'notices of cancelled appointments settled');
        if (done.invalidated + done.refundDue < 200) break;
      }
      const synced = await syncWithPort(db, ctx, settings);
      if (synced.published + synced.paid > 0) log.info(synced, 'notices published and receipts read');
    },
  });
