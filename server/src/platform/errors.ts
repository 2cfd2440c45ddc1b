/**
 * One coded error type for the whole server. Services throw it; the HTTP layer maps it to a status once
 * (see http.ts). The set of codes is closed so that clients can switch on it.
 */
export const ERROR_CODES = {
  MALFORMED_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  SLOT_TAKEN: 409,
  CONFLICT: 409,
  INVALID_STATE: 409,
  /** The prescription is past the region's validity for its class (booking). */
  PRESCRIPTION_EXPIRED: 409,
  /** A slot inside the priority guarantee exists: book it or record that the patient declines it. */
  GUARANTEE_SLOT_AVAILABLE: 409,
  INVALID_FIELD: 422,
  IDEMPOTENCY_KEY_REUSED: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  /** A dependency (the database) is down and the request could not be made durable. */
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;

  constructor(code: ErrorCode, message: string, field?: string) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.field = field;
  }

  get status(): number {
    return ERROR_CODES[this.code];
  }
}

/** 429 with the seconds to wait, sent as Retry-After. */
export class RateLimitedError extends AppError {
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number, field?: string) {
    super('RATE_LIMITED', message, field);
    this.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterSeconds));
  }
}

export const notFound = (what: string, field?: string) =>
  new AppError('NOT_FOUND', `${what} not found`, field);
export const invalidField = (field: string, message: string) => new AppError('INVALID_FIELD', message, field);
export const forbidden = (message = 'your role does not allow this') => new AppError('FORBIDDEN', message);

/** Throws `error` where an expression is expected (`(await find()) ?? fail(notFound('patient'))`). */
export function fail(error: AppError): never {
  throw error;
}
