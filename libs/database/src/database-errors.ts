import { PulpError, PulpValidationError } from '@pulp/errors';

/** Node and libpq error codes that mean "no usable connection", not "this query is wrong". */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'EPIPE',
  'ENOENT',
]);

/**
 * True when the error says the database cannot be reached (down, restarting, network),
 * so the caller can answer 503 and expect a later retry to work.
 */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) {
    return false;
  }
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (CONNECTION_CODES.has(code) || /^(08|57P0)/.test(code))) {
    return true;
  }
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|connect ECONNREFUSED/i.test(
    error.message,
  );
}

/** A short human reason for a connection failure, without the stack. */
export function connectionFailureReason(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    return connectionFailureReason(error.errors[0]);
  }
  return error instanceof Error ? error.message : String(error);
}

const UNIQUE_VIOLATION = '23505';

/**
 * Pulp's 400 for a row refused by a unique constraint (two requests creating the same name at
 * once: the one that commits second), naming the field from the violated key, or undefined for any
 * other error: the constraint's key columns, the domain and other references left out
 * (`Key (pulp_domain_id, base_path)=(…)` → `base_path`).
 */
export function uniqueViolation(error: unknown): PulpValidationError | undefined {
  if ((error as { code?: unknown } | null)?.code !== UNIQUE_VIOLATION) {
    return undefined;
  }
  const detail = (error as { detail?: unknown }).detail;
  const key = typeof detail === 'string' ? /^Key \(([^)]*)\)=/.exec(detail)?.[1] : undefined;
  const field = key
    ?.split(',')
    .map((column) => column.trim())
    .filter((column) => !column.endsWith('_id'))
    .pop();
  return field
    ? new PulpValidationError({ [field]: ['This field must be unique.'] })
    : new PulpValidationError({ non_field_errors: ['This object already exists.'] });
}

/** SQLSTATE of a creation hook's failure that is the server's (Pulp's APIException: 500). */
export const CREATION_HOOK_FAILED = 'PH500';
/** SQLSTATE of a creation hook refusing a role (Pulp's BadRequest: 400). */
export const CREATION_HOOK_REFUSED = 'PH400';

/**
 * What a failed statement means to a client, as Pulp answers it, or undefined for any other error:
 * a unique constraint refusing a row (uniqueViolation), a creation hook failing (the database
 * function raises Pulp's message under one of our SQLSTATEs).
 */
export function databasePulpError(error: unknown): PulpError | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === CREATION_HOOK_FAILED || code === CREATION_HOOK_REFUSED) {
    const message = (error as Error).message;
    return code === CREATION_HOOK_FAILED
      ? new PulpError('internal', 'PLP0000', message)
      : new PulpError('invalid', 'PLP0001', message);
  }
  return uniqueViolation(error);
}
