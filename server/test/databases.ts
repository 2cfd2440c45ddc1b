import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type DatabaseHandle, migrateToLatest, openPglite, openPostgres } from '../src/platform/db.ts';

/** The PostgreSQL server tests create their own databases on (and drop them afterwards). */
export const TEST_SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';

export interface TestDatabase extends DatabaseHandle {
  drop(): Promise<void>;
  /** Its address, for another process (PostgreSQL only). */
  url?: string;
}

async function adminQuery(text: string) {
  const client = new pg.Client({ connectionString: TEST_SERVER_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated PostgreSQL database of its own. */
export async function createPostgresDatabase(poolSize = 10): Promise<TestDatabase> {
  const name = `sportello_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(TEST_SERVER_URL);
  url.pathname = `/${name}`;
  const handle = await openPostgres(url.toString(), poolSize);
  await migrateToLatest(handle.db);
  return {
    ...handle,
    url: url.toString(),
    drop: async () => {
      await handle.close();
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}

/** A fresh, migrated embedded database in memory. */
export async function createPgliteDatabase(): Promise<TestDatabase> {
  const handle = await openPglite();
  await migrateToLatest(handle.db);
  return { ...handle, drop: () => handle.close() };
}

/** Service and repository tests run on both drivers (DESIGN: same SQL, same migrations). */
export const DRIVERS = [
  { name: 'pglite', create: createPgliteDatabase },
  { name: 'postgres', create: createPostgresDatabase },
] as const;
