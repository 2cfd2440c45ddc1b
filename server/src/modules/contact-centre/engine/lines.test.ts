import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { basilicataCentre } from '../config/builtin-config.ts';
import { OpeningCalendar, STANDARD_HOURS } from './calendar.ts';
import { resolveConfig } from './config.ts';
import { Harness } from './test-harness.ts';

const rome = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Rome' }).toMillis();
const CUP = '848 821 821';

describe('opening hours (CC-4)', () => {
  const cal = new OpeningCalendar(STANDARD_HOURS);
  it.each([
    ['2025-03-04T07:59', false, 'Tuesday before 8'],
    ['2025-03-04T08:00', true, 'Tuesday at 8'],
    ['2025-03-04T19:59', true, 'Tuesday before 20'],
    ['2025-03-04T20:00', false, 'Tuesday at 20'],
    ['2025-03-08T13:59', true, 'Saturday before 14'],
    ['2025-03-08T14:00', false, 'Saturday at 14'],
    ['2025-03-09T10:00', false, 'Sunday'],
    ['2025-04-21T10:00', false, 'Easter Monday'],
    ['2025-04-25T10:00', false, 'Liberation Day'],
    ['2025-12-25T10:00', false, 'Christmas'],
    ['2025-12-26T10:00', false, 'Santo Stefano'],
    // St Francis (4 October) is a national holiday again from 2026 (law 151/2025): a Monday in 2027.
    ['2024-10-04T10:00', true, 'St Francis 2024, a working Friday'],
    ['2027-10-04T10:00', false, 'St Francis 2027'],
    ['2027-03-29T10:00', false, 'Easter Monday 2027'],
    ['2025-03-31T08:00', true, 'Monday after the switch to summer time'],
    ['2025-10-27T07:59', false, 'Monday after the switch to winter time'],
  ])('%s is open: %s (%s)', (iso, open) => {
    expect(cal.isOpen(rome(iso))).toBe(open);
  });

  it('finds the next opening across a weekend and a holiday', () => {
    expect(cal.nextOpening(rome('2025-03-08T15:00'))).toBe(rome('2025-03-10T08:00'));
    expect(cal.nextOpening(rome('2025-04-18T21:00'))).toBe(rome('2025-04-19T08:00'));
    expect(cal.nextOpening(rome('2025-04-19T14:30'))).toBe(rome('2025-04-22T08:00'));
    expect(cal.nextOpening(rome('2025-03-30T07:00'))).toBe(rome('2025-03-31T08:00'));
  });

  // The wallboard says when each line closes or opens next (MR-4, CC-4); dates and times written by hand.
  it.each([
    ['2026-12-04T10:00', '2026-12-04T20:00', 'a Friday: closes at 20'],
    ['2026-12-05T09:30', '2026-12-05T14:00', 'a Saturday: closes at 14'],
    ['2026-12-06T16:00', '2026-12-07T08:00', 'a Sunday: opens on Monday at 8'],
    ['2026-12-07T20:00', '2026-12-09T08:00', 'Monday at 20: Tuesday is the Immaculate Conception'],
    ['2026-12-24T21:00', '2026-12-28T08:00', 'Christmas Eve: Christmas, Santo Stefano (a Saturday), Sunday'],
    ['2026-03-28T15:00', '2026-03-30T08:00', 'across the switch to summer time'],
    ['2026-10-24T14:00', '2026-10-26T08:00', 'Saturday at 14 itself, across the switch to winter time'],
  ])('at %s the state changes at %s (%s)', (at, change) => {
    expect(cal.nextChange(rome(at))).toBe(rome(change));
  });

  it('counts hours running through midnight as one stretch, and says nothing of a line always open', () => {
    const nights = new OpeningCalendar({
      ...STANDARD_HOURS,
      weekly: { fri: [['18:00', '24:00']], sat: [['00:00', '06:00']] },
    });
    expect(nights.nextChange(rome('2026-12-04T19:00'))).toBe(rome('2026-12-05T06:00'));
    expect(nights.nextChange(rome('2026-12-05T07:00'))).toBe(rome('2026-12-11T18:00'));
    expect(new OpeningCalendar('always').nextChange(rome('2026-12-06T16:00'))).toBeNull();
    expect(
      new OpeningCalendar({ ...STANDARD_HOURS, weekly: {} }).nextChange(rome('2026-12-06T16:00')),
    ).toBeNull();
  });
});

