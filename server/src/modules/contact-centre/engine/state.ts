import type { AgentState, CallOutcome, EntryKind } from './events.ts';
import { IndexedHeap } from './heap.ts';
import type { IvrFlow, IvrMenu } from './ivr.ts';
import type { LineRuntime } from './lines.ts';
import type { QueueConfig, RoutingStrategy } from './queues.ts';
import type { Timer } from './timers.ts';

/**
 * The engine's state records: agents and their idle pools, calls, waiting entries and queues. They refer
 * to one another (an agent's call, a call's agent and entry, an entry's queue), so they are defined
 * together here, below every part of the engine that acts on them.
 */

/** An agent (operatore) as the engine tracks it. */
export interface Agent {
  readonly id: string;
  /** Operator code announced to callers (CC-2). */
  code: string;
  /** Registration order: the last tie-breaker, so routing never depends on map order. */
  readonly index: number;
  skills: Map<string, number>;
  state: AgentState;
  reason: string | null;
  since: number;
  readySince: number;
  lastOfferAt: number;
  /** Position in each idle pool's heap, by pool id. */
  readonly slots: number[];
  /** Queues the agent serves and the first overflow stage at which they qualify. */
  queues: { queue: QueueRuntime; minStage: number }[];
  offer: WaitingEntry | null;
  offerTimer: Timer | null;
  call: Call | null;
  lastCall: Call | null;
  /** The callback being dialled for this agent. */
  dialling: string | null;
  wrapTimer: Timer | null;
}

function agentOrder(strategy: RoutingStrategy, skill: string): (a: Agent, b: Agent) => boolean {
  const longestIdle = (a: Agent, b: Agent) =>
    a.readySince < b.readySince || (a.readySince === b.readySince && a.index < b.index);
  switch (strategy) {
    case 'longest-idle':
      return longestIdle;
    case 'most-skilled':
      return (a, b) => {
        const la = a.skills.get(skill) ?? 0;
        const lb = b.skills.get(skill) ?? 0;
        return la > lb || (la === lb && longestIdle(a, b));
      };
    case 'round-robin':
      // The agent offered a call longest ago goes next: with equal agents this cycles through them.
      return (a, b) =>
        a.lastOfferAt < b.lastOfferAt || (a.lastOfferAt === b.lastOfferAt && a.index < b.index);
  }
}

/** Idle (ready) agents holding one skill at a minimum level, ordered by one strategy. */
export class AgentPool {
  readonly heap: IndexedHeap<Agent>;
  readonly before: (a: Agent, b: Agent) => boolean;

  constructor(
    readonly id: number,
    readonly skill: string,
    readonly minLevel: number,
    readonly strategy: RoutingStrategy,
  ) {
    this.before = agentOrder(strategy, skill);
    this.heap = new IndexedHeap(this.before, {
      get: (a) => a.slots[id] ?? -1,
      set: (a, i) => {
        a.slots[id] = i;
      },
    });
  }

  qualifies(agent: Agent): boolean {
    return (agent.skills.get(this.skill) ?? 0) >= this.minLevel;
  }
}

/** What the caller has keyed so far in a self-service cancellation, and where failure leads. */
export interface SelfCancelState {
  /** The flow node to go to on failure; null out of hours (goodbye). */
  onFailure: string | null;
  tries: number;
  keypad: string | null;
  birthDate: string | null;
  /** The appointment found, to cancel on 1. */
  ref: string | null;
}

/**
 * A caller's leg as the engine follows it: an inbound call from arrival to end, or (direction 'outbound')
 * a callback once the person called back has answered and talks to an agent.
 */
export interface Call {
  readonly id: string;
  readonly direction: 'inbound' | 'outbound';
  readonly callbackId: string | null;
  /** OB-5: the campaign an agent's outbound call is for. */
  readonly campaignId: string | null;
  /** Where the agent goes when wrap-up times out (a campaign call: the state they dialled from). */
  readonly resume: { state: 'ready' | 'paused'; reason: string | null } | null;
  /** The remote party's number. */
  readonly callerId: string;
  readonly line: LineRuntime;
  readonly arrivedAt: number;
  phase: 'ivr' | 'closing' | 'waiting' | 'offered' | 'connected' | 'transferred' | 'ended';
  /** What a key press means right now. */
  awaiting:
    | null
    | 'menu'
    | 'callback-offer'
    | 'callback-number'
    | 'callback-confirm'
    | 'callback-storing'
    | 'ooh-callback'
    | 'self-cancel-code'
    | 'self-cancel-birth'
    | 'self-cancel-lookup'
    | 'self-cancel-confirm'
    | 'self-cancel-cancelling';
  /** OB-4: the self-service cancellation in progress (self-cancel.ts). */
  selfCancel: SelfCancelState | null;
  /** The callback being asked for: in the queue (keeps the place) or after the opening (CC-3). */
  callbackKind: 'in-queue' | 'after-opening' | null;
  /** The number the caller is asked to confirm. */
  callbackNumber: string | null;
  /** Wrong numbers keyed so far. */
  numberTries: number;
  /** How the call ends if the caller hangs up during a closing message. */
  closingOutcome: CallOutcome;
  flow: IvrFlow | null;
  menu: { id: string; node: IvrMenu } | null;
  attempts: number;
  inputTimer: Timer | null;
  announceTimer: Timer | null;
  entry: WaitingEntry | null;
  queue: QueueRuntime | null;
  requestType: string | null;
  priority: number;
  /** When the current wait in a queue began. */
  waitingSince: number;
  agent: Agent | null;
  /** Start of the current conversation with an agent. */
  connectedAt: number;
  talkMs: number;
  /** Its outcome is recorded (one per call: a second would count the call twice in MR-5). */
  outcomeRecorded?: boolean;
  answered: boolean;
  transfers: number;
  callbackOffered: boolean;
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
