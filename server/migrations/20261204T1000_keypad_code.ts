import { type Kysely, sql } from 'kysely';

// The booking code as typed on a phone keypad (issue 11 §5, OB-4): the IVR's cancellation finds an
// appointment by it and the patient's birth date. The mapping is booking's keypadCode(), in SQL; a test
// checks that the two agree.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table appointment add column keypad_code text generated always as (
      translate(replace(substr(code, 5), '-', ''), 'ABCDEFGHJKMNPQRSTVWXYZ', '2223334455667777889999')
    ) stored;
    create index appointment_keypad_idx on appointment (keypad_code) where status = 'booked';
  `.execute(db);
}
