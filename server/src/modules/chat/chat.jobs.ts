import { defineJob } from '../../platform/jobs.ts';
import { type ChatSettings, closeIdleChats } from './chat.service.ts';

/** CC-10: every minute, the chats whose citizen has gone are ended (a waiting one counts as abandoned). */
export const chatIdleJob = (settings: ChatSettings) =>
  defineJob<Record<string, never>>({
    name: 'chat.idle',
    version: 1,
    schedule: '* * * * *',
    async run({ db, clock, log }) {
      const closed = await closeIdleChats(db, clock, settings);
      if (closed) log.info({ closed }, 'idle chats ended');
    },
  });
