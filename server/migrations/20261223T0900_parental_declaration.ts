import { type Kysely, sql } from 'kysely';

// A parent's or guardian's access to a minor's bookings on the portal without a delegation from the
// minor (who cannot give one): the adult, logged in with SPID/CIE, declares under DPR 445/2000 that they
// hold parental responsibility (or are the guardian) and proves the minor's fiscal code with one of the
// minor's prescriptions (NRE). The declaration is recorded as a delegation from the minor, with the role
// declared; it ends by itself on the day before the minor's eighteenth birthday.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table portal_delegation
      add column declared_role text check (declared_role in ('parent', 'guardian'));
    alter table portal_delegation
      add constraint portal_delegation_declared_on_web
      check (declared_role is null or (granted_channel = 'web' and valid_until is not null));
  `.execute(db);
}
