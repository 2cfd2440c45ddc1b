import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { erlangCommand, planCommand, registerPlanningCommands } from './planning.cli.ts';

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
    expect(text).toMatch(/service level \(20 s\)/);
    expect(text).toMatch(/chiamate-perdute \(≤ 10%\)/);
    expect(text).toMatch(/total .* of the period's value \(€/);
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
        '--interval',
        '--model',
        '--simulate',
        '--replications',
        '--seed',
        '--json',
      ]),
    );
  });
});
