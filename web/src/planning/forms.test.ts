import { describe, expect, it } from 'vitest';
import {
  ERLANG_DEFAULTS,
  erlangFieldsFor,
  nextMonth,
  parseRoster,
  planDefaults,
  toErlangQuery,
  toPlanBody,
  toWhatIfOptions,
  WHAT_IF_DEFAULTS,
} from './forms.ts';

const calculator = { ...ERLANG_DEFAULTS, calls: '100', period: '1800', aht: '180' };

describe('Erlang calculator form → query', () => {
  it('sends Erlang C with agents, target and the service level as a share', () => {
    expect(toErlangQuery({ ...calculator, agents: '14', target: '20' }, 'it')).toEqual({
      ok: true,
      value: { model: 'c', calls: 100, period: 1800, aht: 180, agents: 14, target: 20, serviceLevel: 0.9 },
    });
  });

  it('sends only the fields of the chosen model', () => {
    const b = toErlangQuery({ ...calculator, model: 'b', agents: '14', lines: '14', blocking: '1' }, 'it');
    expect(b).toEqual({
      ok: true,
      value: { model: 'b', calls: 100, period: 1800, aht: 180, lines: 14, blocking: 0.01 },
    });
    const a = toErlangQuery({ ...calculator, model: 'a', agents: '14', maxAbandon: '5' }, 'it');
    expect(a).toEqual({
      ok: true,
      value: {
        model: 'a',
        calls: 100,
        period: 1800,
        aht: 180,
        agents: 14,
        target: 20,
        patience: 150,
        serviceLevel: 0.9,
        maxAbandon: 0.05,
      },
    });
    // Without a service level there is nothing for the abandonment cap to bound.
    const noLevel = toErlangQuery({ ...calculator, model: 'a', agents: '14', serviceLevel: '' }, 'it');
    expect(noLevel.ok && noLevel.value.maxAbandon).toBeUndefined();
    expect(erlangFieldsFor('b')).toEqual(['calls', 'period', 'aht', 'lines', 'blocking']);
  });

  it('reads Italian decimals and keeps shares free of binary noise', () => {
    const q = toErlangQuery({ ...calculator, aht: '180,5', agents: '14', serviceLevel: '80,5' }, 'it');
    expect(q.ok && q.value.aht).toBe(180.5);
    expect(q.ok && q.value.serviceLevel).toBe(0.805);
    const seven = toErlangQuery({ ...calculator, model: 'b', lines: '', blocking: '7' }, 'it');
    expect(seven.ok && seven.value.blocking).toBe(0.07);
  });

  it('says what is wrong, next to each field', () => {
    expect(toErlangQuery({ ...ERLANG_DEFAULTS, period: '0', aht: 'abc', agents: '2.5' }, 'en')).toEqual({
      ok: false,
      errors: {
        calls: 'planning.error.required',
        period: 'planning.error.positive',
        aht: 'planning.error.number',
        agents: 'planning.error.integer',
      },
    });
    expect(toErlangQuery({ ...calculator, serviceLevel: '' }, 'it')).toEqual({
      ok: false,
      errors: { agents: 'planning.error.agentsOrLevel' },
    });
    expect(toErlangQuery({ ...calculator, model: 'b', blocking: '' }, 'it')).toEqual({
      ok: false,
      errors: { lines: 'planning.error.linesOrBlocking' },
    });
    expect(toErlangQuery({ ...calculator, agents: '14', serviceLevel: '120' }, 'it')).toEqual({
      ok: false,
      errors: { serviceLevel: 'planning.error.percent' },
    });
    expect(toErlangQuery({ ...calculator, model: 'a', agents: '3', patience: '' }, 'it')).toEqual({
      ok: false,
      errors: { patience: 'planning.error.required' },
    });
  });
});

describe('month plan form → body', () => {
  it('plans the next month by default, with the MR-5 targets', () => {
    expect(nextMonth('2026-11-23')).toBe('2026-12');
    expect(nextMonth('2026-12-31')).toBe('2027-01');
    expect(toPlanBody(planDefaults('2026-11-23'), 'it')).toEqual({
      ok: true,
      value: {
        scenario: 'cup-2013',
        month: '2026-12',
        intervalMinutes: 30,
        model: 'c',
        serviceLevel: 0.9,
        targetSeconds: 20,
        shrinkage: 0.3,
      },
    });
  });

  it('sends the abandonment cap with Erlang A only', () => {
    const form = { ...planDefaults('2026-11-23'), model: 'a' as const, maxAbandonment: '7,5' };
    const body = toPlanBody(form, 'it');
    expect(body.ok && body.value.maxAbandonment).toBe(0.075);
  });

  it('refuses a missing month and an impossible shrinkage', () => {
    expect(toPlanBody({ ...planDefaults('2026-11-23'), month: '', shrinkage: '96' }, 'it')).toEqual({
      ok: false,
      errors: { month: 'planning.error.month', shrinkage: 'planning.error.shrinkage' },
    });
  });
});

