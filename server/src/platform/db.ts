import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, Migrator, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import { migrations } from '../../migrations/index.ts';
import { PGliteDialect, SessionLock } from './pglite-dialect.ts';
import type { Database } from './schema.ts';

/** The handle every repository function takes first: the database or an open transaction. */
export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;

export interface DatabaseHandle {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Raw SQL for pg-boss; on PGlite it waits its turn on the single session like every other query. */
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  close(): Promise<void>;
}

// The same JavaScript values on both drivers: bigint counts as numbers (ids stay below 2^53), dates
// without time as 'YYYY-MM-DD' strings, so nothing depends on the server's time zone.
const INT8 = 20;
const DATE = 1082;
const NUMERIC = 1700;
const parseInt8 = (v: string) => Number(v);
const keepText = (v: string) => v;

export async function openPostgres(url: string, poolSize = 10): Promise<DatabaseHandle> {
  const types = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
      if (oid === INT8 || oid === NUMERIC) return parseInt8;
      if (oid === DATE) return keepText;
      return pg.types.getTypeParser(oid, format);
    }) as typeof pg.types.getTypeParser,
  };
  // Connections stay open while idle (node-postgres closes them after 10 s by default): opening one forks
  // a PostgreSQL backend, and after a quiet spell the next burst of requests would all pay for it at once.
  // An idle pool does not keep a finished command-line process alive.
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    types,
    idleTimeoutMillis: 300_000,
    allowExitOnIdle: true,
  });
  // An idle connection the server closes (restart, failover) must not take the process down; the
  // pool replaces it on the next checkout.
  pool.on('error', (err) => console.error(`database connection lost: ${err.message}`));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'postgres',
    executeSql: async (text, values) => pool.query(text, values as unknown[]),
    close: () => db.destroy(),
  };
}

/** Embedded PostgreSQL (PGlite). `dataDir` undefined means in memory (tests). */
export async function openPglite(dataDir?: string, loadDataDir?: Blob): Promise<DatabaseHandle> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    ...(loadDataDir ? { loadDataDir } : {}),
    parsers: { [INT8]: parseInt8, [NUMERIC]: parseInt8, [DATE]: keepText },
  });
  const lock = new SessionLock();
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite, lock) });
  return {
    db,
    kind: 'pglite',
    executeSql: (text, values) =>
      lock.run(async () => {
        // pg-boss sends multi-statement scripts without parameters; only the simple protocol runs those.
        if (!values || values.length === 0) {
          const results = await pglite.exec(text);
          return { rows: results.at(-1)?.rows ?? [] };
        }
        return pglite.query(text, values);
      }),
    close: () => db.destroy(),
  };
}

export function migrator(db: Db): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'schema_migration',
    migrationLockTableName: 'schema_migration_lock',
  });
}

/** Applies every pending migration (forward only). Returns the names applied. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const { error, results } = await migrator(db).migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
