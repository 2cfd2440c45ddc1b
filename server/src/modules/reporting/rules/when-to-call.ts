/** MR-6: how long callers waited, by hour band, shown as a face: short, middling, long. */

/** An average wait up to this is short (a green face). */
export const SHORT_WAIT_SECONDS = 60;
/** Up to this, middling (yellow); longer is long (red). */
export const LONG_WAIT_SECONDS = 180;
/** The bands shown: the CUP line's opening hours, 08:00 to 20:00 (Rome). */
export const FIRST_HOUR = 8;
export const LAST_HOUR = 20;

export type Face = 'short' | 'middling' | 'long';

export function faceOf(averageSeconds: number): Face {
  if (averageSeconds <= SHORT_WAIT_SECONDS) return 'short';
  return averageSeconds <= LONG_WAIT_SECONDS ? 'middling' : 'long';
}

export interface BandWait {
  hour: number;
  calls: number;
  minSeconds: number;
  avgSeconds: number;
  maxSeconds: number;
}

export interface Band {
  from: string;
  to: string;
  calls: number;
  minSeconds: number | null;
  avgSeconds: number | null;
  maxSeconds: number | null;
  face: Face | null;
}

const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;

/** Every band from FIRST_HOUR to LAST_HOUR, with the waits measured in it (none: no call answered). */
export function hourBands(measured: readonly BandWait[]): Band[] {
  const byHour = new Map(measured.map((m) => [m.hour, m]));
  const out: Band[] = [];
  for (let h = FIRST_HOUR; h < LAST_HOUR; h++) {
    const m = byHour.get(h);
    out.push({
      from: hh(h),
      to: hh(h + 1),
      calls: m?.calls ?? 0,
      minSeconds: m ? Math.round(m.minSeconds) : null,
      avgSeconds: m ? Math.round(m.avgSeconds) : null,
      maxSeconds: m ? Math.round(m.maxSeconds) : null,
      face: m ? faceOf(m.avgSeconds) : null,
    });
  }
  return out;
}
