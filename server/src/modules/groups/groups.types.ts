// BK-10: a club's list of athletes booked together, as the back office sees it.

export interface GroupAthlete {
  /** The athlete's place in the club's list (1-based). */
  position: number;
  fiscalCode: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  nre: string;
  itemIndex: number;
  /** The live booking of the athlete's prescription item, if any (cancelled ones are not shown). */
  appointment: { id: string; code: string; start: Date; facility: string; status: string } | null;
}

export interface GroupRequestSummary {
  id: string;
  club: string;
  contact: string;
  service: { code: string; description: string };
  facility: { id: string; name: string } | null;
  from: string;
  to: string;
  maxPerDay: number | null;
  note: string | null;
  createdAt: Date;
  athletes: number;
  booked: number;
}

export interface GroupRequest extends GroupRequestSummary {
  members: GroupAthlete[];
}

export interface GroupPlanView {
  days: {
    day: string;
    facility: { id: string; name: string };
    places: { position: number; name: string; slotId: number; start: Date }[];
  }[];
  /** Athletes the period's free places could not take. */
  unplaced: { position: number; name: string }[];
  /** Athletes already booked, left out of the plan. */
  alreadyBooked: number;
}

export interface GroupBookingOutcome {
  position: number;
  /** booked (cancelled), or the coded reason it was not (SLOT_TAKEN, PRESCRIPTION_EXPIRED, INVALID_STATE, …). */
  outcome: 'booked' | 'already_booked' | 'cancelled' | string;
  message: string | null;
  code: string | null;
}
