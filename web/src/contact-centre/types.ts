// The contact centre's API shapes (server: contact-centre.schemas.ts). Every call of the live centre
// comes from the simulated switch, and every answer says so with `label: 'simulazione'`.

export type AgentState = 'logged-out' | 'paused' | 'ready' | 'offered' | 'on-call' | 'wrap-up';

export interface LiveAgent {
  id: string;
  code: string;
  state: AgentState;
  reason: string | null;
  /** Epoch ms of the last state change. */
  since: number;
  callId: string | null;
  lastCallId: string | null;
  skills: Record<string, number>;
  simulated: boolean;
  username: string | null;
}

export interface LiveQueue {
  id: string;
  name: string;
  service: string;
  waiting: number;
  staffed: number;
  oldestWaitMs: number;
  estimatedWaitSeconds: number | null;
}

export interface LiveLine {
  number: string;
  name: string;
  service: string;
  channels: number;
  inUse: number;
  open: boolean;
}

export interface Snapshot {
  label: 'simulazione';
  at: number;
  runId: string;
  startedAt: number;
  simulation: { scenario: string; agents: number; traffic: 'on' | 'off'; trafficScale: number | null };
  lines: LiveLine[];
  queues: LiveQueue[];
  agents: LiveAgent[];
  callsInProgress: number;
  callbacksPending: number;
  recoveredCallbacks: number;
  storage?: StorageHealth;
}

export interface PatientMatch {
  id: string;
  fiscalCode: string;
  givenName: string;
  familyName: string;
  birthDate: string;
}

export interface CallCard {
  callId: string;
  kind: 'call' | 'callback';
  originCallId: string | null;
  line: string;
  callerId: string;
  /** IVR choices; the console's card carries them in the flow's words (menuLabel, choiceLabel). */
  ivr: {
    menu: string;
    digits: string | null;
    result: string;
    menuLabel?: string;
    choiceLabel?: string | null;
  }[];
  requestType: string | null;
  queueId: string | null;
  queueName: string | null;
  priority: number | null;
  arrivedAt: number;
  waitingSince: number | null;
  waitedMs: number | null;
  waitedSeconds: number | null;
  answeredAt: number | null;
  operatorCode: string | null;
  agentId: string | null;
  endedAt: number | null;
  finished: boolean;
  patients: PatientMatch[];
}

export interface AgentConsole {
  label: 'simulazione';
  agentId: string;
  code: string | null;
  state: AgentState;
  reason: string | null;
  since: number | null;
  secondsInState: number | null;
  skills: Record<string, number>;
  pauseReasons: string[];
  transferQueues: { id: string; name: string }[];
  call: CallCard | null;
  /** Logged off the line at the end of this call (the person left the app, or the console was gone). */
  logoffPending?: 'app-logout' | 'session-ended' | 'stream-lost' | null;
}

/** How contact events are being stored (issue 8 §16). */
export interface StorageHealth {
  state: 'ok' | 'degraded' | 'failing';
  buffered: number;
  spilled: number;
  since: number | null;
}

export type ConsoleAction =
  | { type: 'logout' }
  | { type: 'ready' }
  | { type: 'pause'; reason: string }
  | { type: 'answer' }
  | { type: 'hang-up' }
  | { type: 'transfer'; queueId: string }
  | {
      type: 'outcome';
      requestType: string;
      resolvedAtFirstContact: boolean;
      escalated: boolean;
      note: string | null;
    };

export interface HistoryEvent {
  id: number;
  at: string;
  type: string;
  callId: string | null;
  line: string | null;
  queueId: string | null;
  agentId: string | null;
  data: Record<string, unknown>;
}

export interface Contact {
  callId: string;
  events: HistoryEvent[];
}

export interface WallboardWindow {
  arrived: number;
  refused: number;
  accepted: number;
  answered: number;
  averageWaitSeconds: number | null;
}

export interface AgentCounts {
  loggedIn: number;
  ready: number;
  offered: number;
  onCall: number;
  wrapUp: number;
  paused: number;
}

export interface Wallboard {
  label: 'simulazione';
  at: string;
  live: boolean;
  windows: { hour: WallboardWindow; week: WallboardWindow; month: WallboardWindow };
  queues: { id: string; name: string; service: string; waiting: number; longestWaitSeconds: number }[] | null;
  waitingNow: number | null;
  longestWaitSeconds: number | null;
  agents: { now: AgentCounts | null; averageLastHour: AgentCounts; averageToday: AgentCounts };
  arrivalsToday: { service: string; hour: number; calls: number }[];
  today: {
    targetSeconds: number;
    offered: number;
    answered: number;
    answeredWithinTarget: number;
    abandonedWithinTarget: number;
    abandonedAfterTarget: number;
    serviceLevel: number | null;
    abandonedWithinTargetShare: number | null;
    abandonedAfterTargetShare: number | null;
  };
  /** CC-8: today's hot-survey answers per question (scores 1–5). */
  surveysToday: { question: string; text: string | null; answers: number; averageScore: number }[];
  callbacks: { pending: number; inEngine: number | null; recovered: number };
  storage?: StorageHealth | null;
}

/** What changed since the previous stream message (never the caller's number). */
export interface StreamEvent {
  type: string;
  at: number;
  callId: string | null;
  agentId: string | null;
  queueId: string | null;
  state: string | null;
}

/** What GET /api/v1/contact-centre/stream sends: the latest snapshot, or word that the centre is off. */
export type StreamMessage =
  | { type: 'snapshot'; reason: 'connect' | 'change'; snapshot: Snapshot; events: StreamEvent[] }
  | { type: 'off'; label: 'simulazione'; message: string };
