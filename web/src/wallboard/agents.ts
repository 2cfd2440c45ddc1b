import type { LiveAgent } from '../contact-centre/types.ts';

// Issue 14 §13: each agent on the line as the supervisor sees them, with what needs a look. A ghost
// agent (logged in, not at the phone) shows as calls offered and not answered, or a state held too long.

/** Seconds in a state past which the supervisor should look: ringing unanswered, long wrap-up, long pause. */
export const LOOK_AFTER_SECONDS: Partial<Record<LiveAgent['state'], number>> = {
  offered: 30,
  'wrap-up': 300,
  paused: 900,
};

export interface AgentRow {
  id: string;
  name: string;
  code: string;
  state: LiveAgent['state'];
  secondsInState: number;
  callId: string | null;
  reason: string | null;
  simulated: boolean;
  /** Held the state longer than LOOK_AFTER_SECONDS says. */
  look: boolean;
}

/** The agents on the line (not the logged-out), those to look at first, then the longest in their state. */
export function agentRows(agents: LiveAgent[], nowMs: number): AgentRow[] {
  return agents
    .filter((a) => a.state !== 'logged-out')
    .map((a) => {
      const secondsInState = Math.max(0, Math.floor((nowMs - a.since) / 1000));
      const limit = LOOK_AFTER_SECONDS[a.state];
      return {
        id: a.id,
        name: a.username ?? a.code,
        code: a.code,
        state: a.state,
        secondsInState,
        callId: a.callId,
        reason: a.state === 'paused' ? a.reason : null,
        simulated: a.simulated,
        look: limit !== undefined && secondsInState > limit,
      };
    })
    .sort(
      (a, b) =>
        Number(b.look) - Number(a.look) ||
        b.secondsInState - a.secondsInState ||
        a.name.localeCompare(b.name),
    );
}
