import { type Kysely, sql } from 'kysely';

// CC-10, HD-3: a document the citizen sends in the chat (the prescription's photo, a letter) once an
// operator is there to read it. Checked as a help-desk attachment is (allow-list, size, virus scan); one
// per message, the message saying its name; deleted with the conversation; copied to the ticket a chat
// becomes.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table chat_attachment (
      conversation_id uuid not null,
      seq integer not null,
      filename text not null check (length(filename) between 1 and 120),
      content_type text not null,
      size integer not null check (size > 0),
      sha256 text not null,
      content bytea not null,
      scan text not null check (scan in ('clean', 'not-scanned')),
      primary key (conversation_id, seq),
      foreign key (conversation_id, seq) references chat_message (conversation_id, seq) on delete cascade
    );
  `.execute(db);
}
