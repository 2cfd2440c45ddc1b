import {
  type HourlyStaffing,
  runSimulation,
  type Scenario,
  type SimulationOptions,
  type SimulationReport,
  type Staffing,
  scenarioLoad,
  simulationPeriod,
  simulationStaffing,
} from '../../contact-centre/index.ts';
import { agentsForServiceLevel } from '../maths/erlang.ts';

const HOUR_MS = 3_600_000;

/**
 * A scenario's 'erlang' staffing sized hour by hour over [start, end): for each hour, the fewest agents
 * whose Erlang C service level meets the targets for the calls expected on the lines open then (at least
 * `minAgents`; none when no call is expected). The contact-centre simulator takes the result as agents:
 * it knows no queueing model, so the modules do not import each other.
 */
export function erlangStaffing(
  scenario: Scenario,
  staffing: Extract<Staffing, { kind: 'erlang' }>,
  start: number,
  end: number,
): HourlyStaffing {
  const load = scenarioLoad(scenario);
  const from = Math.floor(start / HOUR_MS) * HOUR_MS;
  const agents: number[] = [];
  for (let hour = from; hour < end; hour += HOUR_MS) {
    const calls = load.callsInHour(hour);
    if (calls <= 0) {
      agents.push(0);
      continue;
    }
    const sized = agentsForServiceLevel({
      callsPerPeriod: calls,
      periodSeconds: 3600,
      ahtSeconds: load.handlingSeconds,
      targetSeconds: staffing.targetSeconds,
      serviceLevel: staffing.serviceLevel,
      ...(staffing.maxOccupancy !== undefined ? { maxOccupancy: staffing.maxOccupancy } : {}),
    });
    agents.push(Math.max(sized, staffing.minAgents ?? 0));
  }
  return { kind: 'hourly', from, agents };
}

/**
 * Runs a scenario on the contact-centre simulator, sizing an 'erlang' staffing first (the command line's
 * `sportello simulate` and the benchmark use this); any other staffing goes through unchanged. The report
 * names the staffing as asked (the Erlang targets), not the hourly agents it became.
 */
export async function simulateScenario<S = null>(
  options: SimulationOptions<S>,
): Promise<SimulationReport<S>> {
  const { scenario, start, end } = simulationPeriod(options);
  const staffing = simulationStaffing(options, scenario);
  if (staffing.kind !== 'erlang') return runSimulation(options);
  const hourly = erlangStaffing(scenario, staffing, start, end);
  const { agents: _constant, ...rest } = options;
  const report = await runSimulation({ ...rest, scenario, staffing: hourly });
  return { ...report, staffing };
}
