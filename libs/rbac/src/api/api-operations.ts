import { integerId } from '@pulp/rest';
import { uniqueViolation } from '@pulp/database';
import { PulpError } from '@pulp/errors';

/** The media types Pulp's write operations take (DRF's parsers). */

/** The integer key a path names, or Pulp's 404 (`No <model> matches the given query.`). */
export function existingId(raw: string, model: string): string {
  const id = integerId(raw);
  if (id === undefined) {
    throw notFound(model);
  }
  return id;
}

export function notFound(model: string): PulpError {
  return new PulpError('not-found', 'PLP0404', `No ${model} matches the given query.`);
}

/** Two requests taking one name at once: the one committing second gets the 400 a later one would. */
export function refusedDuplicate(error: unknown): never {
  throw uniqueViolation(error) ?? error;
}
