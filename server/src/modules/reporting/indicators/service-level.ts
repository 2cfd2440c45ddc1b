/**
 * The service level (MR-4, issue 14 §11), one definition for the wallboard, the simulator's statistics and
 * reporting: calls answered within the target over the offered calls **decided** so far. A call is
 * decided once answered, abandoned or otherwise gone from the queue, or once its wait passes the target
 * (it can no longer be answered within it). A call still waiting short of the target counts nowhere yet:
 * otherwise the level would drop the moment calls queue for three seconds. Over a closed period every
 * call is decided and this is answered within target ÷ offered.
 */
export function serviceLevel(c: {
  answeredWithinTarget: number;
  offered: number;
  /** Calls still waiting whose wait is under the target. */
  waitingUnderTarget?: number;
}): number | null {
  const decided = c.offered - (c.waitingUnderTarget ?? 0);
  return decided > 0 ? c.answeredWithinTarget / decided : null;
}

/** The offered calls an abandonment share is taken over: the same decided calls. */
export function decidedCalls(c: { offered: number; waitingUnderTarget?: number }): number {
  return c.offered - (c.waitingUnderTarget ?? 0);
}
