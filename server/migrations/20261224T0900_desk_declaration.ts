import { type Kysely, sql } from 'kysely';

// A parent's or guardian's declaration for a minor may also be recorded at a CUP desk (the parent shows
// their document and signs the form there): no longer the portal's only. It still always has a last day.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table portal_delegation drop constraint portal_delegation_declared_on_web;
    alter table portal_delegation
      add constraint portal_delegation_declared_until check (declared_role is null or valid_until is not null);
  `.execute(db);
}
