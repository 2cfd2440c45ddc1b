import { type Kysely, sql } from 'kysely';

// The audit trail, second round (issue 8 §11–13, issue 9 §12):
// - `outcome`: failed attempts on personal data (403, 404) are recorded, not only successes;
// - `subject`: what was looked for when no patient is named (a caller's number, a fiscal code not found);
// - `client_address` and `stated_purpose`: where the request came from, and the purpose the client gave,
//   kept apart from the server's own `purpose`, which the client can no longer set;
// - TRUNCATE is refused like UPDATE and DELETE; the only deletion allowed, on the audit trail and on
//   contact events, is the retention job's, of rows older than the cut-off it declares in its own
//   transaction (`sportello.purge_before_<table>`, see platform/retention.ts).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table audit_event
      add column outcome text not null default 'ok' check (outcome in ('ok', 'denied', 'not_found')),
      add column subject text,
      add column client_address text,
      add column stated_purpose text;
    create index audit_event_at_idx on audit_event (at);
    create index audit_event_subject_idx on audit_event (subject, at) where subject is not null;

    -- The append-only tables (the audit trail, contact events) refuse UPDATE, DELETE and TRUNCATE, but
    -- for the retention job's DELETE, which declares its cut-off in its own transaction; even then a row
    -- at or after the cut-off is refused.
    drop trigger audit_event_no_update on audit_event;
    drop trigger contact_event_no_update on contact_event;
    drop function audit_event_append_only();
    drop function contact_event_append_only();
    create function append_only_but_retention() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' and coalesce(current_setting('sportello.purge_before_' || tg_table_name, true), '') <> '' then
        return null;
      end if;
      raise exception '% is append-only', tg_table_name;
    end $$;
    create function retention_purge_guard() returns trigger language plpgsql as $$
    begin
      if old.at >= current_setting('sportello.purge_before_' || tg_table_name)::timestamptz then
        raise exception '% row % is within its retention period', tg_table_name, old.id;
      end if;
      return old;
    end $$;
    create trigger audit_event_no_update before update or delete or truncate on audit_event
      for each statement execute function append_only_but_retention();
    create trigger audit_event_purge_guard before delete on audit_event
      for each row execute function retention_purge_guard();
    create trigger contact_event_no_update before update or delete or truncate on contact_event
      for each statement execute function append_only_but_retention();
    create trigger contact_event_purge_guard before delete on contact_event
      for each row execute function retention_purge_guard();
  `.execute(db);
}
