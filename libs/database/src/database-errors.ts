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
