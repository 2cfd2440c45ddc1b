/** Who may go beyond an agenda's capacity (BK-6) or release another operator's hold. */
export const BACK_OFFICE_ROLES: ReadonlySet<string> = new Set(['backoffice', 'cup-manager', 'admin']);

/** An operator keeps at most this many slots on hold at once, so holds cannot hoard an agenda. */
export const MAX_LIVE_HOLDS_PER_ACTOR = 5;
