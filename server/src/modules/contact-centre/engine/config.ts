import { invalidField } from '../../../platform/errors.ts';
import { type IvrFlow, REQUEST_TYPES, validateFlow } from './ivr.ts';
import { type LineConfig, validateLines } from './lines.ts';
import { type QueueConfig, validateQueues } from './queues.ts';

export interface AgentRules {
  /** Seconds an agent has to accept an offered call before it goes back to the queue. */
  offerTimeoutSeconds: number;
  /** Wrap-up (after-call work) after each call; the agent may end it earlier. Null: only the agent ends it. */
  wrapUpSeconds: number | null;
  /** Pause reason codes an agent may choose (causali di pausa). */
  pauseReasons: string[];
}

export interface AnnouncementRules {
  /** Repeat position and estimated wait every so many seconds while waiting; null: only on entry. */
  repeatEverySeconds: number | null;
}

/** CC-3. */
export interface CallbackRules {
  enabled: boolean;
  /** Offer a callback when the estimated wait exceeds this (2 minutes in the tender). */
  thresholdSeconds: number;
  maxAttempts: number;
  retryDelaySeconds: number;
  /** A callback not dialled within this time after it may be dialled is dropped. */
  expirySeconds: number;
  /**
   * The IVR reads the number back and the caller confirms it (1) or keys another; a caller with a
   * withheld number keys one, out of hours too. Off by default: the simulator's callers do not confirm.
   */
  confirmNumber: boolean;
}

/** CC-8: the hot satisfaction survey (misurazione a caldo). */
export interface SurveyRules {
  /** Share of handled calls surveyed; systematic sampling keeps each day close to it. */
  share: number;
  /** Delay after the end of the handled call. */
  delaySeconds: number;
  intro: string;
  questions: { id: string; text: string }[];
  thanks: string;
  answerTimeoutSeconds: number;
  /** Give up when no channel frees within this time. */
  maxChannelWaitSeconds: number;
}

/** Everything the engine needs to know about the contact centre. */
export interface ContactCentreConfig {
  lines: LineConfig[];
  flows: IvrFlow[];
  queues: QueueConfig[];
  agents?: Partial<AgentRules>;
  announcements?: Partial<AnnouncementRules>;
  callbacks?: Partial<CallbackRules>;
  survey?: Partial<SurveyRules>;
}

export interface ResolvedConfig {
  lines: LineConfig[];
  flows: IvrFlow[];
  queues: QueueConfig[];
  agents: AgentRules;
  announcements: AnnouncementRules;
  callbacks: CallbackRules;
  survey: SurveyRules;
}

/** Reason the engine itself pauses an agent who let an offer ring out (mancata risposta). */
export const OFFER_TIMEOUT_REASON = 'mancata-risposta';
export const DECLINED_REASON = 'rifiutata';
/** OB-5: paused for inbound calls while working a campaign; campaign calls bring the agent back to it. */
export const CAMPAIGN_PAUSE = 'campagna';

export const DEFAULT_RULES: Omit<ResolvedConfig, 'lines' | 'flows' | 'queues'> = {
  agents: {
    offerTimeoutSeconds: 15,
    wrapUpSeconds: 60,
    pauseReasons: [
      'accesso',
      'pausa',
      'formazione',
      'back-office',
      'riunione',
      CAMPAIGN_PAUSE,
      OFFER_TIMEOUT_REASON,
      DECLINED_REASON,
    ],
  },
  announcements: { repeatEverySeconds: 60 },
  callbacks: {
    enabled: true,
    thresholdSeconds: 120,
    maxAttempts: 3,
    retryDelaySeconds: 300,
    // A request made just before closing is still dialled the next morning.
    expirySeconds: 24 * 3600,
    confirmNumber: false,
  },
  survey: {
    share: 0.1,
    delaySeconds: 30,
    intro:
      'Gentile utente, la chiamiamo per un breve questionario sulla telefonata appena conclusa. ' +
      'Risponda con un voto da 1 a 5 sulla tastiera del telefono, dove 5 è il giudizio migliore.',
    questions: [
      { id: 'cortesia', text: "Quanto è soddisfatto della cortesia dell'operatore?" },
      { id: 'soluzione', text: 'Quanto è soddisfatto della risposta alla sua richiesta?' },
      { id: 'attesa', text: 'Quanto è soddisfatto del tempo di attesa?' },
    ],
    thanks: 'Grazie per la collaborazione. Arrivederci.',
    answerTimeoutSeconds: 10,
    maxChannelWaitSeconds: 15 * 60,
  },
};

