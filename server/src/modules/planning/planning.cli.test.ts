import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { TENDER_PENALTIES } from '../reporting/index.ts';
import { serviceProfile } from './plan/forecast.ts';
import { erlangCommand, planBodyOf, planCommand, registerPlanningCommands } from './planning.cli.ts';

function capture() {
  let text = '';
  return { write: (s: string) => (text += s), text: () => text };
}

describe('sportello erlang', () => {
  it('prints waiting, service level, ASA, occupancy and the agents needed', () => {
    const out = capture();
    erlangCommand(
      {
        model: 'c',
        calls: '100',
        period: '1800',
        aht: '180',
        agents: '14',
        target: '20',
        serviceLevel: '0.8',
      },
      out,
    );
    expect(out.text()).toMatch(/Erlang C .*10\.00 Erlang/);
    expect(out.text()).toMatch(/probability of waiting\s+17\.4%/);
    expect(out.text()).toMatch(/service level \(20 s\)\s+88\.8%/);
    expect(out.text()).toMatch(/average speed of answer\s+7\.8 s/);
    expect(out.text()).toMatch(/occupancy\s+71\.4%/);
    expect(out.text()).toMatch(/agents needed for 80% in 20 s\s+14/);
  });

  it('prints blocking and lines needed for Erlang B, and JSON on request', () => {
    const out = capture();
    erlangCommand({ model: 'b', calls: 100, period: 1800, aht: 180, blocking: '0.01', json: true }, out);
    expect(JSON.parse(out.text())).toMatchObject({ model: 'b', lines: 18, linesNeeded: 18 });
  });

  it('names the option that is wrong', () => {
    const run = (opts: object) => () =>
      erlangCommand({ model: 'c', calls: '1', period: '1800', aht: '180', ...opts }, capture());
    expect(run({ agents: 'ten' })).toThrow(expect.objectContaining({ field: 'agents' }));
    expect(run({ model: 'a', agents: '3' })).toThrow(expect.objectContaining({ field: 'patience' }));
    expect(run({ calls: undefined })).toThrow(expect.objectContaining({ field: 'calls' }));
    expect(run({ serviceLevel: '1.5' })).toThrow(
      expect.objectContaining({
        field: 'service-level',
        message: expect.stringMatching(/^--service-level /),
      }),
    );
    expect(run({ model: 'a', patience: '120', maxAbandon: '2' })).toThrow(
      expect.objectContaining({ field: 'max-abandon' }),
    );
  });

  it('without --agents, prints the agents the contract’s 90% in 20 s needs, and says it is the default', () => {
    const out = capture();
    erlangCommand({ model: 'c', calls: '100', period: '1800', aht: '180', target: '20' }, out);
    expect(out.text()).toMatch(/^ {2}agents\s+15$/m);
    expect(out.text()).toMatch(/service level \(20 s\)\s+94\.1%/);
    expect(out.text()).toMatch(/agents needed for 90% \(default\) in 20 s\s+15/);
    expect(out.text()).toMatch(/default: the contract's targets, MR-5: 90% answered within the target/);
  });

  it('without --agents for model a, sizes for 90% in 20 s and at most 10% abandoning', () => {
    const out = capture();
    erlangCommand(
      { model: 'a', calls: '100', period: '1800', aht: '180', target: '20', patience: '120' },
      out,
    );
    expect(out.text()).toMatch(
      /agents needed for 90% \(default\) in 20 s, abandoning ≤ 10% \(default\)\s+\d+/,
    );
    const given = capture();
    erlangCommand(
      {
        model: 'a',
        calls: '100',
        period: '1800',
        aht: '180',
        target: '20',
        patience: '120',
        serviceLevel: '0.8',
        maxAbandon: '0.05',
        json: true,
      },
      given,
    );
    expect(JSON.parse(given.text())).toMatchObject({ serviceLevelTarget: 0.8, maxAbandonTarget: 0.05 });
    const half = capture();
    erlangCommand(
      {
        model: 'a',
        calls: '100',
        period: '1800',
        aht: '180',
        target: '20',
        patience: '120',
        serviceLevel: '0.8',
      },
      half,
    );
    expect(half.text()).toMatch(/agents needed for 80% in 20 s, abandoning ≤ 10% \(default\)/);
    expect(half.text()).toMatch(/default: the contract's targets, MR-5: at most 10% abandoning;/);
  });

  it('without --lines, prints the lines 1% blocking needs, and says it is the default', () => {
    const out = capture();
    erlangCommand({ model: 'b', calls: '100', period: '1800', aht: '180' }, out);
    expect(out.text()).toMatch(/^ {2}lines\s+18$/m);
    expect(out.text()).toMatch(/lines needed for blocking ≤ 1\.00% \(default\)\s+18/);
    expect(out.text()).toMatch(/default: 1% blocking/);
    const at = capture();
    erlangCommand({ model: 'b', calls: '100', period: '1800', aht: '180', lines: '10' }, at);
    expect(at.text()).not.toMatch(/lines needed|default/);
  });
});

describe('sportello plan', () => {
  it('prints a day table with totals, FTE and channels', async () => {
    const out = capture();
    await planCommand(
      { scenario: 'regional-2013', month: '2026-08', interval: '60', shrinkage: '0.3', contractHours: '36' },
      out,
    );
    const text = out.text();
    expect(text).toMatch(
      /Plan regional-2013 \(line 800292020\), 2026-08-01 – 2026-08-31, 60-minute intervals, Erlang C/,
    );
    expect(text).toMatch(/2026-08-15 sat\s+closed/);
    expect(text).toMatch(/FTE at 36 h\/week/);
    expect(text).toMatch(/CC-5 minimum 30/);
  });

  it('adds the simulation and the penalties with --simulate', async () => {
    const out = capture();
    await planCommand(
      {
        scenario: 'regional-2013',
        month: '2026-08',
        simulate: true,
        replications: '2',
        seed: '5',
        serviceValue: '10000',
      },
      out,
    );
    const text = out.text();
    expect(text).toMatch(/Simulation \(simulazione\): 2 replications, seeds 5–6/);
    expect(text).toMatch(/service level \(16 s in queue\)/);
    // The contract counts from the call's start: the queue has what the IVR leaves of the 20 s.
    expect(text).toMatch(/within 20 s of the call's start \(16 s in queue after 4 s of IVR\)/);
    expect(text).toMatch(/chiamate-perdute \(≤ 10%\)/);
    expect(text).toMatch(/total .* of the period's value \(€/);
  });

  it('plans a whole year from a yearly volume: the yearly FTE', async () => {
    const out = capture();
    await planCommand(
      {
        scenario: 'regional-2013',
        year: '2026',
        yearlyCalls: '120000',
        interval: '60',
        daysOnly: true,
        json: true,
      },
      out,
    );
    const plan = JSON.parse(out.text());
    expect(plan).toMatchObject({ from: '2026-01-01', to: '2026-12-31', days: 365, intervals: [] });
    expect(plan.totals.periodDays).toBe(365);
    expect(plan.totals.calls).toBeCloseTo(120_000, 0);
    expect(plan.totals.fte).toBeGreaterThan(0);
    expect(plan.byDay).toHaveLength(365);
  });

  it('plans a date range with --from and --to, and the handling, queue and staffing flags', async () => {
    const out = capture();
    await planCommand(
      {
        scenario: 'cup-2013',
        from: '2026-03-02',
        to: '2026-03-08',
        talk: '200',
        afterCallWork: '30',
        greeting: '7',
        ivr: '10',
        survey: '90',
        surveyShare: '0.2',
        queueSeconds: '15',
        minAgents: '3',
        maxOccupancy: '0.85',
        json: true,
      },
      out,
    );
    const plan = JSON.parse(out.text());
    expect(plan).toMatchObject({ from: '2026-03-02', to: '2026-03-08', days: 7 });
    expect(plan.handling).toMatchObject({
      talkSeconds: 200,
      afterCallWorkSeconds: 30,
      greetingSeconds: 7,
      ivrSeconds: 10,
      surveySeconds: 90,
      surveyShare: 0.2,
      queueSeconds: 15,
      ahtSeconds: 230,
    });
    expect(plan.targets).toMatchObject({ minAgents: 3, maxOccupancy: 0.85 });
    const text = capture();
    await planCommand({ scenario: 'cup-2013', from: '2026-03-02', to: '2026-03-03' }, text);
    expect(text.text()).toMatch(/Plan cup-2013 .*, 2026-03-02 – 2026-03-03, 30-minute intervals/);
  });

  it('passes every flag into the request body the API takes', () => {
    expect(
      planBodyOf({
        scenario: 'cup-2013',
        year: '2027',
        yearlyCalls: '900000',
        interval: '15',
        model: 'a',
        serviceLevel: '0.85',
        target: '30',
        maxAbandon: '0.05',
        patience: '90',
        shrinkage: '0.25',
        contractHours: '36',
        blocking: '0.02',
        channels: '70',
        daysOnly: true,
      }),
    ).toEqual({
      scenario: 'cup-2013',
      year: 2027,
      yearlyCalls: 900_000,
      intervalMinutes: 15,
      model: 'a',
      serviceLevel: 0.85,
      targetSeconds: 30,
      maxAbandonment: 0.05,
      patienceSeconds: 90,
      shrinkage: 0.25,
      contractHoursPerWeek: 36,
      blocking: 0.02,
      channels: 70,
      detail: 'days',
    });
  });

  it('refuses no period, two periods or half a range, naming the flag', async () => {
    const field = (opts: object) =>
      planCommand({ scenario: 'cup-2013', ...opts }, capture()).then(
        () => undefined,
        (e: { field?: string; message: string }) => e,
      );
    const none = await field({});
    expect(none).toMatchObject({
      field: 'month',
      message: expect.stringMatching(/--month .*--year .*--from/),
    });
    expect(await field({ month: '2026-03', year: '2026' })).toMatchObject({ field: 'year' });
    expect(await field({ year: '2026', from: '2026-01-01', to: '2026-01-31' })).toMatchObject({
      field: 'from',
    });
    expect(await field({ from: '2026-03-01' })).toMatchObject({ field: 'to', message: /--to/ });
    expect(await field({ to: '2026-03-01' })).toMatchObject({ field: 'from', message: /--from/ });
    expect(await field({ from: '2026-03-09', to: '2026-03-01' })).toMatchObject({
      field: 'to',
      message: /^--to must not be before from/,
    });
    expect(await field({ from: '2026-3-1', to: '2026-03-09' })).toMatchObject({ field: 'from' });
    expect(await field({ year: '1999' })).toMatchObject({ field: 'year' });
    expect(await field({ year: 'next' })).toMatchObject({ field: 'year' });
    expect(await field({ year: '2026', simulate: true })).toMatchObject({
      field: 'year',
      message: /365 days; at most 31/,
    });
  });

  it('names the flag, not the request field, for values the service refuses', async () => {
    const field = (opts: object) =>
      planCommand({ scenario: 'cup-2013', month: '2026-03', ...opts }, capture()).then(
        () => undefined,
        (e: { field?: string; message: string }) => e,
      );
    expect(await field({ yearlyCalls: '-5' })).toMatchObject({
      field: 'yearly-calls',
      message: /^--yearly-calls must be/,
    });
    expect(await field({ talk: '0' })).toMatchObject({ field: 'talk', message: /^--talk is out of range/ });
    expect(await field({ surveyShare: '2' })).toMatchObject({ field: 'survey-share' });
    expect(await field({ queueSeconds: '-1' })).toMatchObject({ field: 'queue-seconds' });
    expect(await field({ target: '-1' })).toMatchObject({ field: 'target' });
    expect(await field({ contractHours: '200' })).toMatchObject({ field: 'contract-hours' });
    expect(await field({ interval: '20' })).toMatchObject({ field: 'interval' });
    expect(await field({ minAgents: '1.5' })).toMatchObject({ field: 'min-agents' });
  });

  describe('with JSON files for the curves and the penalties', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sportello-plan-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const file = (name: string, value: unknown) => {
      const path = join(dir, name);
      writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
      return path;
    };
    const curves = serviceProfile('regional-2013').curves;

    it('plans on the curves of --curves, with --yearly-calls replacing their volume', async () => {
      const out = capture();
      const path = file('curves.json', { ...curves, yearlyCalls: 50_000 });
      await planCommand(
        { scenario: 'regional-2013', month: '2026-03', curves: path, daysOnly: true, json: true },
        out,
      );
      const own = JSON.parse(out.text()).totals.calls;
      const scaled = capture();
      await planCommand(
        {
          scenario: 'regional-2013',
          month: '2026-03',
          curves: path,
          yearlyCalls: '100000',
          daysOnly: true,
          json: true,
        },
        scaled,
      );
      expect(JSON.parse(scaled.text()).totals.calls).toBeCloseTo(own * 2, 6);
    });

    it('refuses a missing, malformed or wrong curves file with --curves named', async () => {
      const field = (path: string) =>
        planCommand({ scenario: 'regional-2013', month: '2026-03', curves: path }, capture()).then(
          () => undefined,
          (e: { field?: string; message: string }) => e,
        );
      expect(await field(join(dir, 'none.json'))).toMatchObject({ field: 'curves', message: /cannot read/ });
      expect(await field(file('bad.json', '{'))).toMatchObject({ field: 'curves', message: /is not JSON/ });
      expect(await field(file('extra.json', { ...curves, extra: 1 }))).toMatchObject({ field: 'curves' });
      const monthly = [...curves.monthly];
      monthly[0] = monthly[0]! + 20;
      expect(await field(file('sum.json', { ...curves, monthly }))).toMatchObject({
        field: 'curves',
        message: /--curves file: curves\.monthly: percentages add up to/,
      });
    });

    it('assesses the simulation on the penalty rules of --penalties', async () => {
      const out = capture();
      const rules = TENDER_PENALTIES.rules.filter((r) => r.id === 'chiamate-perdute');
      const path = file('penalties.json', { ...TENDER_PENALTIES, source: 'regional table', rules });
      await planCommand(
        {
          scenario: 'regional-2013',
          from: '2026-03-02',
          to: '2026-03-02',
          simulate: true,
          replications: '1',
          penalties: path,
          daysOnly: true,
          json: true,
        },
        out,
      );
      const { whatIf } = JSON.parse(out.text());
      expect(whatIf.penalties.source).toBe('regional table');
      expect(whatIf.penalties.rules.map((r: { id: string }) => r.id)).toEqual(['chiamate-perdute']);
      const bad = file('bad-penalties.json', { ...TENDER_PENALTIES, period: 'year' });
      await expect(
        planCommand(
          { scenario: 'regional-2013', month: '2026-03', simulate: true, penalties: bad },
          capture(),
        ),
      ).rejects.toMatchObject({ field: 'penalties' });
    });
  });

  describe('with a planned staffing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sportello-roster-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const file = (name: string, value: unknown) => {
      const path = join(dir, name);
      writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
      return path;
    };
    const day = { scenario: 'cup-2013', from: '2026-03-02', to: '2026-03-02', interval: '60' };
    const refusal = (opts: object) =>
      planCommand({ ...day, ...opts }, capture()).then(
        () => undefined,
        (e: { field?: string; message: string }) => e,
      );

    it('puts --staffing-scale, --max-agents or --roster into the body as the API’s staffing', () => {
      expect(planBodyOf({ ...day, staffingScale: '0.85' }).staffing).toEqual({ scale: 0.85 });
      expect(planBodyOf({ ...day, maxAgents: '20' }).staffing).toEqual({ maxAgents: 20 });
      const roster = [{ from: '08:00', to: '14:00', agents: 12, weekdays: ['mon'] }];
      expect(planBodyOf({ ...day, roster: file('roster.json', roster) }).staffing).toEqual({ roster });
      expect(planBodyOf(day).staffing).toBeUndefined();
    });

    it('prints both counts in the JSON, and planned against needed in the table', async () => {
      const json = capture();
      await planCommand({ ...day, maxAgents: '20', json: true }, json);
      const plan = JSON.parse(json.text());
      expect(plan.staffing).toEqual({ maxAgents: 20 });
      for (const iv of plan.intervals) {
        expect(iv).toHaveProperty('requiredAgents');
        expect(iv.plannedAgents).toBe(Math.min(iv.requiredAgents, 20));
      }
      expect(plan.totals.peakAgents).toBe(20);
      expect(plan.totals.required.peakAgents).toBeGreaterThan(20);
      expect(plan.totals.required.fte).toBeGreaterThan(plan.totals.fte);

      const text = capture();
      await planCommand({ ...day, maxAgents: '20', detail: true }, text);
      expect(text.text()).toMatch(/Staffing: planned agents = the required, at most 20/);
      expect(text.text()).toMatch(/req-h req-pk/);
      expect(text.text()).toMatch(/FTE planned, [\d.]+ FTE needed at 40 h\/week/);
      expect(text.text()).toMatch(/Peak 20 agents \(required \d+\)/);
      expect(text.text()).toMatch(/Intervals below the targets: \d+ of 12/);
      expect(text.text()).toMatch(/below target/);

      const plain = capture();
      await planCommand(day, plain);
      expect(plain.text()).toMatch(/Staffing: planned agents = required agents/);
      expect(plain.text()).not.toMatch(/req-h|FTE needed/);
    });

    it('simulates the rostered agents with --simulate', async () => {
      const roster = file('shifts.json', [
        { from: '08:00', to: '14:00', agents: 25 },
        { from: '14:00', to: '20:00', agents: 15 },
      ]);
      const out = capture();
      await planCommand({ ...day, roster, simulate: true, replications: '1', json: true }, out);
      const { plan, whatIf } = JSON.parse(out.text());
      expect(whatIf.intervals.map((iv: { agents: number }) => iv.agents)).toEqual(
        plan.intervals.map((iv: { time: string }) => (iv.time < '14:00' ? 25 : 15)),
      );
    });

    it('names the flag that is wrong', async () => {
      expect(await refusal({ staffingScale: '0' })).toMatchObject({
        field: 'staffing-scale',
        message: expect.stringMatching(/^--staffing-scale must be a number in \(0, 5\]/),
      });
      expect(await refusal({ staffingScale: 'most' })).toMatchObject({ field: 'staffing-scale' });
      expect(await refusal({ maxAgents: '2.5' })).toMatchObject({
        field: 'max-agents',
        message: expect.stringMatching(/^--max-agents must be an integer/),
      });
      expect(await refusal({ staffingScale: '0.8', maxAgents: '20' })).toMatchObject({
        field: 'max-agents',
        message: /at most one of --staffing-scale, --max-agents and --roster/,
      });
      expect(await refusal({ roster: join(dir, 'none.json') })).toMatchObject({
        field: 'roster',
        message: /cannot read/,
      });
      expect(await refusal({ roster: file('bad.json', '[') })).toMatchObject({
        field: 'roster',
        message: /is not JSON/,
      });
      expect(
        await refusal({ roster: file('pattern.json', [{ from: '8:00', to: '14:00', agents: 3 }]) }),
      ).toMatchObject({ field: 'roster', message: /0\.from/ });
      expect(
        await refusal({ roster: file('order.json', [{ from: '14:00', to: '08:00', agents: 3 }]) }),
      ).toMatchObject({
        field: 'roster',
        message: /in the --roster file: staffing\.roster\.0\.to must be after from/,
      });
    });
  });

  it('refuses a bad month or too many replications', async () => {
    await expect(planCommand({ scenario: 'cup-2013', month: '2026-3' }, capture())).rejects.toMatchObject({
      field: 'month',
    });
    await expect(
      planCommand({ scenario: 'cup-2013', month: '2026-03', simulate: true, replications: '50' }, capture()),
    ).rejects.toMatchObject({ field: 'replications' });
  });
});

describe('registerPlanningCommands', () => {
  afterEach(() => vi.restoreAllMocks());

  it('adds erlang and plan to a commander program', async () => {
    const program = registerPlanningCommands(new Command('sportello').exitOverride());
    expect(program.commands.map((c) => c.name())).toEqual(['erlang', 'plan']);
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    await program.parseAsync(
      [
        'erlang',
        '--model',
        'a',
        '--calls',
        '100',
        '--period',
        '1800',
        '--aht',
        '180',
        '--agents',
        '11',
        '--patience',
        '120',
        '--json',
      ],
      { from: 'user' },
    );
    const printed = JSON.parse(String(write.mock.calls[0]![0]));
    expect(printed).toMatchObject({ model: 'a', agents: 11, targetSeconds: 20 });
    expect(printed.probabilityOfAbandoning).toBeCloseTo(0.0942, 4);
    const plan = program.commands.find((c) => c.name() === 'plan')!;
    expect(plan.options.map((o) => o.long)).toEqual(
      expect.arrayContaining([
        '--scenario',
        '--month',
        '--year',
        '--from',
        '--to',
        '--yearly-calls',
        '--curves',
        '--penalties',
        '--interval',
        '--model',
        '--simulate',
        '--replications',
        '--seed',
        '--staffing-scale',
        '--max-agents',
        '--roster',
        '--json',
      ]),
    );
  });

  it('parses the listed erlang flags alone, and plan with a date range and a yearly volume', async () => {
    const program = registerPlanningCommands(new Command('sportello').exitOverride());
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const run = async (args: string[]) => {
      write.mockClear();
      await program.parseAsync(args, { from: 'user' });
      return JSON.parse(String(write.mock.calls[0]![0]));
    };
    const b = await run([
      'erlang',
      '--model',
      'b',
      '--calls',
      '100',
      '--period',
      '1800',
      '--aht',
      '180',
      '--json',
    ]);
    expect(b).toMatchObject({ lines: 18, linesNeeded: 18, blockingTarget: 0.01 });
    const c = await run([
      'erlang',
      '--model',
      'c',
      '--calls',
      '100',
      '--period',
      '1800',
      '--aht',
      '180',
      '--json',
    ]);
    expect(c).toMatchObject({ agents: 15, serviceLevelTarget: 0.9, targetSeconds: 20 });
    const plan = await run([
      'plan',
      '--scenario',
      'regional-2013',
      '--from',
      '2026-03-02',
      '--to',
      '2026-03-03',
      '--yearly-calls',
      '100000',
      '--after-call-work',
      '20',
      '--queue-seconds',
      '10',
      '--min-agents',
      '2',
      '--days-only',
      '--json',
    ]);
    expect(plan).toMatchObject({ from: '2026-03-02', to: '2026-03-03', intervals: [] });
    expect(plan.handling).toMatchObject({ afterCallWorkSeconds: 20, queueSeconds: 10 });
    expect(plan.targets.minAgents).toBe(2);
  });
});
