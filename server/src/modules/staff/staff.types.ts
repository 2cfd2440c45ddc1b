import type { LeavingReason } from '../../platform/schema.ts';

export type { LeavingReason };

export const LEAVING_REASONS: readonly LeavingReason[] = [
  'resigned',
  'dismissed',
  'retired',
  'contract-ended',
  'other',
];

/** One operator's time on the contract: Rome calendar days, `leftOn` the last day in service. */
export interface Tenure {
  id: string;
  userId: string;
  displayName: string;
  operatorCode: string | null;
  startedOn: string;
  leftOn: string | null;
  leavingReason: LeavingReason | null;
  note: string | null;
}
