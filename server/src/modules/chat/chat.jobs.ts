import { defineJob } from '../../platform/jobs.ts';
import type { ChatSettings } from './chat.service.ts';
import { closeIdleChats } from './upkeep.service.ts';

/** CC-10: every minute, chats whose citizen has gone end; chats whose operator has gone return to the queue. */
export const chatIdleJob = (settings: ChatSettings) =>
  defineJob<Record<string, never>>({
    name: 'chat.idle',
    version: 1,
    schedule: '* * * * *',
    async run({ db, clock, log }) {
      const r = await closeIdleChats(db, clock, settings);
      if (r.ended || r.requeued) log.info(r, 'idle chats');
    },
  });
