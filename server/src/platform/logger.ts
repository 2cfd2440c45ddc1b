import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** PostgreSQL reports (pg's DatabaseError, PGlite's) carry a five-character SQLSTATE in `code`. */
export function isDatabaseError(err: unknown): err is Error & Record<string, unknown> & { code: string } {
  if (!(err instanceof Error)) return false;
  const e = err as unknown as Record<string, unknown>;
  return typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) && 'severity' in e;
}

const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);

/**
 * What a log line may say about an error (SEC-1). A database error's message and `detail` quote the
 * values (`Key (nre)=(…)`, `value "…" is out of range`) and PGlite attaches the statement's `params`
 * (a whole patient row): only its SQLSTATE and the names of the schema objects are kept. Other errors
 * keep their type, message and stack, never their enumerable extras.
 */
export function safeError(err: unknown): Record<string, unknown> {
  if (isDatabaseError(err)) {
    return {
      type: 'DatabaseError',
      sqlState: err.code,
      table: str(err.table),
      column: str(err.column),
      constraint: str(err.constraint),
      routine: str(err.routine),
    };
  }
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return {
      type: err.name,
      message: err.message.slice(0, 500),
      code: typeof code === 'string' ? code : undefined,
      stack: err.stack,
      cause: err.cause === undefined ? undefined : safeError(err.cause),
    };
  }
  return { type: typeof err };
}

/**
 * Logs carry ids and route patterns, never personal data: request URLs are logged as their route
 * pattern (a fiscal code in a path stays out of the log), credentials are redacted and errors pass
 * through `safeError`.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'sportello' },
    serializers: { err: safeError, error: safeError },
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'password',
        '*.password',
        'token',
        '*.token',
      ],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
