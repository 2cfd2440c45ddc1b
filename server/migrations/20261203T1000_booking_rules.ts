import { type Kysely, sql } from 'kysely';

// Booking rules as the region's data (issue 8): guarantees in calendar days, exemptions and what they
// cover, prescription validity, the ticket's tariff stored per booking, late cancellations, declined
// offers.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- BK-4: the classes are "within N days" on the Europe/Rome calendar (the deadline is the end of the
    -- Nth day); only U is counted in hours. Exactly one of the two is set.
    alter table guarantee_rule add column max_days integer check (max_days > 0);
    alter table guarantee_rule alter column max_hours drop not null;
    update guarantee_rule set max_days = max_hours / 24, max_hours = null where priority <> 'U';
    alter table guarantee_rule add constraint guarantee_rule_one_unit
      check ((max_hours is null) <> (max_days is null));

    -- BK-8: exemptions (esenzioni) as data. covers_all for income-based (E01-E04) and regional ones and
    -- total invalidity; pathology exemptions cover only the services or specialty branches listed.
    create table exemption (
      code text primary key check (code ~ '^[A-Z0-9]{2,8}$'),
      description text not null,
      category text not null check (category in ('income', 'regional', 'pathology', 'invalidity', 'other')),
      covers_all boolean not null
    );
    create table exemption_coverage (
      exemption_code text not null references exemption (code),
      service_code text,
      branch text,
      check ((service_code is null) <> (branch is null))
    );
    create unique index exemption_coverage_idx
      on exemption_coverage (exemption_code, coalesce(service_code, ''), coalesce(branch, ''));
    -- National income-based exemptions (DM 11 Dec 2009): every service of specialist outpatient care.
    insert into exemption (code, description, category, covers_all) values
      ('E01', 'Età inferiore a 6 anni o superiore a 65 anni, reddito familiare fino a 36.151,98 euro', 'income', true),
      ('E02', 'Disoccupati e familiari a carico, reddito familiare fino a 8.263,31 euro (11.362,05 con coniuge, +516,46 per figlio)', 'income', true),
      ('E03', 'Titolari di assegno (ex pensione) sociale e familiari a carico', 'income', true),
      ('E04', 'Titolari di pensione al minimo oltre 60 anni e familiari a carico, reddito come E02', 'income', true);
    -- Who set the exemption on a prescription, and when (least privilege: the back office).
    alter table prescription add column exemption_set_by uuid, add column exemption_set_at timestamptz;

    -- Prescription validity (regional data): book within book_within_days of issue (calendar days,
    -- Europe/Rome) for the class, never after max_days.
    create table prescription_validity (
      priority char(1) not null check (priority in ('U', 'B', 'D', 'P')),
      service_kind text not null check (service_kind in ('visit', 'instrumental', 'lab')),
      book_within_days integer check (book_within_days > 0),
      max_days integer not null check (max_days > 0),
      primary key (priority, service_kind)
    );
    -- Lazio from 1 Feb 2026: U 10 days, B 20, D 40 (visits) or 70 (tests), P 130; at most 180 days.
    insert into prescription_validity (priority, service_kind, book_within_days, max_days) values
      ('U', 'visit', 10, 180), ('U', 'instrumental', 10, 180), ('U', 'lab', 10, 180),
      ('B', 'visit', 20, 180), ('B', 'instrumental', 20, 180), ('B', 'lab', 20, 180),
      ('D', 'visit', 40, 180), ('D', 'instrumental', 70, 180), ('D', 'lab', 70, 180),
      ('P', 'visit', 130, 180), ('P', 'instrumental', 130, 180), ('P', 'lab', 130, 180);

    -- BK-8: the ticket is computed from what was booked, at the tariff of the booking's day.
    alter table appointment
      add column tariff_cents integer check (tariff_cents >= 0),
      add column copay_exempt boolean not null default false,
      -- BK-5: a cancellation later than the region's notice is allowed, but flagged and counted.
      add column late_cancellation boolean;
    update appointment ap set tariff_cents = s.tariff_cents * i.quantity
      from prescription_item i, service s
      where i.prescription_id = ap.prescription_id and i.item_index = ap.item_index
        and s.code = i.service_code;
    update appointment ap set copay_exempt = true
      from prescription p where p.id = ap.prescription_id and p.exemption_code is not null;
    alter table appointment alter column tariff_cents set not null;
    create index appointment_prescription_idx on appointment (prescription_id);

    -- BK-4: a patient who declines a slot inside the guarantee is recorded (a regional rule may then
    -- void the guarantee), not turned into a protection-path case.
    create table declined_offer (
      id uuid primary key,
      prescription_id uuid not null references prescription (id),
      item_index integer not null,
      patient_id uuid not null references patient (id),
      service_code text not null references service (code),
      priority char(1) not null,
      slot_id bigint not null references slot (id),
      slot_start timestamptz not null,
      guarantee_deadline timestamptz not null,
      within_guarantee boolean not null,
      channel text not null,
      reason text,
      declined_by uuid,
      declined_at timestamptz not null,
      foreign key (prescription_id, item_index) references prescription_item (prescription_id, item_index)
    );
    create index declined_offer_prescription_idx on declined_offer (prescription_id, item_index);
  `.execute(db);
}
