import { AppError } from './errors.ts';
import { isDatabaseError } from './logger.ts';

const camel = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** The first column named in a constraint error's detail, `Key (nre)=(…)`: the name only, never the value. */
function keyColumn(err: Record<string, unknown>): string | undefined {
  const detail = typeof err.detail === 'string' ? err.detail : '';
  const m = /^Key \(([a-z_][a-z0-9_]*)/.exec(detail);
  if (m?.[1]) return m[1];
  return typeof err.column === 'string' ? err.column : undefined;
}

/**
 * A database error the request caused, as the 4xx it deserves, or null for a real fault. Concurrent
 * duplicates (two requests registering the same NRE) reach the unique index: 409 naming the field; an
 * unknown reference (a facility that does not exist) reaches the foreign key: 422 naming the field. The
 * message never quotes the value (SEC-1).
 */
export function requestErrorOf(error: unknown): AppError | null {
  if (!isDatabaseError(error)) return null;
  const column = keyColumn(error);
  const field = column ? camel(column) : undefined;
  const table = typeof error.table === 'string' ? error.table.replaceAll('_', ' ') : 'record';
  switch (error.code) {
    case '23505':
      return new AppError('CONFLICT', `a ${table} with this ${field ?? 'key'} already exists`, field);
    case '23503':
      // On insert or update the referenced row is missing; on delete the row is still referenced.
      return /is not present/.test(String(error.detail ?? ''))
        ? new AppError('INVALID_FIELD', `unknown ${field ?? 'reference'}`, field)
        : new AppError('CONFLICT', `this ${table} is still in use`, field);
    case '22001': // string too long
    case '22003': // numeric value out of range
    case '22021': // invalid byte sequence (NUL)
    case '22P05': // untranslatable character
    case '22P02': // invalid text representation
    case '22007': // invalid datetime format
    case '22008': // datetime field overflow
      return new AppError('INVALID_FIELD', `${field ?? 'a value'} is out of range or not valid`, field);
    default:
      return null;
  }
}
