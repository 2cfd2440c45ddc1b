import { AppError, type ErrorCode } from '../../platform/errors.ts';

/** A matcher for `rejects.toSatisfy`: an AppError with this code (and field). */
export const isAppError = (code: ErrorCode, field?: string) => (e: unknown) =>
  e instanceof AppError && e.code === code && (field === undefined || e.field === field);
