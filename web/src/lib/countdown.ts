import { useEffect, useState } from 'react';

/** Whole seconds left until a deadline (rounded up, never negative). */
export function secondsLeft(deadline: number, now: number): number {
  return Math.max(0, Math.ceil((deadline - now) / 1000));
}

/**
 * The local deadline of a server-side expiry: the server says when (its clock) and when it answered
 * (Date header), so a workstation whose clock is off still counts down the right number of seconds.
 */
export function localDeadline(expiresAt: string, serverDate: number | null, receivedAt: number): number {
  const expires = Date.parse(expiresAt);
  return serverDate === null ? expires : receivedAt + (expires - serverDate);
}

/** Seconds left until `deadline` (ms since the epoch), re-rendering as they pass. */
export function useCountdown(deadline: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (deadline === null) return;
    setNow(Date.now());
    const id = window.setInterval(() => {
      const t = Date.now();
      setNow(t);
      if (t >= deadline) window.clearInterval(id);
    }, 250);
    return () => window.clearInterval(id);
  }, [deadline]);
  return deadline === null ? 0 : secondsLeft(deadline, now);
}
