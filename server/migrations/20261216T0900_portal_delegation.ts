import { type Kysely, sql } from 'kysely';

// The portal's delegations (a person acts for another on the portal, as the regional health records
// allow): the delegator (a patient on record) names a delegate by fiscal code — matched at the delegate's
// SPID/CIE login, so granting never tells whether that code is on record. Granted by the delegator on the
// portal or at a CUP desk by staff who saw the signed form; ended by revocation (either party, or staff)
// or at the end of its last day (Rome). Rows are never deleted: they are the record of who could act.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table portal_delegation (
      id uuid primary key,
      delegator_id uuid not null references patient (id),
      delegate_fiscal_code text not null check (delegate_fiscal_code ~ '^[A-Z0-9]{16}$'),
      valid_until date,
      granted_at timestamptz not null,
      granted_channel text not null check (granted_channel in ('web', 'desk')),
      granted_by uuid references app_user (id),
      revoked_at timestamptz,
      revoked_by text check (revoked_by in ('delegator', 'delegate', 'staff', 'replaced')),
      revoked_by_user uuid references app_user (id),
      check ((granted_channel = 'desk') = (granted_by is not null)),
      check ((revoked_at is null) = (revoked_by is null))
    );
    -- One live delegation per pair: granting again replaces it (a new end date), marked 'replaced'.
    create unique index portal_delegation_live on portal_delegation (delegator_id, delegate_fiscal_code)
      where revoked_at is null;
    create index portal_delegation_delegate on portal_delegation (delegate_fiscal_code);

    -- The delegator is told of a new delegation by SMS or e-mail (against a grant they did not ask for):
    -- a message about no appointment, of its own kind, its ref the delegation's id.
    alter table outreach_message drop constraint outreach_message_kind_check;
    alter table outreach_message add constraint outreach_message_kind_check check (
      kind in ('reminder', 'recall', 'cancel-ack', 'confirm-ack', 'reoffer', 'reoffer-gone', 'campaign',
               'promemoria', 'delegation')
      and (appointment_id is not null or kind in ('campaign', 'delegation')));
  `.execute(db);
}
