import type { FeedSender } from './port.ts';

/**
 * _simulazione_: the batch is kept as it would be sent (downloadable) and marked accepted, nothing leaves
 * the machine. For demos, training and a region not yet connected to the platform.
 */
export const simulatedFeedSender: FeedSender = {
  simulated: true,
  async send(_bundle, o) {
    return { receipt: `simulazione:${o.day}:${o.digest.slice(0, 12)}` };
  },
};
