import PgBoss from 'pg-boss';
import type { Clock } from './clock.ts';
import type { DatabaseHandle, Db } from './db.ts';
import type { Logger } from './logger.ts';

export interface JobDeps {
  db: Db;
  clock: Clock;
  log: Logger;
}

/**
 * A named, versioned job with a typed payload. The queue is `name.vN`: a change to the payload's shape
 * is a new version, so old jobs still in the queue meet the handler they were written for.
 * Handlers must be idempotent: pg-boss delivers at least once.
 */
export interface JobDefinition<P extends object = object> {
  name: string;
  version: number;
  /** Cron (Europe/Rome) for recurring jobs. */
  schedule?: string;
  run(deps: JobDeps, payload: P): Promise<void>;
}

export function defineJob<P extends object>(def: JobDefinition<P>): JobDefinition<P> {
  return def;
}

export const queueName = (def: Pick<JobDefinition, 'name' | 'version'>) => `${def.name}.v${def.version}`;

export class JobRunner {
  private boss: PgBoss | null = null;
  private readonly defs = new Map<string, JobDefinition>();

  constructor(
    private readonly handle: DatabaseHandle,
    private readonly deps: JobDeps,
  ) {}

  register(...defs: JobDefinition<never>[]): void {
    for (const def of defs) this.defs.set(queueName(def), def as unknown as JobDefinition);
  }

  async start(opts: { work: boolean }): Promise<void> {
    const boss = new PgBoss({
      db: { executeSql: this.handle.executeSql },
      schema: 'pgboss',
      supervise: opts.work,
      schedule: opts.work,
    } as ConstructorParameters<typeof PgBoss>[0]);
    boss.on('error', (err) => this.deps.log.error({ err }, 'job queue error'));
    await boss.start();
    this.boss = boss;
    // A job renamed or retired leaves its schedule behind, filling a queue nobody works: drop it.
    if (opts.work)
      for (const s of await boss.getSchedules()) if (!this.defs.has(s.name)) await boss.unschedule(s.name);
    for (const [queue, def] of this.defs) {
      await boss.createQueue(queue);
      if (!opts.work) continue;
      await boss.work<object>(queue, { pollingIntervalSeconds: 2 }, async (jobs) => {
        for (const job of jobs) {
          this.deps.log.info({ job: queue, id: job.id }, 'job started');
          await def.run(this.deps, job.data);
        }
      });
      if (def.schedule) await boss.schedule(queue, def.schedule, {}, { tz: 'Europe/Rome' });
    }
  }

  async send<P extends object>(def: JobDefinition<P>, payload: P, opts?: { singletonKey?: string }) {
    if (!this.boss) throw new Error('job runner not started');
    return this.boss.send(queueName(def), payload, opts ?? {});
  }

  async stop(): Promise<void> {
    await this.boss?.stop({ graceful: true, wait: true });
    this.boss = null;
  }
}
