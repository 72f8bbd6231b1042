import { PulpValidationError } from '@pulp/errors';
/** DRF's answer for null in a field that takes none (partial bodies make every field optional, not nullable). */
export function refuseNulls(body: object, fields: readonly string[]): void {
  const nulls = fields.filter((field) => (body as Record<string, unknown>)[field] === null);
  if (nulls.length > 0) {
    throw new PulpValidationError(Object.fromEntries(nulls.map((field) => [field, ['This field may not be null.']])));
  }
}
