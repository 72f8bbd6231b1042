import { PulpValidationError } from '@pulp/errors';
import { FilterValueError } from './filter-error';
import type { FilterSet } from './filters';
import { parseQ, QSyntaxError, type QNode } from './q-expression';
import { SqlParams } from './sql-params';

/** Query parameters as Fastify parses them: repeated names arrive as arrays. */
export type RawQuery = Record<string, string | string[] | undefined>;

/** What a list request asks for, ready for SQL: `WHERE ${where} ORDER BY ${orderBy} LIMIT … OFFSET …`. */
export interface ListQuery {
  where: string;
  values: unknown[];
  orderBy: string;
  limit: number;
  offset: number;
}

export const DEFAULT_PAGE_SIZE = 100;

/** Parameters every list takes besides its filters (DRF's pagination, Pulp's field selection). */
const EXEMPT = new Set(['limit', 'offset', 'fields', 'exclude_fields', 'minimal', 'page_size', 'ordering', 'format']);

/** Django reads the last value of a repeated parameter. */
function last(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[value.length - 1] : value;
}

/**
 * Reads a list request the way Pulp's list views do: unknown parameters are refused
 * (`{"errors": ["Invalid Filter: 'x'"]}`), each filter and `q` becomes a SQL condition, bad values
 * answer `{"<param>": ["…"]}`, `ordering` takes known names (`-` for descending) before the default
 * order, and `limit`/`offset` fall back to their defaults when they are not positive integers.
 * `firstParam` numbers the placeholders after the caller's own ones.
 */
export function parseListQuery(set: FilterSet | undefined, query: RawQuery, firstParam = 1): ListQuery {
  const filters = set?.filters ?? {};
  const unknown = Object.keys(query).filter((name) => !EXEMPT.has(name) && !(set && name === 'q') && !filters[name]);
  if (unknown.length > 0) {
    throw new PulpValidationError({ errors: unknown.map((name) => `Invalid Filter: '${name}'`) });
  }
  const params = new SqlParams(firstParam - 1);
  const conditions: string[] = [];
  const problems: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(query)) {
    const raw = last(value);
    if (raw === undefined || EXEMPT.has(name) || (name !== 'q' && raw === '')) {
      // django-filter treats an empty value as "no filter".
      continue;
    }
    try {
      conditions.push(name === 'q' ? qCondition(set!, parseQ(raw), params) : filters[name].where(raw, params));
    } catch (error) {
      if (!(error instanceof FilterValueError || error instanceof QSyntaxError)) {
        throw error;
      }
      (problems[name] ??= []).push(error.message);
    }
  }
  const orderBy = set ? ordering(set, last(query.ordering), problems) : undefined;
  if (Object.keys(problems).length > 0) {
    throw new PulpValidationError(problems);
  }
  return {
    where: conditions.length > 0 ? conditions.map((condition) => `(${condition})`).join(' AND ') : 'TRUE',
    values: params.values,
    orderBy: orderBy ?? 'pulp_created DESC',
    limit: positive(last(query.limit)) ?? DEFAULT_PAGE_SIZE,
    offset: positive(last(query.offset), true) ?? 0,
  };
}

function qCondition(set: FilterSet, node: QNode, params: SqlParams): string {
  switch (node.kind) {
    case 'term': {
      const filter = node.filter === 'q' ? undefined : set.filters[node.filter];
      if (!filter) {
        throw new QSyntaxError(`Filter '${node.filter}' does not exist.`);
      }
      return `(${filter.where(node.value, params)})`;
    }
    case 'not':
      return `NOT ${qCondition(set, node.operand, params)}`;
    case 'and':
    case 'or':
      return `(${qCondition(set, node.left, params)} ${node.kind.toUpperCase()} ${qCondition(set, node.right, params)})`;
  }
}

function ordering(set: FilterSet, raw: string | undefined, problems: Record<string, string[]>): string {
  const terms = (raw ?? '')
    .split(',')
    .map((term) => term.trim())
    .filter((term) => term !== '');
  const sql: string[] = [];
  for (const term of terms) {
    const column = set.ordering[term.replace(/^-/, '')];
    if (column === undefined) {
      (problems.ordering ??= []).push(`Select a valid choice. ${term} is not one of the available choices.`);
    } else {
      sql.push(`${column} ${term.startsWith('-') ? 'DESC' : 'ASC'}`);
    }
  }
  return [...sql, set.defaultOrder].join(', ');
}

/** DRF's reading of limit and offset: a positive integer (offset may be 0), else the default. */
function positive(raw: string | undefined, zeroAllowed = false): number | undefined {
  if (raw === undefined || !/^\d+$/.test(raw)) {
    return undefined;
  }
  const value = Number(raw);
  return value > 0 || (zeroAllowed && value === 0) ? value : undefined;
}
