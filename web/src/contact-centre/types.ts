// The contact centre's API shapes: aliases into the types generated from the server's OpenAPI description
// (`npm run api:types`). Every call of the live centre comes from the simulated switch, and every answer
// says so with `label: 'simulazione'`.
import type { Body, Schema } from '../lib/openapi.ts';

export type Snapshot = Schema<'ContactCentreSnapshot'>;
export type LiveAgent = Snapshot['agents'][number];
export type LiveQueue = Snapshot['queues'][number];
export type LiveLine = Snapshot['lines'][number];

export type AgentConsole = Schema<'ContactCentreAgent'>;
export type AgentState = AgentConsole['state'];
export type CallCard = NonNullable<AgentConsole['call']>;
export type PatientMatch = CallCard['patients'][number];

type Step = 'logout' | 'ready' | 'pause' | 'answer' | 'hang-up' | 'transfer' | 'outcome';
type StepBody<S extends Step> = [Body<`/api/v1/contact-centre/agent/${S}`, 'post'>] extends [never]
  ? unknown
  : Body<`/api/v1/contact-centre/agent/${S}`, 'post'>;
/** A console action: the last step of its route (POST agent/{type}) with that route's body. */
export type ConsoleAction = { [S in Step]: { type: S } & StepBody<S> }[Step];

export type Contact = Schema<'ContactHistory'>;
export type HistoryEvent = Contact['events'][number];

export type Wallboard = Schema<'Wallboard'>;
export type WallboardWindow = Wallboard['windows']['hour'];
export type AgentCounts = Wallboard['agents']['averageToday'];

/** What GET /api/v1/contact-centre/stream sends: the latest snapshot, or word that the centre is off. */
export type StreamMessage = Schema<'ContactCentreStreamMessage'>;
/** What changed since the previous stream message (never the caller's number). */
export type StreamEvent = Extract<StreamMessage, { type: 'snapshot' }>['events'][number];

/** How contact events are being stored (issue 8 §16). */
export type StorageHealth = Snapshot['storage'];
