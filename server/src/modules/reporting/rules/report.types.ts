import type { ChatFigures } from '../../chat/index.ts';
import type { RatingFigures } from '../../portal/index.ts';
import type { StatsReport } from '../indicators/stats.ts';
import type { HelpdeskLevel } from './helpdesk-levels.ts';
import type { LineOccupancy } from './occupancy.ts';
import type { OutboundLevels } from './outbound.ts';
import type { ReminderFigures } from './reminders.ts';

// The reporting module's result shapes (issue 12): the month's evaluation and the stored reports, shared
// by the services that make them and the documents that render them.

export interface SlaRuleResult {
  id: string;
  description: string;
  indicator: string;
  comparison: 'at-least' | 'at-most';
  threshold: number;
  targetSeconds: number | null;
  /** The measured share; null when the month had nothing to measure. */
  measured: number | null;
  met: boolean | null;
  /** Percentage points on the wrong side, counted as the table says (whole points by default). */
  points: number;
  /** Share of the month's service value. */
  penaltyShare: number;
  penaltyEuro: number | null;
}

/** MR-5: the IVR's continuity and the technical unavailability of a period (availability.service). */
export interface AvailabilityResult {
  source: string;
  /** The period's start, or when heartbeats began if later; null: never recorded (not measured). */
  measuredFrom: string | null;
  ivr: {
    measured: number | null;
    threshold: number;
    met: boolean | null;
    points: number;
    penaltyShare: number;
  };
  downMinutes: number;
  maintenanceMinutes: number;
  technical: { downWorkingMinutes: number; workingHours: number; penaltyEuro: number };
  outages: { from: string; to: string }[];
}

/** MR-4 read against MR-5: today's contract levels so far. */
export interface SlaToday {
  date: string;
  from: Date;
  to: Date;
  source: string;
  definitions: SlaMonth['definitions'];
  services: SlaMonth['services'];
}

export interface TurnoverLevel {
  /** 1 January of the year, and the last day counted (the period's end, or today while it runs). */
  from: string;
  to: string;
  /** The calendar year is over: the figure is the year's and the penalty, if any, is due. */
  final: boolean;
  leavers: number;
  hires: number;
  averageHeadcount: number;
  rate: number | null;
  threshold: number;
  met: boolean | null;
  penaltyShare: number;
  penaltyEuro: number | null;
}

export interface SlaMonth {
  month: string;
  from: Date;
  to: Date;
  source: string;
  /** How the table counts: where the wait starts, a lost call's measure, points. */
  definitions: { waitMeasuredFrom: string; lostCallsMeasuredByDuration: boolean; points: string };
  services: {
    service: string;
    lines: string[];
    calls: number;
    rules: SlaRuleResult[];
    penaltyShare: number;
    penaltyEuro: number | null;
  }[];
  notMeasured: { id: string; description: string; why: string }[];
  /** IVR continuity and technical unavailability, from the centre's heartbeats. */
  availability: AvailabilityResult;
  /** The agents' campaigns: positive share and batches late; euro with the outbound value given. */
  outbound: OutboundLevels & { penaltyEuro: number | null };
  /** Seed 003 §6: the yearly operator turnover so far this year, from the staff register. */
  turnover: TurnoverLevel;
  /** The help desk's levels (written contacts in 24 h, the second level), from the month's tickets. */
  helpdesk: (HelpdeskLevel & { penaltyEuro: number | null })[];
  /** MR-3: this month's report, due by the 15th of the next month; €500 per working day late. */
  reportDelivery: {
    deadline: string;
    deliveredAt: string | null;
    lateWorkingDays: number;
    penaltyEuro: number;
  };
}

export type ReportKind = 'weekly' | 'monthly';

export interface ReportData {
  kind: ReportKind;
  /** 'YYYY-MM' or 'YYYY-Www' (ISO week), Rome time. */
  period: string;
  from: string;
  to: string;
  /** Where the events came from: 'simulazione' for the simulated switch (the report says so). */
  sources: string[];
  /** MR-2: the traffic indicators (docs/indicators.md), by day, hour of the day and queue. */
  traffic: Pick<
    StatsReport,
    | 'targetSeconds'
    | 'total'
    | 'byDay'
    | 'byHour'
    | 'byQueue'
    | 'byRequestType'
    | 'byLine'
    | 'outcomes'
    | 'surveys'
  >;
  /** MR-5: the contract's levels per service; penalties as shares of the service's value. */
  sla: {
    source: string;
    definitions: SlaMonth['definitions'];
    services: SlaMonth['services'];
    notMeasured: SlaMonth['notMeasured'];
    /** Absent in reports made before they were measured. */
    availability?: AvailabilityResult;
    outbound?: OutboundLevels & { penaltyEuro: number | null };
    turnover?: TurnoverLevel;
    helpdesk?: SlaMonth['helpdesk'];
  };
  /** CC-5: channels in use per line and 30-minute band, saturation and the +20% rule. */
  occupancy: LineOccupancy[];
  /** CC-10, MR-2: the period's chats (the chat channel's answers and waits). Absent in older reports. */
  chat?: ChatFigures;
  /** OB-1, OB-7: whether the period's patients were reminded two working days before. Absent in older reports. */
  reminders?: ReminderFigures;
  /** C.SE.1.7, MR-2: how easy citizens found the online services (the portal's rating). Absent in older reports. */
  portalRatings?: RatingFigures;
}

export interface StoredReport {
  id: string;
  kind: ReportKind;
  period: string;
  version: number;
  generatedAt: string;
  /** null: the scheduled job. */
  generatedBy: string | null;
  data: ReportData;
  decisions: {
    id: string;
    line: string;
    channelsFrom: number;
    channelsTo: number;
    note: string;
    decidedAt: string;
    decidedBy: string;
  }[];
}
