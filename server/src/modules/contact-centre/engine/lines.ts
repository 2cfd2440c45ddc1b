import { DateTime } from 'luxon';
import { invalidField } from '../../../platform/errors.ts';
import { OpeningCalendar, type OpeningHours, validateOpeningHours } from './calendar.ts';

/**
 * A dialled number (numerazione) with its channel capacity and rules: which IVR flow answers it, who may
 * call it, whether it is discontinued, when it is open.
 */
export interface LineConfig {
  /** As dialled; spaces, dots and slashes are ignored when matching. */
  number: string;
  name: string;
  /** Service the line belongs to ('cup', 'regionale', …): sets the minimum channels (CC-5). */
  service: string;
  /** Simultaneous calls the trunk carries (canali); calls beyond it meet busy (CC-5). */
  channels: number;
  hours: OpeningHours | 'always';
  /** IVR flow answering the line; not needed on a discontinued number. */
  flow?: string;
  /** CC-6: only these caller ids get through; everyone else hears `notAuthorisedText`. */
  allowedCallers?: string[];
  notAuthorisedText?: string;
  /** CC-7: a discontinued number plays `text` until `until` (inclusive, local date), then is ceased. */
  redirect?: { text: string; until: string };
  /** CC-3 / CC-4: out of hours, offer a callback dialled after opening, into this queue. */
  outOfHoursCallback?: { queue: string; requestType: string; priority: number } | null;
  /** OB-4: out of hours too, a caller may cancel a booking alone (key 2): cancellation is 24/7. */
  outOfHoursSelfCancel?: boolean;
}

/** CC-5: the tender's minimum channels per service. */
export const MIN_CHANNELS: Readonly<Record<string, number>> = { cup: 60, regionale: 30 };

export const normaliseNumber = (n: string) => n.replace(/[\s./-]/g, '');

/** The forms a caller id takes in the registry: as dialled, and with or without the +39 prefix. */
export function phoneVariants(number: string): string[] {
  const n = normaliseNumber(number);
  const national = n.startsWith('+39') ? n.slice(3) : n.startsWith('0039') ? n.slice(4) : n;
  return [...new Set([n, national, `+39${national}`])];
}

/** A line while the engine runs: its calendar and the channels in use. */
export class LineRuntime {
  readonly number: string;
  readonly calendar: OpeningCalendar;
  readonly allowed: Set<string> | null;
  /** End of the redirect period (epoch ms), when the line is discontinued. */
  readonly redirectUntil: number | null;
  inUse = 0;

  constructor(readonly config: LineConfig) {
    this.number = normaliseNumber(config.number);
    this.calendar = new OpeningCalendar(config.hours);
    this.allowed = config.allowedCallers ? new Set(config.allowedCallers.map(normaliseNumber)) : null;
    this.redirectUntil = config.redirect ? endOfLocalDay(config.redirect.until, config.hours) : null;
  }

  get hasFreeChannel(): boolean {
    return this.inUse < this.config.channels;
  }

  /** Takes a channel; false (and nothing taken) when the line is saturated. */
  seize(): boolean {
    if (this.inUse >= this.config.channels) return false;
    this.inUse++;
    return true;
  }

  release(): void {
    if (this.inUse > 0) this.inUse--;
  }

  isAuthorised(callerId: string): boolean {
    return this.allowed === null || this.allowed.has(normaliseNumber(callerId));
  }
}

function endOfLocalDay(date: string, hours: OpeningHours | 'always'): number {
  const zone = hours === 'always' ? 'Europe/Rome' : hours.timeZone;
  return DateTime.fromISO(date, { zone }).plus({ days: 1 }).startOf('day').toMillis();
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Checks the lines against each other and against the known flows and queues; errors name the path. */
export function validateLines(
  lines: LineConfig[],
  known: { flows: Set<string>; queues: Set<string>; requestTypes: readonly string[] },
): void {
  if (!Array.isArray(lines) || lines.length === 0)
    throw invalidField('lines', 'lines: at least one line is needed');
  const seen = new Set<string>();
  for (const [i, line] of lines.entries()) {
    const p = `lines.${i}`;
    if (typeof line.number !== 'string' || !/^\+?\d{3,15}$/.test(normaliseNumber(line.number))) {
      throw invalidField(`${p}.number`, `${p}.number must be a telephone number`);
    }
    const number = normaliseNumber(line.number);
    if (seen.has(number)) throw invalidField(`${p}.number`, `${p}.number ${line.number} appears twice`);
    seen.add(number);
    if (!Number.isSafeInteger(line.channels) || line.channels < 1) {
      throw invalidField(`${p}.channels`, `${p}.channels must be an integer >= 1`);
    }
    const min = MIN_CHANNELS[line.service];
    if (min !== undefined && !line.redirect && line.channels < min) {
      throw invalidField(
        `${p}.channels`,
        `${p}: a ${line.service} line needs at least ${min} channels (CC-5)`,
      );
    }
    validateOpeningHours(line.hours, `${p}.hours`);
    if (line.redirect) {
      if (!line.redirect.text || !DATE.test(line.redirect.until)) {
        throw invalidField(`${p}.redirect`, `${p}.redirect needs a text and an 'until' date YYYY-MM-DD`);
      }
    } else if (!line.flow || !known.flows.has(line.flow)) {
      throw invalidField(`${p}.flow`, `${p}.flow ${JSON.stringify(line.flow)} is not a declared IVR flow`);
    }
    if (line.allowedCallers && !line.notAuthorisedText) {
      throw invalidField(
        `${p}.notAuthorisedText`,
        `${p}: a line with allowedCallers needs notAuthorisedText`,
      );
    }
    const ooh = line.outOfHoursCallback;
    if (ooh) {
      if (!known.queues.has(ooh.queue)) {
        throw invalidField(
          `${p}.outOfHoursCallback.queue`,
          `${p}.outOfHoursCallback.queue ${ooh.queue} is unknown`,
        );
      }
      if (!known.requestTypes.includes(ooh.requestType)) {
        throw invalidField(
          `${p}.outOfHoursCallback.requestType`,
          `${p}.outOfHoursCallback.requestType is unknown`,
        );
      }
    }
  }
}
