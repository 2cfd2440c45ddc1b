import { type Kysely, sql } from 'kysely';

// BK-10: group bookings (the tender's back office: sports medicine visits for a sports club's list of
// athletes, as many as possible on the same day, on dates agreed with the facility and the club). A
// request holds the club, the service, the agreed period and the athletes in the club's order, each
// with the prescription item it is booked on. Whether an athlete is booked is read from the live
// appointment of that item (one truth: a booking cancelled or moved elsewhere shows as such).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table group_request (
      id uuid primary key,
      club text not null check (length(club) between 2 and 120),
      contact text not null check (length(contact) between 3 and 200),
      service_code text not null references service (code),
      facility_id text references facility (id),
      window_from date not null,
      window_to date not null check (window_to >= window_from),
      max_per_day integer check (max_per_day between 1 and 500),
      note text check (length(note) <= 1000),
      created_at timestamptz not null,
      created_by uuid references app_user (id)
    );
    create index group_request_created on group_request (created_at desc);

    create table group_request_member (
      request_id uuid not null references group_request (id),
      position integer not null check (position >= 1),
      patient_id uuid not null references patient (id),
      prescription_id uuid not null references prescription (id),
      item_index integer not null,
      primary key (request_id, position),
      unique (request_id, patient_id)
    );
  `.execute(db);
}