describe('planned staffing in the month plan', () => {
  const form = planDefaults('2026-11-23');

  it('sends none for the required agents, a share, a cap or the roster’s bands', () => {
    const none = toPlanBody(form, 'it');
    expect(none.ok && 'staffing' in none.value).toBe(false);
    const scaled = toPlanBody({ ...form, staffing: 'scale', staffingPercent: '85' }, 'it');
    expect(scaled.ok && scaled.value.staffing).toEqual({ scale: 0.85 });
    const over = toPlanBody({ ...form, staffing: 'scale', staffingPercent: '110,5' }, 'it');
    expect(over.ok && over.value.staffing).toEqual({ scale: 1.105 });
    const capped = toPlanBody({ ...form, staffing: 'cap', maxAgents: '20' }, 'it');
    expect(capped.ok && capped.value.staffing).toEqual({ maxAgents: 20 });
    const bands = [{ from: '08:00', to: '14:00', agents: 12 }];
    const rostered = toPlanBody({ ...form, staffing: 'roster', roster: { name: 'turni.json', bands } }, 'it');
    expect(rostered.ok && rostered.value.staffing).toEqual({ roster: bands });
    // The other mode's value is not sent.
    const left = toPlanBody({ ...form, staffing: 'cap', maxAgents: '20', staffingPercent: '50' }, 'it');
    expect(left.ok && left.value.staffing).toEqual({ maxAgents: 20 });
  });

  it('says what is wrong with the share, the cap or a missing roster', () => {
    expect(toPlanBody({ ...form, staffing: 'scale', staffingPercent: '0' }, 'it')).toEqual({
      ok: false,
      errors: { staffingPercent: 'planning.error.staffingPercent' },
    });
    expect(toPlanBody({ ...form, staffing: 'scale', staffingPercent: '' }, 'it')).toEqual({
      ok: false,
      errors: { staffingPercent: 'planning.error.required' },
    });
    expect(toPlanBody({ ...form, staffing: 'cap', maxAgents: '2,5' }, 'it')).toEqual({
      ok: false,
      errors: { maxAgents: 'planning.error.maxAgents' },
    });
    expect(toPlanBody({ ...form, staffing: 'cap', maxAgents: '0' }, 'it')).toEqual({
      ok: false,
      errors: { maxAgents: 'planning.error.maxAgents' },
    });
    expect(toPlanBody({ ...form, staffing: 'roster' }, 'it')).toEqual({
      ok: false,
      errors: { roster: 'planning.error.rosterMissing' },
    });
  });

  it('reads a roster file: a JSON list of bands, its shape checked', () => {
    expect(parseRoster('[{"from":"08:00","to":"14:00","agents":12,"weekdays":["mon"]}]')).toEqual({
      ok: true,
      bands: [{ from: '08:00', to: '14:00', agents: 12, weekdays: ['mon'] }],
    });
    expect(parseRoster('{')).toEqual({ ok: false, error: 'planning.error.rosterJson' });
    expect(parseRoster('[]')).toEqual({ ok: false, error: 'planning.error.rosterShape' });
    expect(parseRoster('{"roster":[]}')).toEqual({ ok: false, error: 'planning.error.rosterShape' });
    expect(parseRoster('[{"from":"08:00","to":"14:00"}]')).toEqual({
      ok: false,
      error: 'planning.error.rosterShape',
    });
  });
});

describe('what-if options', () => {
  it('sends replications and seed, and the service value only when given', () => {
    expect(toWhatIfOptions(WHAT_IF_DEFAULTS, 'it')).toEqual({
      ok: true,
      value: { replications: 5, seed: 1 },
    });
    expect(toWhatIfOptions({ replications: '10', seed: '7', serviceValue: '100.000' }, 'it')).toEqual({
      ok: true,
      value: { replications: 10, seed: 7, serviceValueEuros: 100000 },
    });
    expect(toWhatIfOptions({ replications: '21', seed: '-1', serviceValue: '' }, 'it')).toEqual({
      ok: false,
      errors: { replications: 'planning.error.replications', seed: 'planning.error.integer' },
    });
  });
});
