import type { FastifyRequest } from 'fastify';
import { PulpValidationError } from '@pulp/errors';
import { absoluteUrl } from '@pulp/http';
import { selectFields, type FieldSelection } from './field-selection';
import type { FilterSet } from './filters';
import { parseListQuery, type ListQuery, type RawQuery } from './list-query';
import { pageOf, type Page } from './page';

/**
 * A list endpoint's answer: the request's filters, ordering and page read with `set`, the rows
 * fetched, each body narrowed as the query asks (`shape` defaults to Pulp's field selection).
 */
export async function listResponse<T extends object>(
  request: Pick<FastifyRequest, 'protocol' | 'headers' | 'originalUrl'>,
  query: RawQuery,
  set: FilterSet | undefined,
  fetch: (list: ListQuery) => Promise<{ count: number; results: T[] }>,
  shape: (body: T, query: FieldSelection) => Partial<T> = selectFields,
): Promise<Page<Partial<T>>> {
  const list = parseListQuery(set, query);
  const { count, results } = await fetch(list).catch((error: unknown) => {
    throw refusedValue(list, error) ?? error;
  });
  return pageOf(
    results.map((body) => shape(body, query)),
    count,
    list,
    absoluteUrl(request),
  );
}

/** PostgreSQL's refusal of a value it alone judges (a regex), as the 400 of the parameters that sent one. */
function refusedValue(list: ListQuery, error: unknown): PulpValidationError | undefined {
  const sqlstate = (error as { code?: unknown } | null)?.code;
  const refused = list.refusals.filter((refusal) => refusal.sqlstate === sqlstate);
  return refused.length > 0
    ? new PulpValidationError(Object.fromEntries(refused.map(({ name, message }) => [name, [message]])))
    : undefined;
}
