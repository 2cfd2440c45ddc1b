// BK-10: how a club's athletes are spread over the free places of the agreed period — as many as possible
// on the same day, at one facility (the club travels together), in the fewest days. Pure: no I/O.

/** A slot with free places (capacity − taken), on its Rome day. */
export interface PlanSlot {
  slotId: number;
  start: Date;
  free: number;
  facilityId: string;
  /** The Rome date of the slot's start (YYYY-MM-DD). */
  day: string;
}

export interface PlannedPlace {
  /** The athlete's place in the club's list (1-based). */
  position: number;
  slotId: number;
  start: Date;
}

export interface PlannedDay {
  day: string;
  facilityId: string;
  places: PlannedPlace[];
}

export interface GroupPlan {
  days: PlannedDay[];
  /** Athletes the period's free places could not take, in the club's order. */
  unplaced: number[];
}

interface Session {
  day: string;
  facilityId: string;
  places: { slotId: number; start: Date }[];
}

/**
 * The plan for `positions` (in the club's order) over `slots`. Athletes are interchangeable, so the
 * fewest days come from the largest sessions (one facility, one day) first; once a session can take all
 * the athletes still waiting, the earliest such session is chosen instead (one day, as soon as possible).
 * Ties go to the earlier day, then the facility's id. Within a day the athletes follow the club's list
 * into the places in time order. `maxPerDay` is what the facility agreed to see in one day.
 */
export function planGroup(
  positions: readonly number[],
  slots: readonly PlanSlot[],
  opts: { maxPerDay?: number | null } = {},
): GroupPlan {
  const cap = opts.maxPerDay ?? Number.POSITIVE_INFINITY;
  const sessions = new Map<string, Session>();
  for (const s of slots) {
    if (s.free <= 0) continue;
    const key = `${s.day}|${s.facilityId}`;
    let session = sessions.get(key);
    if (!session) {
      session = { day: s.day, facilityId: s.facilityId, places: [] };
      sessions.set(key, session);
    }
    for (let i = 0; i < s.free; i++) session.places.push({ slotId: s.slotId, start: s.start });
  }
  const open = [...sessions.values()];
  for (const s of open) {
    s.places.sort((a, b) => a.start.getTime() - b.start.getTime() || a.slotId - b.slotId);
    s.places.length = Math.min(s.places.length, cap);
  }
  const earlier = (a: Session, b: Session) =>
    a.day < b.day
      ? -1
      : a.day > b.day
        ? 1
        : a.facilityId < b.facilityId
          ? -1
          : a.facilityId > b.facilityId
            ? 1
            : 0;

  const waiting = [...positions];
  const days: PlannedDay[] = [];
  while (waiting.length > 0 && open.length > 0) {
    const fits = open.filter((s) => s.places.length >= waiting.length).sort(earlier);
    const chosen =
      fits[0] ?? [...open].sort((a, b) => b.places.length - a.places.length || earlier(a, b))[0]!;
    open.splice(open.indexOf(chosen), 1);
    const taken = waiting.splice(0, chosen.places.length);
    days.push({
      day: chosen.day,
      facilityId: chosen.facilityId,
      places: taken.map((position, i) => ({ position, ...chosen.places[i]! })),
    });
  }
  days.sort(earlier);
  return { days, unplaced: waiting };
}
