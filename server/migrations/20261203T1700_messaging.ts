import { type Kysely, sql } from 'kysely';

// The simulated messaging gateway's record (issue 11 §1): every message it "sent" and every reply its
// simulated patients gave, labelled 'simulazione', so a demo shows the whole loop and nobody mistakes it
// for real traffic. Real gateways keep their own records (the SMSC, the mail relay).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table simulated_message (
      id bigint generated always as identity primary key,
      at timestamptz not null,
      direction text not null check (direction in ('out', 'in')),
      channel text not null check (channel in ('sms', 'email')),
      gateway_id text not null unique,
      -- Our id of an outgoing message (the sender's outbox row); null for a reply.
      message_id text,
      -- The patient's number or address: whom an outgoing message went to, whom a reply came from.
      party text not null,
      text text not null,
      subject text,
      segments int not null default 1,
      status text not null,
      label text not null default 'simulazione' check (label = 'simulazione')
    );
    create index simulated_message_at_idx on simulated_message (at);
  `.execute(db);
}
