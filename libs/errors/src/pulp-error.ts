/**
 * Why a request or task could not be done, independent of any transport:
 * the HTTP apps map `kind` to a status code in one place, the worker stores `code` and message on the task.
 */
export type PulpErrorKind =
  | 'invalid' // the caller sent something wrong (400)
  | 'unauthenticated' // no or wrong credentials (401)
  | 'forbidden' // authenticated, but not allowed (403)
  | 'not-found' // (404)
  | 'conflict' // the resource's state forbids it (409)
  | 'throttled' // too many attempts; retry after a while (429)
  | 'unavailable' // a dependency (database) is down; retrying later can work (503)
  | 'internal'; // a bug or an unexpected failure (500)

export class PulpError extends Error {
  constructor(
    readonly kind: PulpErrorKind,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A field's messages, or, for a field holding an object (a domain's storage settings), its own fields' messages. */
export type FieldErrors = string[] | { [field: string]: FieldErrors };

/**
 * Validation problems, shaped like Pulp's bodies: `{"field": ["message"]}` (nested for an object's
 * fields), or a bare list of messages where Pulp's view (not its serializer) refuses the request.
 */
export class PulpValidationError extends PulpError {
  constructor(readonly fields: Record<string, FieldErrors> | string[]) {
    super('invalid', 'PLP0001', Array.isArray(fields) ? fields.join(' ') : described(fields));
  }
}

function described(fields: Record<string, FieldErrors>): string {
  return Object.entries(fields)
    .map(([field, errors]) => `${field}: ${Array.isArray(errors) ? errors.join(' ') : `{${described(errors)}}`}`)
    .join('; ');
}

export class AuthenticationError extends PulpError {
  constructor(
    message:
      | 'Authentication credentials were not provided.'
      | 'Invalid username/password.'
      | 'Access denied.'
      | 'Access denied. Invalid JSON.',
  ) {
    super('unauthenticated', 'PLP0401', message);
  }
}

/** DRF's throttle refusal: the client may try again after `waitSeconds` (its Retry-After). */
export class ThrottledError extends PulpError {
  constructor(readonly waitSeconds: number) {
    super(
      'throttled',
      'PLP0429',
      `Request was throttled. Expected available in ${waitSeconds} second${waitSeconds === 1 ? '' : 's'}.`,
    );
  }
}
