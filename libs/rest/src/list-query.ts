import { PulpValidationError } from '@pulp/errors';
import { holdsNul, NULL_CHARACTERS } from './column-values';
import { FilterValueError } from './filter-error';
import type { DatabaseRefusal, Filter, FilterSet } from './filters';
import { ownValue } from './own-key';
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
  /** What PostgreSQL may refuse in the parameters used (e.g. a regex), under the parameter's name. */
  refusals: Array<DatabaseRefusal & { name: string }>;
}

export const DEFAULT_PAGE_SIZE = 100;

/** The largest `limit` and `offset`: beyond it a JavaScript number is no longer exact. */
const MAX_PAGE_NUMBER = Number.MAX_SAFE_INTEGER;

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
 * order, and `limit`/`offset` fall back to their defaults when they are not positive integers (and
 * answer 400 beyond 2^53). A NUL in any filter answers Django's "Null characters are not allowed.".
 * Names are looked up as own keys only. `firstParam` numbers the placeholders after the caller's own ones.
 */
export function parseListQuery(set: FilterSet | undefined, query: RawQuery, firstParam = 1): ListQuery {
  const filters = set?.filters ?? {};
  const unknown = Object.keys(query).filter(
    (name) => !EXEMPT.has(name) && !(set && name === 'q') && !ownValue(filters, name),
  );
  if (unknown.length > 0) {
    throw new PulpValidationError({ errors: unknown.map((name) => `Invalid Filter: '${name}'`) });
  }
  const params = new SqlParams(firstParam - 1);
  const conditions: string[] = [];
  const refusals: ListQuery['refusals'] = [];
  const problems: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || EXEMPT.has(name)) {
      continue;
    }
    const filter = name === 'q' ? undefined : ownValue(filters, name);
    // django-filter treats an empty value as "no filter"; a repeated filter takes every value, others the last.
    const raws = (filter?.repeated ? [value].flat() : [last(value)!]).filter((raw) => name === 'q' || raw !== '');
    if (raws.length === 0) {
      continue;
    }
    try {
      if (raws.some(holdsNul)) {
        throw new FilterValueError(NULL_CHARACTERS);
      }
      const use = (filter: Filter, value: string) => {
        if (filter.refusal) {
          refusals.push({ name, ...filter.refusal });
        }
        return filter.where(value, params);
      };
      if (!filter) {
        conditions.push(qCondition(set!, parseQ(raws[0]), use));
      } else {
        const each = raws.map((raw) => use(filter, raw));
        conditions.push(each.length === 1 ? each[0] : each.map((condition) => `(${condition})`).join(' OR '));
      }
    } catch (error) {
      if (!(error instanceof FilterValueError || error instanceof QSyntaxError)) {
        throw error;
      }
      (problems[name] ??= []).push(error.message);
    }
  }
  const orderBy = set ? ordering(set, last(query.ordering), problems) : undefined;
  const limit = positive(last(query.limit), 'limit', problems) ?? DEFAULT_PAGE_SIZE;
  const offset = positive(last(query.offset), 'offset', problems, true) ?? 0;
  if (Object.keys(problems).length > 0) {
    throw new PulpValidationError(problems);
  }
  return {
    where: conditions.length > 0 ? conditions.map((condition) => `(${condition})`).join(' AND ') : 'TRUE',
    values: params.values,
    orderBy: orderBy ?? 'pulp_created DESC',
    limit,
    offset,
    refusals,
  };
}

/** The SQL of a `q` tree; `use` turns each term's filter and value into its condition. */
function qCondition(set: FilterSet, node: QNode, use: (filter: Filter, value: string) => string): string {
  switch (node.kind) {
    case 'term': {
      const filter = node.filter === 'q' ? undefined : ownValue(set.filters, node.filter);
      if (!filter) {
        throw new QSyntaxError(`Filter '${node.filter}' does not exist.`);
      }
      return `(${use(filter, node.value)})`;
    }
    case 'not':
      return `NOT ${qCondition(set, node.operand, use)}`;
    case 'and':
    case 'or':
      return `(${qCondition(set, node.left, use)} ${node.kind.toUpperCase()} ${qCondition(set, node.right, use)})`;
  }
}

function ordering(set: FilterSet, raw: string | undefined, problems: Record<string, string[]>): string {
  const terms = (raw ?? '')
    .split(',')
    .map((term) => term.trim())
    .filter((term) => term !== '');
  const sql: string[] = [];
  for (const term of terms) {
    const column = ownValue(set.ordering, term.replace(/^-/, ''));
    if (column === undefined) {
      (problems.ordering ??= []).push(`Select a valid choice. ${term} is not one of the available choices.`);
    } else {
      sql.push(`${column} ${term.startsWith('-') ? 'DESC' : 'ASC'}`);
    }
  }
  return [...sql, set.defaultOrder].join(', ');
}

/**
 * DRF's reading of limit and offset: a positive integer (offset may be 0), else the default; one too
 * big to be exact is a problem of `name`.
 */
function positive(
  raw: string | undefined,
  name: string,
  problems: Record<string, string[]>,
  zeroAllowed = false,
): number | undefined {
  if (raw === undefined || !/^\d+$/.test(raw)) {
    return undefined;
  }
  if (BigInt(raw) > BigInt(MAX_PAGE_NUMBER)) {
    problems[name] = [`Ensure this value is less than or equal to ${MAX_PAGE_NUMBER}.`];
    return undefined;
  }
  const value = Number(raw);
  return value > 0 || (zeroAllowed && value === 0) ? value : undefined;
}
