import type { Clock } from './clock.ts';
import { AppError } from './errors.ts';

export const ROLES = [
  'operator',
  'backoffice',
  // CC-11: the regional offices (second level), from outside the centre, on the help desk's tickets only.
  'second-level',
  'supervisor',
  'cup-manager',
  'trainer',
  'privacy-officer',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

export const CHANNELS = ['phone', 'desk', 'web', 'pharmacy'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface Actor {
  id: string;
  username: string;
  roles: Role[];
  operatorCode: string | null;
  /** A citizen on the portal (no staff role): the id is the patient's; audited as `citizen`. */
  kind?: 'staff' | 'citizen';
}

/** The actor of a citizen who proved who they are on the portal (fiscal code with NRE or booking code). */
export function citizenActor(patientId: string): Actor {
  return { id: patientId, username: 'cittadino', roles: [], operatorCode: null, kind: 'citizen' };
}

/**
 * Who is doing what, for which request: passed to every service call so that rules, audit and events
 * know the actor without reaching for globals.
 */
export interface RequestContext {
  requestId: string;
  actor: Actor | null;
  clock: Clock;
  /**
   * Why the client says it is accessing the data (`X-Access-Purpose`): recorded beside the server's own
   * purpose, never instead of it (issue 9 §12).
   */
  statedPurpose?: string | undefined;
  /** The client's address (behind the configured proxy, the forwarded one), for the audit trail. */
  clientAddress?: string | undefined;
}

/** The context of a request made by that citizen (portal, kiosk), audited as `citizen`. */
export function asCitizen(ctx: RequestContext, patientId: string): RequestContext {
  return { ...ctx, actor: citizenActor(patientId) };
}

/** The actor of a request that must have one (routes with roles always do). */
export function actorOf(ctx: RequestContext): Actor {
  if (!ctx.actor) throw new AppError('UNAUTHENTICATED', 'log in first');
  return ctx.actor;
}

/** The context of work the system does by itself (jobs, seeding, the CLI). */
export function systemContext(clock: Clock, requestId = 'system'): RequestContext {
  return { requestId, actor: null, clock };
}
