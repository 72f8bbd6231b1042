import { PulpError } from '@pulp/errors';

/** `value`, or Pulp's 404 (`No <Model> matches the given query.`) when there is none. */
export function orNotFound<T>(value: T | undefined | null | false, model: string): T {
  if (value === undefined || value === null || value === false) {
    throw new PulpError('not-found', 'PLP0404', `No ${model} matches the given query.`);
  }
  return value;
}
