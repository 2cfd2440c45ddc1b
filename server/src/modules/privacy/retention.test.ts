import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRIVERS, type TestDatabase } from '../../../test/databases.ts';
import { makeAgenda, makeFacility, makeService } from '../../../test/factories.ts';
import { ManualClock } from '../../platform/clock.ts';
import { ConfigError, loadConfig } from '../../platform/config.ts';
import { createUser } from '../identity/index.ts';
import { enforceRetention, retentionPeriods } from './index.ts';

const NOW = new Date('2026-12-03T02:40:00Z'); // 03:40 in Rome, the job's hour
const DAY = 86_400_000;
const periods = {
  auditDays: 730,
  contactEventsDays: 31,
  idempotencyDays: 7,
  sessionsDays: 30,
  holdsMinutes: 60,
  messagesDays: 90,
};
/** One second either side of each period's edge: the first row is past it, the second is not. */
const around = (ms: number) => [new Date(NOW.getTime() - ms - 1000), new Date(NOW.getTime() - ms + 1000)];

describe.each(DRIVERS)('retention on $name (issue 8 §13)', ({ create }) => {
  let t: TestDatabase;
  const clock = new ManualClock(NOW);
  beforeAll(async () => {
    t = await create();
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('deletes exactly what is past its period, kind by kind, and gives expired holds their place back', async () => {
    const [oldAudit, newAudit] = around(periods.auditDays * DAY);
    await t.db
      .insertInto('audit_event')
      .values(
        [oldAudit!, newAudit!].map((at, i) => ({
          at,
          request_id: `r${i}`,
          actor_id: null,
          actor_role: 'system',
          action: 'read' as const,
          resource_type: 'Patient',
          purpose: 'care',
        })),
      )
      .execute();
    const [oldEvent, newEvent] = around(periods.contactEventsDays * DAY);
    await t.db
      .insertInto('contact_event')
      .values(
        [oldEvent!, newEvent!].map((at, i) => ({
          at,
          type: 'call.arrived',
          source: 'simulazione',
          call_id: `c${i}`,
          payload: '{}',
        })),
      )
      .execute();
    const [oldKey, newKey] = around(periods.idempotencyDays * DAY);
    await t.db
      .insertInto('idempotency_key')
      .values(
        [oldKey!, newKey!].map((at, i) => ({
          scope: 'test',
          key: `k${i}`,
          request_hash: 'h',
          status_code: 200,
          response: '{}',
          created_at: at,
        })),
      )
      .execute();
    const user = await createUser(t.db, clock, {
      username: `retention-${randomUUID().slice(0, 8)}`,
      displayName: 'R',
      password: 'secret-pass-long',
      roles: ['operator'],
    });
    const [oldSession, newSession] = around(periods.sessionsDays * DAY);
    await t.db
      .insertInto('user_session')
      .values(
        [oldSession!, newSession!].map((at, i) => ({
          token_hash: `t${i}`,
          user_id: user.id,
          created_at: new Date(at.getTime() - 12 * 3_600_000),
          expires_at: at,
        })),
      )
      .execute();
    const service = await makeService(t.db);
    await makeAgenda(t.db, clock, {
      place: await makeFacility(t.db),
      services: [service.code],
      rules: [{ capacity: 2 }],
    });
    const slot = await t.db.selectFrom('slot').select('id').orderBy('id').executeTakeFirstOrThrow();
    const [oldHold, newHold] = around(periods.holdsMinutes * 60_000);
    await t.db
      .insertInto('hold')
      .values(
        [oldHold!, newHold!].map((at) => ({
          id: randomUUID(),
          slot_id: slot.id,
          actor_id: user.id,
          created_at: new Date(at.getTime() - 300_000),
          expires_at: at,
        })),
      )
      .execute();
    await t.db.updateTable('slot').set({ taken: 2 }).where('id', '=', slot.id).execute();

    // Failed-login counters: one forgotten (16 minutes old), one still counting (14), one forgotten but
    // with its lock still running.
    await t.db
      .insertInto('login_throttle')
      .values([
        { key: 'account:old', failures: 3, last_failure_at: new Date(NOW.getTime() - 16 * 60_000) },
        { key: 'account:recent', failures: 3, last_failure_at: new Date(NOW.getTime() - 14 * 60_000) },
        {
          key: 'account:locked',
          failures: 10,
          last_failure_at: new Date(NOW.getTime() - 16 * 60_000),
          locked_until: new Date(NOW.getTime() + 60_000),
        },
      ])
      .execute();
    const [oldMessage, newMessage] = around(periods.messagesDays * DAY);
    await t.db
      .insertInto('simulated_message')
      .values(
        [oldMessage!, newMessage!].map((at, i) => ({
          at,
          direction: 'out' as const,
          channel: 'sms' as const,
          gateway_id: `sim-${randomUUID()}-${i}`,
          message_id: null,
          party: '+393330000001',
          text: 'Promemoria',
          subject: null,
          segments: 1,
          status: 'delivered',
        })),
      )
      .execute();
    await t.db
      .insertInto('outreach_reply')
      .values(
        [oldMessage!, newMessage!].map((at) => ({
          gateway_id: null,
          channel: 'sms' as const,
          sender: '+393330000001',
          text: 'CONFERMA',
          received_at: at,
          intent: 'confirm' as const,
          appointment_id: null,
          outcome: 'no reminded appointment',
        })),
      )
      .execute();
    // MR-8's batches: 90 days before NOW is 4 September (Rome); a batch not taken stays whatever its age.
    const batch = (day: string, status: 'sent' | 'failed') => ({
      day,
      built_at: NOW,
      appointments: 0,
      bundle_gz: gzipSync('{}'),
      digest: '0'.repeat(64),
      status,
      sent_at: status === 'sent' ? NOW : null,
    });
    await t.db
      .insertInto('national_feed_batch')
      .values([batch('2026-09-03', 'sent'), batch('2026-09-04', 'sent'), batch('2026-08-01', 'failed')])
      .execute();
    // CC-10's chats: one ended just past the messages' period (with a message), one ended just within it,
    // and an old one still open — kept.
    const chat = (id: string, closedAt: Date | null) => ({
      id,
      token_hash: '0'.repeat(64),
      language: 'it' as const,
      state: closedAt ? ('closed' as const) : ('assistant' as const),
      started_at: new Date((closedAt ?? oldMessage!).getTime() - 60_000),
      citizen_seen_at: new Date((closedAt ?? oldMessage!).getTime() - 60_000),
      closed_at: closedAt,
      closed_by: closedAt ? ('citizen' as const) : null,
      outcome: closedAt ? ('self-service' as const) : null,
    });
    const [oldChat, newChat, openChat] = [randomUUID(), randomUUID(), randomUUID()];
    await t.db
      .insertInto('chat_conversation')
      .values([chat(oldChat, oldMessage!), chat(newChat, newMessage!), chat(openChat, null)])
      .execute();
    await t.db
      .insertInto('chat_message')
      .values({
        conversation_id: oldChat,
        seq: 1,
        at: oldMessage!,
        author: 'citizen',
        agent_id: null,
        body: 'ciao',
        actions: null,
      })
      .execute();
    // C.SE.1.7's ratings: the words of one made just past the messages' period go, its stars stay; the words
    // of one just within it stay.
    await t.db
      .insertInto('portal_rating')
      .values([
        { at: oldMessage!, service: 'booking', rating: 2, reason: 'unclear', detail: 'troppi passaggi' },
        { at: newMessage!, service: 'manage', rating: 5, reason: 'clear', detail: 'tutto chiaro' },
      ])
      .execute();
    expect(await enforceRetention(t.db, NOW, periods)).toEqual({
      audit: 1,
      contactEvents: 1,
      idempotencyKeys: 1,
      sessions: 1,
      holds: 1,
      loginFailures: 1,
      messages: 2,
      feedBatches: 1,
      chats: 1,
      ratingComments: 1,
    });
    expect(
      await t.db.selectFrom('portal_rating').select(['rating', 'reason', 'detail']).orderBy('at').execute(),
    ).toEqual([
      { rating: 2, reason: 'unclear', detail: null },
      { rating: 5, reason: 'clear', detail: 'tutto chiaro' },
    ]);
    expect(
      (await t.db.selectFrom('national_feed_batch').select('day').orderBy('day').execute()).map((r) =>
        String(r.day).slice(0, 10),
      ),
    ).toEqual(['2026-08-01', '2026-09-04']);
    expect(
      (await t.db.selectFrom('simulated_message').select('at').execute()).map((r) =>
        new Date(r.at).getTime(),
      ),
    ).toEqual([newMessage!.getTime()]);
    expect(
      (await t.db.selectFrom('outreach_reply').select('received_at').execute()).map((r) =>
        new Date(r.received_at).getTime(),
      ),
    ).toEqual([newMessage!.getTime()]);
    const chats = await t.db.selectFrom('chat_conversation').select('id').execute();
    expect(chats.map((c) => c.id).sort()).toEqual([newChat, openChat].sort());
    expect(await t.db.selectFrom('chat_message').select('seq').execute()).toEqual([]);
    const throttled = await t.db.selectFrom('login_throttle').select('key').orderBy('key').execute();
    expect(throttled.map((r) => r.key)).toEqual(['account:locked', 'account:recent']);
    const left = async (
      table: 'audit_event' | 'contact_event' | 'idempotency_key',
      column: 'at' | 'created_at',
    ) =>
      (
        await t.db
          .selectFrom(table)
          .select(sql<Date>`${sql.ref(column)}`.as('t'))
          .execute()
      ).map((r) => new Date(r.t).getTime());
    expect(await left('audit_event', 'at')).toEqual([newAudit!.getTime()]);
    expect(await left('contact_event', 'at')).toEqual([newEvent!.getTime()]);
    expect(await left('idempotency_key', 'created_at')).toEqual([newKey!.getTime()]);
    const sessions = await t.db.selectFrom('user_session').select('expires_at').execute();
    expect(sessions.map((s) => new Date(s.expires_at).getTime())).toEqual([newSession!.getTime()]);
    const holds = await t.db.selectFrom('hold').select('expires_at').execute();
    expect(holds.map((h) => new Date(h.expires_at).getTime())).toEqual([newHold!.getTime()]);
    const { taken } = await t.db
      .selectFrom('slot')
      .select('taken')
      .where('id', '=', slot.id)
      .executeTakeFirstOrThrow();
    expect(taken).toBe(1);

    // A second run finds nothing more to do.
    expect(Object.values(await enforceRetention(t.db, NOW, periods))).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('keeps the audit trail append-only for everyone else: no update, delete or truncate', async () => {
    await expect(sql`update audit_event set purpose = 'x'`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_event`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_event`.execute(t.db)).rejects.toThrow(/append-only/);
    // Declaring a cut-off does not open the rows younger than it.
    await expect(
      t.db.transaction().execute(async (tx) => {
        await sql`select set_config('sportello.purge_before_audit_event', ${new Date(NOW.getTime() - 800 * DAY).toISOString()}, true)`.execute(
          tx,
        );
        await sql`delete from audit_event`.execute(tx);
      }),
    ).rejects.toThrow(/within its retention period/);
    expect(
      Number((await sql<{ n: string }>`select count(*) as n from audit_event`.execute(t.db)).rows[0]!.n),
    ).toBe(1);
    await expect(sql`truncate contact_event`.execute(t.db)).rejects.toThrow(/contact_event is append-only/);
    await expect(sql`delete from contact_event`.execute(t.db)).rejects.toThrow(
      /contact_event is append-only/,
    );
  });
});

describe('retention settings', () => {
  it('default to an audit trail kept longest, and refuse one kept shorter than any other record', () => {
    const p = retentionPeriods(loadConfig({}));
    expect(p.auditDays).toBeGreaterThanOrEqual(
      Math.max(p.contactEventsDays, p.idempotencyDays, p.sessionsDays, p.holdsMinutes / 1440),
    );
    expect(() => loadConfig({ RETENTION_AUDIT_DAYS: '800', RETENTION_CONTACT_EVENTS_DAYS: '900' })).toThrow(
      ConfigError,
    );
    expect(() => loadConfig({ RETENTION_AUDIT_DAYS: '365' })).toThrow(/RETENTION_AUDIT_DAYS/);
  });
});
