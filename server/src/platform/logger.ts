import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * Logs carry ids and route patterns, never personal data: request URLs are logged as their route
 * pattern (a fiscal code in a path stays out of the log) and credentials are redacted.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'sportello' },
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
