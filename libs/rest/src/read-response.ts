import { selectFields, type FieldSelection } from './field-selection';
import { isUuid } from './filters';
import { orNotFound } from './not-found';

/**
 * A read endpoint's answer: the body of the object with this id, narrowed as the query asks, or
 * Pulp's 404 (`No <model> matches the given query.`), also for an id that is no uuid.
 */
export async function readResponse<T extends object>(
  view: { find(id: string): Promise<T | undefined> },
  id: string,
  query: FieldSelection,
  model: string,
): Promise<Partial<T>> {
  return selectFields(orNotFound(isUuid(id) && (await view.find(id)), model), query);
}