describe('lines', () => {
  it('meets busy beyond the channels and counts it (CC-5)', () => {
    const h = new Harness(basilicataCentre());
    for (let i = 0; i < 60; i++) h.call(CUP, `33300000${String(i).padStart(2, '0')}`);
    const extra = h.call(CUP);
    expect(h.last('call.busy')).toMatchObject({ callId: extra, reason: 'channels' });
    expect(h.last('call.ended')).toMatchObject({ callId: extra, outcome: 'busy' });
    expect(h.commandsFor(extra)).toEqual([{ type: 'hang-up', callId: extra, cause: 'busy' }]);
    expect(h.events('call.arrived').at(-2)).toMatchObject({ channelsInUse: 60, channels: 60 });
    // A caller leaving frees a channel for the next one.
    h.hangUp('c1');
    h.call(CUP);
    expect(h.events('call.busy')).toHaveLength(1);
  });

  it('insists on the minimum channels of the tender', () => {
    const config = basilicataCentre();
    config.lines[0]!.channels = 59;
    expect(() => resolveConfig(config)).toThrow(/lines\.0: a cup line needs at least 60 channels/);
    config.lines[0]!.channels = 60;
    config.lines[1]!.channels = 29;
    expect(() => resolveConfig(config)).toThrow(/lines\.1: a regionale line needs at least 30 channels/);
  });

  it('turns away callers not on the facilities allow-list (CC-6)', () => {
    const h = new Harness(basilicataCentre());
    const stranger = h.call('0971 471 300', '3331234567');
    expect(h.last('call.turned-away')).toMatchObject({ callId: stranger, reason: 'not-authorised' });
    expect(h.prompts(stranger)).toEqual(['not-authorised']);
    expect(h.commandsFor(stranger).at(-1)).toMatchObject({ type: 'hang-up', cause: 'rejected' });
    const facility = h.call('0971 471 300', '0971 411111');
    expect(h.last('call.queued')).toMatchObject({
      callId: facility,
      queueId: 'strutture',
      requestType: 'facility-support',
    });
  });

  it('answers a discontinued number with a redirect until its date, then no more (CC-7)', () => {
    const config = basilicataCentre({ numbersRetiredOn: '2025-01-01' });
    const h = new Harness(config, '2025-04-30T19:00:00+02:00');
    const before = h.call('0971 471373');
    expect(h.last('call.turned-away')).toMatchObject({ callId: before, reason: 'redirect' });
    expect(h.commandsFor(before).find((c) => c.type === 'play')).toMatchObject({
      prompt: { text: expect.stringContaining('848 821 821') },
    });
    h.advance(6 * 3600); // 1 May: four months are over
    const after = h.call('0971 471373');
    expect(h.last('call.turned-away')).toMatchObject({ callId: after, reason: 'number-ceased' });
    expect(h.commandsFor(after)).toEqual([{ type: 'hang-up', callId: after, cause: 'unallocated' }]);
  });

  it('plays the closed message out of hours and offers a callback dialled after opening (CC-3, CC-4)', () => {
    const h = new Harness(basilicataCentre(), '2025-03-04T20:30:00+01:00');
    const c = h.call(CUP, '3339876543');
    expect(h.last('call.out-of-hours')).toMatchObject({ callId: c, nextOpening: rome('2025-03-05T08:00') });
    expect(h.prompts(c)).toEqual(['out-of-hours', 'out-of-hours-callback-offer']);
    h.press(c, '1');
    expect(h.last('callback.requested')).toMatchObject({
      callId: c,
      outOfHours: true,
      number: '3339876543',
      notBefore: rome('2025-03-05T08:00'),
    });
    expect(h.last('call.ended')).toMatchObject({ callId: c, outcome: 'out-of-hours' });
    h.login('a1', { 'cup-prenotazioni': 1 }, '4521');
    h.advance(11.5 * 3600);
    const dialled = h.last('callback.dialled');
    expect(dialled).toBeUndefined();
    expect(h.last('call.presented')).toMatchObject({
      kind: 'callback',
      agentId: 'a1',
      at: rome('2025-03-05T08:00'),
    });
    h.act({ type: 'agent.answer', agentId: 'a1' });
    const leg = h.last('callback.dialled')!;
    expect(h.commands.at(-1)).toEqual({
      type: 'originate',
      callId: leg.legId,
      to: '3339876543',
      from: '848821821',
      tag: 'callback',
    });
    h.send({ type: 'outbound-answered', callId: leg.legId });
    expect(h.last('callback.answered')).toMatchObject({ agentId: 'a1', operatorCode: '4521' });
    expect(h.prompts(leg.legId)).toEqual(['callback-greeting', 'operator-code']);
  });

  it('closes without an offer when the caller id is withheld', () => {
    const h = new Harness(basilicataCentre(), '2025-03-09T10:00:00+01:00');
    const c = h.call(CUP, 'anonymous');
    expect(h.prompts(c)).toEqual(['out-of-hours']);
    expect(h.last('call.ended')).toMatchObject({ callId: c, outcome: 'out-of-hours' });
  });
});
