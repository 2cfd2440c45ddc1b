import { invalidField } from '../../../platform/errors.ts';
import type { Agent, AgentPool } from './agents.ts';
import type { EntryKind } from './events.ts';
import { IndexedHeap } from './heap.ts';
import type { Timer } from './timers.ts';

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

/** Who owns a waiting entry (the call, or the callback) and is told what routing does with it. */
export interface EntryOwner {
  /** False when the entry cannot be served now (a callback whose line has no free channel). */
  canPresent(entry: WaitingEntry): boolean;
  presented(entry: WaitingEntry, agent: Agent): void;
  accepted(entry: WaitingEntry, agent: Agent): void;
  /** Back at its place after an offer rang out or was declined. */
  returned(entry: WaitingEntry, agent: Agent): void;
}

/** One place in a queue: a caller on hold, or a callback keeping the caller's place (CC-3). */
export interface WaitingEntry {
  id: string;
  kind: EntryKind;
  queue: QueueRuntime;
  priority: number;
  /** Place in line: lower came first. Kept when the entry goes back to the queue. */
  seq: number;
  /** When the caller first entered the queue (for waits and overflow). */
  enqueuedAt: number;
  stage: number;
  heapIndex: number;
  overflowTimer: Timer | null;
  owner: EntryOwner;
}

/** Higher priority first, then first come first served. */
export const entryBefore = (a: WaitingEntry, b: WaitingEntry) =>
  a.priority > b.priority || (a.priority === b.priority && a.seq < b.seq);

const entrySlot = {
  get: (e: WaitingEntry) => e.heapIndex,
  set: (e: WaitingEntry, i: number) => {
    e.heapIndex = i;
  },
};

export interface QueueStage {
  /** Seconds of waiting after which a call reaches this stage (0 for the first). */
  afterMs: number;
  /** Idle-agent pools of every requirement up to and including this stage. */
  pools: AgentPool[];
  heap: IndexedHeap<WaitingEntry>;
}

/** A queue while the engine runs: waiting entries split by overflow stage, and its staffing. */
export class QueueRuntime {
  readonly id: string;
  readonly strategy: RoutingStrategy;
  readonly stages: QueueStage[];
  waiting = 0;
  /** Waiting entries per priority, so a newcomer's position costs O(priorities), not O(waiting). */
  private readonly byPriority = new Map<number, number>();
  /** Agents logged in and not paused who qualify at the first stage. */
  staffed = 0;
  /** Smoothed handling time (talk + wrap-up), for the wait estimate. */
  handlingMs: number;

  constructor(
    readonly config: QueueConfig,
    stagePools: AgentPool[][],
  ) {
    this.id = config.id;
    this.strategy = config.strategy ?? 'longest-idle';
    this.handlingMs = (config.expectedHandlingSeconds ?? 240) * 1000;
    const after = [0, ...(config.overflow ?? []).map((s) => s.afterSeconds * 1000)];
    this.stages = stagePools.map((pools, k) => ({
      afterMs: after[k]!,
      pools,
      heap: new IndexedHeap(entryBefore, entrySlot),
    }));
  }

  add(entry: WaitingEntry): void {
    this.stages[entry.stage]!.heap.push(entry);
    this.waiting++;
    this.byPriority.set(entry.priority, (this.byPriority.get(entry.priority) ?? 0) + 1);
  }

  remove(entry: WaitingEntry): boolean {
    const removed = this.stages[entry.stage]!.heap.remove(entry);
    if (removed) {
      this.waiting--;
      this.byPriority.set(entry.priority, this.byPriority.get(entry.priority)! - 1);
    }
    return removed;
  }

  /** Position of the entry that joined last (nobody of its priority is behind it). */
  positionOfNewest(entry: WaitingEntry): number {
    let position = 0;
    for (const [priority, count] of this.byPriority) if (priority >= entry.priority) position += count;
    return position;
  }

  contains(entry: WaitingEntry): boolean {
    return this.stages[entry.stage]?.heap.has(entry) ?? false;
  }

  moveToStage(entry: WaitingEntry, stage: number): void {
    this.stages[entry.stage]!.heap.remove(entry);
    entry.stage = stage;
    this.stages[stage]!.heap.push(entry);
  }

  /** 1 + entries that will be served before this one. O(waiting): used for announcements and abandons. */
  position(entry: WaitingEntry): number {
    let ahead = 0;
    for (const stage of this.stages) {
      for (const other of stage.heap.values()) if (other !== entry && entryBefore(other, entry)) ahead++;
    }
    return ahead + 1;
  }

  /** The entry to serve next among stages ≥ minStage that its owner can serve now. */
  best(minStage: number): WaitingEntry | undefined {
    let best: WaitingEntry | undefined;
    for (let k = minStage; k < this.stages.length; k++) {
      const candidate = firstPresentable(this.stages[k]!.heap);
      if (candidate && (!best || entryBefore(candidate, best))) best = candidate;
    }
    return best;
  }

  /** Expected wait for a caller at `position`: the calls ahead spread over the agents staffing the queue. */
  estimatedWaitSeconds(position: number): number {
    if (this.staffed === 0) return Number.POSITIVE_INFINITY;
    return (position * this.handlingMs) / this.staffed / 1000;
  }

  recordHandling(ms: number): void {
    this.handlingMs += 0.05 * (ms - this.handlingMs);
  }
}

/** Usually the top; only when the top cannot be served (rare) is the heap scanned for the best that can. */
function firstPresentable(heap: IndexedHeap<WaitingEntry>): WaitingEntry | undefined {
  const top = heap.peek();
  if (!top || top.owner.canPresent(top)) return top;
  let best: WaitingEntry | undefined;
  for (const e of heap.values()) {
    if (e.owner.canPresent(e) && (!best || entryBefore(e, best))) best = e;
  }
  return best;
}
