// The planning API's shapes: aliases into the types generated from the server's OpenAPI description
// (`npm run api:types`). Shares are fractions (0.9 = 90%); times are seconds.
import type { Body, Ok, Query } from '../lib/openapi.ts';

export type ErlangQuery = Query<'/api/v1/planning/erlang', 'get'>;
export type ErlangResult = Ok<'/api/v1/planning/erlang', 'get'>;
export type ErlangModel = ErlangQuery['model'];

export type PlanBody = Body<'/api/v1/planning/plan', 'post'>;
export type WhatIfBody = Body<'/api/v1/planning/what-if', 'post'>;
export type QueueModel = NonNullable<PlanBody['model']>;
export type IntervalMinutes = NonNullable<PlanBody['intervalMinutes']>;
/** The scenarios this page offers and names (the API takes a scenario's name as a string). */
export type Scenario = 'cup-2013' | 'regional-2013';

export type Plan = Ok<'/api/v1/planning/plan', 'post'>;
/** The staffing to evaluate: exactly one of scale, maxAgents, roster; absent, the required agents. */
export type Staffing = NonNullable<Plan['staffing']>;
/** Agents present by time band: local 'HH:mm', from inclusive, to exclusive ('24:00' allowed). */
export type RosterBand = Extract<Staffing, { roster: unknown }>['roster'][number];
export type Weekday = NonNullable<RosterBand['weekdays']>[number];
export type PlannedInterval = Plan['intervals'][number];
export type PlannedDay = Plan['byDay'][number];
export type StaffingFigures = Plan['totals']['required'];

export type WhatIfResult = Ok<'/api/v1/planning/what-if', 'post'>;
export type WhatIfReport = WhatIfResult['whatIf'];
export type SimulatedFigures = WhatIfReport['total'];
/** Mean over the replications with its 95% interval; null where there was nothing to measure. */
export type Estimate = SimulatedFigures['offered'];
export type PenaltyRuleResult = WhatIfReport['penalties']['rules'][number];