/** Fills defaults and validates the whole configuration; errors name the offending path. */
export function resolveConfig(config: ContactCentreConfig): ResolvedConfig {
  validateQueues(config.queues);
  const queues = new Set(config.queues.map((q) => q.id));
  const flowIds = new Set<string>();
  for (const flow of config.flows ?? []) {
    validateFlow(flow, { queues });
    if (flowIds.has(flow.id)) throw invalidField(`ivr.${flow.id}`, `ivr.${flow.id}: two flows share this id`);
    flowIds.add(flow.id);
  }
  validateLines(config.lines, { flows: flowIds, queues, requestTypes: REQUEST_TYPES });
  const resolved: ResolvedConfig = {
    lines: config.lines,
    flows: config.flows,
    queues: config.queues,
    agents: { ...DEFAULT_RULES.agents, ...config.agents },
    announcements: { ...DEFAULT_RULES.announcements, ...config.announcements },
    callbacks: { ...DEFAULT_RULES.callbacks, ...config.callbacks },
    survey: { ...DEFAULT_RULES.survey, ...config.survey },
  };
  validateRules(resolved);
  return resolved;
}

function validateRules(c: ResolvedConfig): void {
  const positive = (path: string, x: number) => {
    if (!(typeof x === 'number' && x > 0 && Number.isFinite(x)))
      throw invalidField(path, `${path} must be > 0`);
  };
  positive('agents.offerTimeoutSeconds', c.agents.offerTimeoutSeconds);
  if (c.agents.wrapUpSeconds !== null && !(c.agents.wrapUpSeconds >= 0)) {
    throw invalidField('agents.wrapUpSeconds', 'agents.wrapUpSeconds must be >= 0 or null');
  }
  if (
    !c.agents.pauseReasons.includes(OFFER_TIMEOUT_REASON) ||
    !c.agents.pauseReasons.includes(DECLINED_REASON)
  ) {
    throw invalidField(
      'agents.pauseReasons',
      `agents.pauseReasons must include '${OFFER_TIMEOUT_REASON}' and '${DECLINED_REASON}'`,
    );
  }
  if (c.announcements.repeatEverySeconds !== null) {
    positive('announcements.repeatEverySeconds', c.announcements.repeatEverySeconds);
  }
  positive('callbacks.thresholdSeconds', c.callbacks.thresholdSeconds);
  positive('callbacks.retryDelaySeconds', c.callbacks.retryDelaySeconds);
  positive('callbacks.expirySeconds', c.callbacks.expirySeconds);
  if (!Number.isInteger(c.callbacks.maxAttempts) || c.callbacks.maxAttempts < 1) {
    throw invalidField('callbacks.maxAttempts', 'callbacks.maxAttempts must be an integer >= 1');
  }
  if (!(c.survey.share >= 0 && c.survey.share <= 1))
    throw invalidField('survey.share', 'survey.share must be in [0, 1]');
  if (c.survey.questions.length === 0)
    throw invalidField('survey.questions', 'survey.questions must not be empty');
  if (!(c.survey.delaySeconds >= 0))
    throw invalidField('survey.delaySeconds', 'survey.delaySeconds must be >= 0');
  positive('survey.answerTimeoutSeconds', c.survey.answerTimeoutSeconds);
  positive('survey.maxChannelWaitSeconds', c.survey.maxChannelWaitSeconds);
}
