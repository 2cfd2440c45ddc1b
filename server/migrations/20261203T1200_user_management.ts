import { type Kysely, sql } from 'kysely';

// User management and single sign-on (SEC-2): a user may be linked to one account at the region's
// OpenID provider (issuer + subject, unique), and a login in progress keeps its state, nonce and PKCE
// verifier here (not in the browser) until the provider sends the user back, once.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table app_user add column oidc_issuer text;
    alter table app_user add column oidc_subject text;
    alter table app_user add column updated_at timestamptz;
    alter table app_user add constraint app_user_oidc_link check ((oidc_issuer is null) = (oidc_subject is null));
    create unique index app_user_oidc_idx on app_user (oidc_issuer, oidc_subject) where oidc_issuer is not null;

    create table oidc_login (
      binding_hash text primary key,
      state text not null,
      nonce text not null,
      code_verifier text not null,
      created_at timestamptz not null,
      expires_at timestamptz not null
    );
    create index oidc_login_expires_idx on oidc_login (expires_at);
  `.execute(db);
}
