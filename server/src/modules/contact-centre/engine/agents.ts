import { AppError, invalidField, notFound } from '../../../platform/errors.ts';
import type { EngineCore } from './core.ts';
import type { AgentState } from './events.ts';
import type { RoutingStrategy, SkillRequirement } from './queues.ts';
import { type Agent, AgentPool, type QueueRuntime } from './state.ts';

const WORKING: ReadonlySet<AgentState> = new Set(['ready', 'offered', 'on-call', 'wrap-up']);

/** Agents, their states (CC-9) and the idle pools routing draws from. */
export class AgentRegistry {
  readonly byId = new Map<string, Agent>();
  readonly pools: AgentPool[] = [];
  private readonly poolByKey = new Map<string, AgentPool>();
  private queueList: QueueRuntime[] = [];

  constructor(private readonly core: EngineCore) {}

  /** The pool for a requirement under a strategy, shared by every queue stage that needs it. */
  pool(req: SkillRequirement, strategy: RoutingStrategy): AgentPool {
    const minLevel = req.minLevel ?? 1;
    const key = `${req.skill}\u0000${minLevel}\u0000${strategy}`;
    let pool = this.poolByKey.get(key);
    if (!pool) {
      pool = new AgentPool(this.pools.length, req.skill, minLevel, strategy);
      this.pools.push(pool);
      this.poolByKey.set(key, pool);
    }
    return pool;
  }

  attachQueues(queues: QueueRuntime[]): void {
    this.queueList = queues;
  }

  get(id: string): Agent {
    const agent = this.byId.get(id);
    if (!agent) throw notFound('agent', 'agentId');
    return agent;
  }

  /** Logs an agent in (creating them on first login); they start paused with reason 'accesso'. */
  login(id: string, code: string, skills: Record<string, number>): Agent {
    if (!id) throw invalidField('agentId', 'agentId is required');
    if (!/^\d{2,8}$/.test(code)) throw invalidField('code', 'the operator code is 2 to 8 digits');
    let agent = this.byId.get(id);
    if (agent && agent.state !== 'logged-out')
      throw new AppError('INVALID_STATE', `agent ${id} is already logged in`);
    const map = skillMap(skills);
    if (!agent) {
      agent = {
        id,
        code,
        index: this.byId.size,
        skills: map,
        state: 'logged-out',
        reason: null,
        since: this.core.now,
        readySince: this.core.now,
        lastOfferAt: Number.NEGATIVE_INFINITY,
        slots: [],
        queues: [],
        offer: null,
        offerTimer: null,
        call: null,
        lastCall: null,
        dialling: null,
        wrapTimer: null,
      };
      this.byId.set(id, agent);
    } else {
      agent.code = code;
      agent.skills = map;
    }
    agent.queues = this.eligibleQueues(agent);
    this.setState(agent, 'paused', 'accesso', null);
    return agent;
  }

  /** Moves an agent; keeps the idle pools and each queue's staffing in step, and emits agent.state. */
  setState(agent: Agent, to: AgentState, reason: string | null, callId: string | null): void {
    const from = agent.state;
    if (from === to && agent.reason === reason) return;
    const now = this.core.now;
    if (from === 'ready') this.leavePools(agent);
    agent.state = to;
    agent.reason = reason;
    agent.since = now;
    if (to === 'ready') {
      agent.readySince = now;
      this.joinPools(agent);
    }
    const delta = (WORKING.has(to) ? 1 : 0) - (WORKING.has(from) ? 1 : 0);
    if (delta !== 0) for (const q of agent.queues) if (q.minStage === 0) q.queue.staffed += delta;
    this.core.emit({ type: 'agent.state', at: now, agentId: agent.id, from, to, reason, callId });
  }

  /** CC-9: skills change at any time (e.g. moving staff to the CUP line at a peak). */
  setSkills(agent: Agent, skills: Record<string, number>): void {
    const ready = agent.state === 'ready';
    const working = WORKING.has(agent.state);
    if (ready) this.leavePools(agent);
    if (working) for (const q of agent.queues) if (q.minStage === 0) q.queue.staffed--;
    agent.skills = skillMap(skills);
    agent.queues = this.eligibleQueues(agent);
    if (working) for (const q of agent.queues) if (q.minStage === 0) q.queue.staffed++;
    if (ready) this.joinPools(agent);
    this.core.emit({
      type: 'agent.skills',
      at: this.core.now,
      agentId: agent.id,
      skills: Object.fromEntries(agent.skills),
    });
  }

  /** The idle agent a queue's strategy prefers among the given pools (all of one strategy). */
  bestIdle(pools: readonly AgentPool[]): Agent | undefined {
    let best: Agent | undefined;
    let bestPool: AgentPool | undefined;
    for (const pool of pools) {
      const top = pool.heap.peek();
      if (top && (!best || preferred(top, pool, best, bestPool!))) {
        best = top;
        bestPool = pool;
      }
    }
    return best;
  }

  private eligibleQueues(agent: Agent): { queue: QueueRuntime; minStage: number }[] {
    const out: { queue: QueueRuntime; minStage: number }[] = [];
    for (const queue of this.queueList) {
      const minStage = queue.stages.findIndex((s) => s.pools.some((p) => p.qualifies(agent)));
      if (minStage >= 0) out.push({ queue, minStage });
    }
    return out;
  }

  private joinPools(agent: Agent): void {
    for (const pool of this.pools) if (pool.qualifies(agent)) pool.heap.push(agent);
  }

  private leavePools(agent: Agent): void {
    for (const pool of this.pools) pool.heap.remove(agent);
  }
}

/** Across pools of different skills, "most skilled" compares each agent's level in their own pool's skill. */
function preferred(a: Agent, pa: AgentPool, b: Agent, pb: AgentPool): boolean {
  if (pa.strategy === 'most-skilled') {
    const la = a.skills.get(pa.skill) ?? 0;
    const lb = b.skills.get(pb.skill) ?? 0;
    if (la !== lb) return la > lb;
    return a.readySince < b.readySince || (a.readySince === b.readySince && a.index < b.index);
  }
  return pa.before(a, b);
}

function skillMap(skills: Record<string, number>): Map<string, number> {
  const map = new Map<string, number>();
  for (const [skill, level] of Object.entries(skills ?? {})) {
    if (!Number.isInteger(level) || level < 1 || level > 10) {
      throw invalidField(`skills.${skill}`, `skills.${skill}: a skill level is an integer 1–10`);
    }
    map.set(skill, level);
  }
  return map;
}
