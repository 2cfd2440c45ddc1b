import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase, type TestDatabase } from '../../test/databases.ts';
import { ManualClock } from './clock.ts';
import { defineJob, JobRunner } from './jobs.ts';
import { createLogger } from './logger.ts';

// A job renamed or retired (contact-centre.hour-counts became reporting.hour-counts) must not leave its
// schedule behind: pg-boss would keep filling a queue no worker reads.
const job = (name: string) =>
  defineJob<Record<string, never>>({ name, version: 1, schedule: '0 3 * * *', run: async () => {} });

describe('the job runner', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createPostgresDatabase();
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('drops the schedules of jobs no longer registered, and keeps the others', async () => {
    const deps = { db: t.db, clock: new ManualClock('2026-12-05T10:00:00Z'), log: createLogger('silent') };
    const before = new JobRunner(t, deps);
    before.register(job('test.kept'), job('test.retired'));
    await before.start({ work: true });
    await before.stop();
    const schedules = async () =>
      ((await t.executeSql('select name from pgboss.schedule order by name')).rows as { name: string }[]).map(
        (r) => r.name,
      );
    expect(await schedules()).toEqual(['test.kept.v1', 'test.retired.v1']);
    const after = new JobRunner(t, deps);
    after.register(job('test.kept'));
    await after.start({ work: true });
    await after.stop();
    expect(await schedules()).toEqual(['test.kept.v1']);
  }, 60_000);
});
