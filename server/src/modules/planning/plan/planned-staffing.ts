import { invalidField } from '../../../platform/errors.ts';
import type { Weekday } from '../../contact-centre/index.ts';
import { WEEKDAY_KEYS } from './forecast.ts';

/**
 * The planned staffing of a what-if (WF-1): the agents a supervisor will actually have, against the agents
 * the targets require. Without a rule the plan puts the required agents on every interval. With one, the
 * planned agents are a share of the requirement (rounded up), the requirement capped, or a roster of time
 * bands; the queueing figures and the simulation then use the planned agents.
 */

export const MAX_STAFFING_SCALE = 5;
export const MAX_PLANNED_AGENTS = 10_000;
export const MAX_ROSTER_BANDS = 200;

export interface RosterBand {
  /** Local 'HH:mm', inclusive. */
  from: string;
  /** Local 'HH:mm' (or '24:00'), exclusive. */
  to: string;
  agents: number;
  /** Days the band applies to; absent: every day the line is open. */
  weekdays?: Weekday[];
}

/** What a request may say: exactly one of the three (validateStaffing checks it). */
export interface StaffingInput {
  scale?: number;
  maxAgents?: number;
  roster?: RosterBand[];
}

export type PlannedStaffing = { scale: number } | { maxAgents: number } | { roster: RosterBand[] };

const TIME = /^(?:([01][0-9]|2[0-3]):([0-5][0-9])|(24):(00))$/;

function minutesOf(text: unknown, field: string): number {
  const m = typeof text === 'string' ? TIME.exec(text) : null;
  if (!m) throw invalidField(field, `${field} must be a local time HH:mm (00:00 to 24:00)`);
  return Number(m[1] ?? m[3]) * 60 + Number(m[2] ?? m[4]);
}

const isCount = (x: unknown, min: number): x is number =>
  typeof x === 'number' && Number.isSafeInteger(x) && x >= min && x <= MAX_PLANNED_AGENTS;

/** The rule a request gives, checked field by field; null when it gives none (planned = required). */
export function validateStaffing(
  value: StaffingInput | undefined,
  path = 'staffing',
): PlannedStaffing | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw invalidField(path, `${path} must be an object with one of scale, maxAgents or roster`);
  }
  const given = (['scale', 'maxAgents', 'roster'] as const).filter((k) => value[k] !== undefined);
  const unknown = Object.keys(value).filter((k) => !['scale', 'maxAgents', 'roster'].includes(k));
  if (unknown.length > 0) throw invalidField(`${path}.${unknown[0]}`, `${path}.${unknown[0]} is not known`);
  const rule =
    `${path} takes exactly one of scale (a share of the required agents), maxAgents (a cap) or roster ` +
    '(agents by time band)';
  if (given.length === 0) throw invalidField(path, rule);
  if (given.length > 1) {
    throw invalidField(
      `${path}.${given[1]}`,
      `${path}.${given[1]} cannot go with ${path}.${given[0]}: ${rule}`,
    );
  }
  if (value.scale !== undefined) {
    const s = value.scale;
    if (!(typeof s === 'number' && Number.isFinite(s) && s > 0 && s <= MAX_STAFFING_SCALE)) {
      throw invalidField(
        `${path}.scale`,
        `${path}.scale must be a number in (0, ${MAX_STAFFING_SCALE}]: 0.85 plans 85% of the required agents`,
      );
    }
    return { scale: s };
  }
  if (value.maxAgents !== undefined) {
    if (!isCount(value.maxAgents, 1)) {
      throw invalidField(
        `${path}.maxAgents`,
        `${path}.maxAgents must be an integer from 1 to ${MAX_PLANNED_AGENTS}`,
      );
    }
    return { maxAgents: value.maxAgents };
  }
  const roster = value.roster;
  const at = `${path}.roster`;
  if (!Array.isArray(roster) || roster.length === 0 || roster.length > MAX_ROSTER_BANDS) {
    throw invalidField(at, `${at} must be a list of 1 to ${MAX_ROSTER_BANDS} time bands`);
  }
  return {
    roster: roster.map((band, i) => {
      const p = `${at}.${i}`;
      if (typeof band !== 'object' || band === null || Array.isArray(band)) {
        throw invalidField(p, `${p} must be an object { from, to, agents, weekdays? }`);
      }
      const extra = Object.keys(band).filter((k) => !['from', 'to', 'agents', 'weekdays'].includes(k));
      if (extra.length > 0) throw invalidField(`${p}.${extra[0]}`, `${p}.${extra[0]} is not known`);
      const from = minutesOf(band.from, `${p}.from`);
      const to = minutesOf(band.to, `${p}.to`);
      if (from === 24 * 60) throw invalidField(`${p}.from`, `${p}.from must be before 24:00`);
      if (to <= from) throw invalidField(`${p}.to`, `${p}.to must be after from (${band.from})`);
      if (!isCount(band.agents, 0)) {
        throw invalidField(`${p}.agents`, `${p}.agents must be an integer from 0 to ${MAX_PLANNED_AGENTS}`);
      }
      const out: RosterBand = { from: band.from, to: band.to, agents: band.agents };
      if (band.weekdays !== undefined) {
        if (!Array.isArray(band.weekdays) || band.weekdays.length === 0) {
          throw invalidField(`${p}.weekdays`, `${p}.weekdays must be a non-empty list of mon … sun`);
        }
        for (const [k, d] of band.weekdays.entries()) {
          if (!WEEKDAY_KEYS.includes(d)) {
            throw invalidField(
              `${p}.weekdays.${k}`,
              `${p}.weekdays.${k} must be one of ${WEEKDAY_KEYS.join(', ')}`,
            );
          }
        }
        out.weekdays = [...new Set(band.weekdays)];
      }
      return out;
    }),
  };
}

interface ParsedBand {
  from: number;
  to: number;
  agents: number;
  weekdays: Set<Weekday> | null;
}

/** Planned agents per interval from the required ones, for a rule already validated. */
export type PlannedAgents = (required: number, interval: { weekday: Weekday; time: string }) => number;

/**
 * The function that turns each interval's required agents into its planned agents. A roster sums the
 * bands that cover the interval (overlapping shifts add up); a band covering only part of an interval
 * counts pro rata, and the sum is rounded down: the agents there for the whole interval, on average.
 */
export function plannedAgentsRule(staffing: PlannedStaffing | null, intervalMinutes: number): PlannedAgents {
  if (staffing === null) return (required) => required;
  if ('scale' in staffing) {
    // A hair below, so that 10 × 0.7 (7.000000000000001 in binary) plans 7, not 8; max(0, …) keeps 0 from -0.
    return (required) => Math.max(0, Math.ceil(required * staffing.scale - 1e-9));
  }
  if ('maxAgents' in staffing) return (required) => Math.min(required, staffing.maxAgents);
  const bands: ParsedBand[] = staffing.roster.map((b) => ({
    from: minutesOf(b.from, 'from'),
    to: minutesOf(b.to, 'to'),
    agents: b.agents,
    weekdays: b.weekdays ? new Set(b.weekdays) : null,
  }));
  return (_required, iv) => {
    const start = Number(iv.time.slice(0, 2)) * 60 + Number(iv.time.slice(3, 5));
    const end = start + intervalMinutes;
    let agentMinutes = 0;
    for (const b of bands) {
      if (b.weekdays && !b.weekdays.has(iv.weekday)) continue;
      const overlap = Math.min(end, b.to) - Math.max(start, b.from);
      if (overlap > 0) agentMinutes += b.agents * overlap;
    }
    return Math.floor(agentMinutes / intervalMinutes + 1e-9);
  };
}
