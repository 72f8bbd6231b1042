import { humanize, type FilterSet } from './filters';

type Json = Record<string, unknown>;

/** DRF's pagination parameters, exactly as Pulp's schema declares them (`required: false` included). */
const PAGINATION: Json[] = [
  {
    name: 'limit',
    required: false,
    in: 'query',
    description: 'Number of results to return per page.',
    schema: { type: 'integer' },
  },
  {
    name: 'offset',
    required: false,
    in: 'query',
    description: 'The initial index from which to return the results.',
    schema: { type: 'integer' },
  },
];

/**
 * The OpenAPI query parameters of a list: pagination, then (with a filterset) every filter, `ordering`
 * (enum of each name and its `-` form, described as django-filter does) and `q`.
 */
export function listParameters(set: FilterSet | undefined): Json[] {
  if (!set) {
    return PAGINATION;
  }
  const filters = Object.entries(set.filters).map(([name, filter]) => ({
    in: 'query',
    name,
    schema: filter.schema,
    ...(filter.description === undefined ? {} : { description: filter.description }),
    ...(filter.list ? { explode: false, style: 'form' } : {}),
    ...(filter.repeated ? { explode: true, style: 'form' } : {}),
  }));
  const names = Object.keys(set.ordering);
  const ordering = {
    in: 'query',
    name: 'ordering',
    schema: { type: 'array', items: { type: 'string', enum: names.flatMap((name) => [name, `-${name}`]).sort() } },
    description: `Ordering\n\n${names
      .map((name) => `* \`${name}\` - ${humanize(name)}\n* \`-${name}\` - ${humanize(name)} (descending)`)
      .join('\n')}`,
    explode: false,
    style: 'form',
  };
  const q = {
    in: 'query',
    name: 'q',
    schema: { type: 'string' },
    description: 'Filter results by using NOT, AND and OR operations on other filters',
  };
  return [...PAGINATION, ...filters, ordering, q];
}
