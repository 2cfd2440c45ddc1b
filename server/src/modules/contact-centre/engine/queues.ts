import { invalidField } from '../../../platform/errors.ts';

/** How an idle agent is chosen among those who qualify (strategia di distribuzione). */
export const ROUTING_STRATEGIES = ['longest-idle', 'most-skilled', 'round-robin'] as const;
export type RoutingStrategy = (typeof ROUTING_STRATEGIES)[number];

export interface SkillRequirement {
  skill: string;
  /** Default 1. */
  minLevel?: number;
}

/** A queue (coda) with the skills it needs and its overflow stages. */
export interface QueueConfig {
  id: string;
  /** Italian, as shown on the wallboard. */
  name: string;
  /** Service for arrival rates and reports ('cup', 'regionale', …). */
  service: string;
  /** Any of these qualifies an agent. */
  skills: SkillRequirement[];
  /**
   * After waiting `afterSeconds`, a call may also go to agents with these skills (skill widening, or
   * overflow to another team: list that team's skill). Stages are cumulative and in increasing time.
   */
  overflow?: { afterSeconds: number; skills: SkillRequirement[] }[];
  /** Default 'longest-idle'. */
  strategy?: RoutingStrategy;
  /** Calls beyond this many waiting meet busy. */
  maxLength?: number;
  /** Handling time (talk + wrap-up) assumed for the wait estimate before any call is measured. */
  expectedHandlingSeconds?: number;
}

export function validateQueues(queues: QueueConfig[]): void {
  if (!Array.isArray(queues) || queues.length === 0)
    throw invalidField('queues', 'queues: at least one queue is needed');
  const seen = new Set<string>();
  for (const [i, q] of queues.entries()) {
    const p = `queues.${i}`;
    if (typeof q.id !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(q.id)) {
      throw invalidField(`${p}.id`, `${p}.id must be lowercase letters, digits and dashes`);
    }
    if (seen.has(q.id)) throw invalidField(`${p}.id`, `${p}.id ${q.id} appears twice`);
    seen.add(q.id);
    if (!q.name || !q.service) throw invalidField(p, `${p} needs a name and a service`);
    validateRequirements(q.skills, `${p}.skills`);
    let previous = 0;
    for (const [k, stage] of (q.overflow ?? []).entries()) {
      const sp = `${p}.overflow.${k}`;
      if (!(stage.afterSeconds > previous)) {
        throw invalidField(
          `${sp}.afterSeconds`,
          `${sp}.afterSeconds must be > 0 and increase stage by stage`,
        );
      }
      previous = stage.afterSeconds;
      validateRequirements(stage.skills, `${sp}.skills`);
    }
    if (q.strategy !== undefined && !ROUTING_STRATEGIES.includes(q.strategy)) {
      throw invalidField(`${p}.strategy`, `${p}.strategy must be one of ${ROUTING_STRATEGIES.join(', ')}`);
    }
    if (q.maxLength !== undefined && (!Number.isSafeInteger(q.maxLength) || q.maxLength < 1)) {
      throw invalidField(`${p}.maxLength`, `${p}.maxLength must be an integer >= 1`);
    }
    if (q.expectedHandlingSeconds !== undefined && !(q.expectedHandlingSeconds > 0)) {
      throw invalidField(`${p}.expectedHandlingSeconds`, `${p}.expectedHandlingSeconds must be > 0`);
    }
  }
}

function validateRequirements(reqs: SkillRequirement[], path: string): void {
  if (!Array.isArray(reqs) || reqs.length === 0)
    throw invalidField(path, `${path}: at least one skill is needed`);
  for (const [j, r] of reqs.entries()) {
    if (!r.skill) throw invalidField(`${path}.${j}.skill`, `${path}.${j}.skill is required`);
    const level = r.minLevel ?? 1;
    if (!Number.isInteger(level) || level < 1 || level > 10) {
      throw invalidField(`${path}.${j}.minLevel`, `${path}.${j}.minLevel must be an integer 1–10`);
    }
  }
}
