import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DRIVERS, type TestDatabase } from '../../../test/databases.ts';
import { ManualScheduler } from '../../../test/manual-scheduler.ts';
import { ManualClock } from '../../platform/clock.ts';
import { loadConfig } from '../../platform/config.ts';
import { createLogger } from '../../platform/logger.ts';
import { listContactEvents } from './contact-centre.repository.ts';
import type { LiveContactCentre } from './contact-centre.service.ts';
import type { ContactEvent } from './engine/events.ts';
import { startLiveContactCentre } from './index.ts';

// Issue 8 §15–16: what the caller and the operator are told is stored first, and nothing acknowledged is
// lost while the database is away. "Away" is the events table renamed: every insert fails, on both drivers,
// exactly as long as the test says.

// Tuesday 24 November 2026, 09:00 in Rome: the lines are open.
const T0 = Date.parse('2026-11-24T08:00:00Z');
const at = (seconds: number) => T0 + seconds * 1000;
const REGIONAL = '800 29 20 20';

async function databaseAway(db: TestDatabase['db']) {
  await sql`alter table contact_event rename to contact_event_away`.execute(db);
}
async function databaseBack(db: TestDatabase['db']) {
  await sql`alter table contact_event_away rename to contact_event`.execute(db);
}

describe.each(DRIVERS)(
  'contact events stored first, and kept while the database is away, on $name',
  ({ create }) => {
    let t: TestDatabase;
    let running: LiveContactCentre[] = [];
    let dir: string;
    beforeEach(async () => {
      t = await create();
      running = [];
      dir = mkdtempSync(join(tmpdir(), 'sportello-durability-'));
    });
    afterEach(async () => {
      for (const c of running) await c.stop();
      await t?.drop();
    });

    async function startCentre(clock: ManualClock, spillPath = join(dir, 'spill.jsonl'), maxBuffered = 5) {
      const scheduler = new ManualScheduler(clock);
      const config = loadConfig({ LOG_LEVEL: 'silent', SIM_TRAFFIC: 'off', SIM_AGENTS: '0' });
      const centre = await startLiveContactCentre({
        db: t.db,
        clock,
        config,
        log: createLogger('silent'),
        scheduler,
        flushEveryMs: 3_600_000,
        maxBufferedEvents: maxBuffered,
        spillPath,
      });
      if (!centre) throw new Error('the centre should be on');
      running.push(centre);
      const events: ContactEvent[] = [];
      centre.engine.subscribe((e) => events.push(e));
      const until = (seconds: number) =>
        scheduler.advanceSettling(at(seconds) - clock.now().getTime(), () => centre.writer.settled());
      return { centre, until, events };
    }

    it('does not promise a callback it could not store: the caller keeps their place', async () => {
      const clock = new ManualClock(new Date(T0));
      // The spill "file" is a directory: the disk refuses the events too.
      const { centre, until, events } = await startCentre(clock, dir);
      await databaseAway(t.db);
      const callId = centre.engine.injectCall({ line: REGIONAL, callerId: '3339998877', digits: '11' });
      await until(30);
      expect(events.find((e) => e.type === 'callback.cancelled')).toMatchObject({
        callbackId: `${callId}-cb`,
        reason: 'not-stored',
      });
      // Not told "we will call you back", not hung up: still waiting in the regional queue.
      expect(events.some((e) => e.type === 'call.ended')).toBe(false);
      expect(centre.snapshot().callbacksPending).toBe(0);
      expect(centre.snapshot().queues.find((q) => q.id === 'regionale')?.waiting).toBe(1);
      expect(centre.storage().state).toBe('failing');
      await databaseBack(t.db);
      await centre.flush();
      expect(centre.storage()).toMatchObject({ state: 'ok', buffered: 0, spilled: 0 });
    });

    it('spills to disk past the bound, says so, and writes every event once, in order, when the database is back', async () => {
      const clock = new ManualClock(new Date(T0));
      const { centre, until, events } = await startCentre(clock);
      await centre.flush();
      const before = (await listContactEvents(t.db)).length;
      await databaseAway(t.db);
      const callId = centre.engine.injectCall({ line: REGIONAL, callerId: '3339998877', digits: '11' });
      await until(30);
      // Confirmed: the request is on disk.
      expect(events.find((e) => e.type === 'call.ended')).toMatchObject({ callId, outcome: 'callback' });
      const health = centre.storage();
      expect(health.state).toBe('degraded');
      expect(health.since).not.toBeNull();
      expect(health.spilled).toBeGreaterThan(0);
      expect(existsSync(join(dir, 'spill.jsonl'))).toBe(true);
      // The bound holds: never more than 5 events in memory while the database is away.
      for (let i = 0; i < 4; i++) centre.engine.injectCall({ line: REGIONAL, digits: '2' });
      await until(60);
      expect(centre.storage().buffered).toBeLessThan(5);
      expect(centre.snapshot().storage.state).toBe('degraded');

      await databaseBack(t.db);
      await centre.flush();
      expect(centre.storage()).toEqual({ state: 'ok', buffered: 0, spilled: 0, since: null });
      expect(existsSync(join(dir, 'spill.jsonl'))).toBe(false);
      const stored = (await listContactEvents(t.db)).slice(before);
      expect(stored.map((e) => e.payload)).toEqual(JSON.parse(JSON.stringify(events)));
    });

    it('replays the spill file of a run that died while the database was away, and takes its callback back', async () => {
      const clock = new ManualClock(new Date(T0));
      const first = await startCentre(clock);
      await databaseAway(t.db);
      const callId = first.centre.engine.injectCall({ line: REGIONAL, callerId: '3339998877', digits: '11' });
      await first.until(30);
      expect(first.events.find((e) => e.type === 'call.ended')).toMatchObject({
        callId,
        outcome: 'callback',
      });
      // The process dies here (no stop); the database comes back; a new process starts on the same DATA_DIR.
      running = [];
      await databaseBack(t.db);
      clock.set(new Date(at(120)));
      const second = await startCentre(clock);
      expect(second.centre.recoveredCallbacks.map((c) => [c.callbackId, c.number, c.restored])).toEqual([
        [`${callId}-cb`, '3339998877', true],
      ]);
      const requested = (await listContactEvents(t.db)).filter((e) => e.type === 'callback.requested');
      expect(requested).toHaveLength(1);
      expect(existsSync(join(dir, 'spill.jsonl'))).toBe(false);
    });

    it('does not dial twice a callback found dialling after a crash: the attempt was stored first', async () => {
      const clock = new ManualClock(new Date(T0));
      const first = await startCentre(clock);
      const callId = first.centre.engine.injectCall({ line: REGIONAL, callerId: '3339998877', digits: '11' });
      await first.until(30);
      first.centre.engine.act({ type: 'agent.login', agentId: 'a', code: '4521', skills: { regionale: 1 } });
      first.centre.engine.act({ type: 'agent.ready', agentId: 'a' });
      first.centre.engine.act({ type: 'agent.answer', agentId: 'a' });
      await first.centre.writer.settled();
      // Stored before the switch was told to dial; the process dies while it rings.
      const dialled = (await listContactEvents(t.db)).filter((e) => e.type === 'callback.dialled');
      expect(dialled.map((e) => e.payload.legId)).toEqual([`${callId}-cb1`]);
      running = [];
      clock.set(new Date(at(60)));
      const second = await startCentre(clock);
      expect(second.centre.recoveredCallbacks).toEqual([
        expect.objectContaining({ callbackId: `${callId}-cb`, attempts: 1, attemptInProgress: true }),
      ]);
      second.centre.engine.act({ type: 'agent.login', agentId: 'b', code: '4522', skills: { regionale: 1 } });
      second.centre.engine.act({ type: 'agent.ready', agentId: 'b' });
      // Not redialled now: the interrupted attempt failed, the next one waits the retry delay (300 s).
      expect(second.centre.engine.agent('b')).toMatchObject({ state: 'ready' });
      await second.until(60 + 300);
      second.centre.engine.act({ type: 'agent.answer', agentId: 'b' });
      await second.centre.flush();
      const events = (await listContactEvents(t.db)).filter(
        (e) => e.callId === `${callId}-cb` && e.type.startsWith('callback.'),
      );
      expect(events.map((e) => [e.type, e.payload.legId ?? null, e.payload.reason ?? null])).toEqual([
        ['callback.dialled', `${callId}-cb1`, null],
        ['callback.failed', `${callId}-cb1`, 'interrupted'],
        ['callback.restored', null, null],
        ['callback.queued', null, null],
        ['callback.dialled', `${callId}-cb2`, null],
      ]);
    });
  },
);
