import { integerRangeProblem, type IntegerColumn } from './column-values';
import { FilterValueError } from './filter-error';
import type { SqlParams } from './sql-params';

type Json = Record<string, unknown>;

/** One query parameter of a list: its OpenAPI shape and the SQL condition a value turns into. */
export interface Filter {
  schema: Json;
  /** Absent where Pulp's schema has none (its custom filters). */
  description?: string;
  /** Comma-separated values: declared `style: form, explode: false`. */
  list?: boolean;
  /**
   * The parameter may be repeated (`?p=a&p=b`, declared `style: form, explode: true`): rows matching
   * any of the values (`where` of each, OR-ed), where other filters read the last value as Django does.
   */
  repeated?: boolean;
  /** The SQL condition for a raw value; throws FilterValueError on a value it cannot use. */
  where(raw: string, params: SqlParams): string;
  /** A value only PostgreSQL can judge (a regex): the error it answers with, and the client's message. */
  refusal?: DatabaseRefusal;
}

/** A PostgreSQL error (by SQLSTATE) that a filter's value causes, and what the client is told instead. */
export interface DatabaseRefusal {
  sqlstate: string;
  message: string;
}

/** PostgreSQL's invalid_regular_expression: its regex dialect (ARE) is not JavaScript's, so only it can judge. */
const INVALID_REGEX: DatabaseRefusal = { sqlstate: '2201B', message: 'Enter a valid regular expression.' };

/** A list endpoint's filters and orderings, as one Pulp filterset declares them. */
export interface FilterSet {
  filters: Record<string, Filter>;
  /** Orderable names (in the order Pulp's schema describes them) → SQL expressions. */
  ordering: Record<string, string>;
  /** Appended to every ORDER BY, so pages are stable and the default is newest first. */
  defaultOrder: string;
}

/** django-filter's lookup expressions, as Pulp's filtersets use them. */
export type Lookup =
  | 'exact'
  | 'iexact'
  | 'in'
  | 'ne'
  | 'contains'
  | 'icontains'
  | 'startswith'
  | 'istartswith'
  | 'regex'
  | 'iregex'
  | 'gt'
  | 'gte'
  | 'lt'
  | 'lte'
  | 'range'
  | 'isnull';

/** What a filter's column holds; `integer` and `bigint` bound the numbers a filter takes to the column's range. */
export type ValueKind = 'text' | 'datetime' | 'uuid' | IntegerColumn | 'boolean';

/** The sentence django-filter puts in each generated parameter's description. */
const PHRASE: Record<Lookup, string> = {
  exact: 'matches value',
  iexact: 'matches value',
  in: 'is in a comma-separated list of values',
  ne: 'not equal to value',
  contains: 'contains value',
  icontains: 'contains value',
  startswith: 'starts with value',
  istartswith: 'starts with value',
  regex: 'matches regex value',
  iregex: 'matches regex value',
  gt: 'is greater than value',
  gte: 'is greater than or equal to value',
  lt: 'is less than value',
  lte: 'is less than or equal to value',
  range: 'is between two comma separated values',
  isnull: 'has a null value',
};

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

interface Kind {
  schema: Json;
  cast: string;
  parse(raw: string): unknown;
}

const KINDS: Record<ValueKind, Kind> = {
  text: { schema: { type: 'string' }, cast: 'text', parse: (raw) => raw },
  datetime: { schema: { type: 'string', format: 'date-time' }, cast: 'timestamptz', parse: parseDateTime },
  uuid: { schema: { type: 'string', format: 'uuid' }, cast: 'uuid', parse: parseUuid },
  integer: { schema: { type: 'integer' }, cast: 'integer', parse: (raw) => parseWholeNumber(raw, 'integer') },
  bigint: { schema: { type: 'integer' }, cast: 'bigint', parse: (raw) => parseWholeNumber(raw, 'bigint') },
  boolean: { schema: { type: 'boolean' }, cast: 'boolean', parse: parseBoolean },
};

/**
 * A whole number that fits `column`, kept as text: PostgreSQL reads it exactly, where a JavaScript
 * number would round anything above 2^53.
 */
export function parseWholeNumber(raw: string, column: IntegerColumn): string {
  if (!/^\s*-?\d+\s*$/.test(raw)) {
    throw new FilterValueError('Enter a whole number.');
  }
  const problem = integerRangeProblem(BigInt(raw.trim()), column);
  if (problem) {
    throw new FilterValueError(problem);
  }
  return raw.trim();
}

/**
 * Django's reading of a datetime: ISO 8601, naive values taken as UTC (Pulp runs with TIME_ZONE=UTC),
 * in Python's years 1 to 9999 (which PostgreSQL also reads back).
 */
export function parseDateTime(raw: string): string {
  const match = ISO_DATETIME.exec(raw.trim());
  const value = match && !match[1] && raw.includes(':') ? `${raw.trim()}Z` : raw.trim();
  const date = new Date(value.replace(' ', 'T'));
  if (!match || Number.isNaN(date.getTime()) || date.getUTCFullYear() < 1 || date.getUTCFullYear() > 9999) {
    throw new FilterValueError('Enter a valid date/time.');
  }
  return date.toISOString();
}

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

export function parseUuid(raw: string): string {
  if (!UUID.test(raw.trim())) {
    throw new FilterValueError('Enter a valid UUID.');
  }
  const hex = raw.trim().replaceAll('-', '').toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function parseBoolean(raw: string): boolean {
  const value = raw.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(value)) {
    return true;
  }
  if (['false', '0', 'no', 'off'].includes(value)) {
    return false;
  }
  throw new FilterValueError(`Select a valid choice. ${raw} is not one of the available choices.`);
}

/** `a,b,c` → ['a', 'b', 'c'], as django-filter's comma-separated filters read them. */
export function commaList(raw: string): string[] {
  return raw === '' ? [] : raw.split(',');
}

/** LIKE pattern matching `value` literally. */
export function likeLiteral(value: string): string {
  return value.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/**
 * The parameters a filterset field generates: `name` for the exact lookup, `name__<lookup>` for the
 * others, each with django-filter's schema and description. `choices` (value → label) restricts the
 * values and documents them on the exact lookup.
 */
export function fieldFilters(
  name: string,
  column: string,
  kind: ValueKind,
  lookups: readonly Lookup[],
  choices?: ReadonlyArray<readonly [string, string]>,
): Record<string, Filter> {
  const base = KINDS[kind];
  const parse = (raw: string): unknown => {
    if (choices && !choices.some(([value]) => value === raw)) {
      throw new FilterValueError(`Select a valid choice. ${raw} is not one of the available choices.`);
    }
    return base.parse(raw);
  };
  const entries = lookups.map((lookup): [string, Filter] => {
    const key = lookup === 'exact' ? name : `${name}__${lookup}`;
    const description = `Filter results where ${name} ${PHRASE[lookup]}`;
    switch (lookup) {
      case 'in':
      case 'range':
        return [
          key,
          {
            schema: { type: 'array', items: base.schema },
            description,
            list: true,
            where: (raw, params) => {
              const values = commaList(raw).map(parse);
              if (lookup === 'in') {
                return `${column} = ANY(${params.add(values, `${base.cast}[]`)})`;
              }
              if (values.length !== 2) {
                throw new FilterValueError('Range query expects two values.');
              }
              return `${column} BETWEEN ${params.add(values[0], base.cast)} AND ${params.add(values[1], base.cast)}`;
            },
          },
        ];
      case 'isnull':
        return [
          key,
          {
            schema: { type: 'boolean' },
            description,
            where: (raw) => `${column} IS ${parseBoolean(raw) ? '' : 'NOT '}NULL`,
          },
        ];
      case 'exact':
        return [
          key,
          {
            schema: choices ? { ...base.schema, enum: choices.map(([value]) => value).sort() } : base.schema,
            description: choices
              ? `${description}\n\n${choices.map(([value, label]) => `* \`${value}\` - ${label}`).join('\n')}`
              : description,
            where: (raw, params) => `${column} = ${params.add(parse(raw), base.cast)}`,
          },
        ];
      case 'iexact':
        return [
          key,
          { schema: base.schema, description, where: (raw, p) => `upper(${column}) = upper(${p.add(raw)})` },
        ];
      case 'contains':
      case 'icontains':
      case 'startswith':
      case 'istartswith': {
        const operator = lookup.startsWith('i') ? 'ILIKE' : 'LIKE';
        const pattern = (raw: string) => `${lookup.endsWith('contains') ? '%' : ''}${likeLiteral(raw)}%`;
        return [
          key,
          { schema: base.schema, description, where: (raw, p) => `${column} ${operator} ${p.add(pattern(raw))}` },
        ];
      }
      case 'regex':
      case 'iregex':
        return [
          key,
          {
            schema: base.schema,
            description,
            // The pattern alone, a one-time filter, is compiled before any row: a bad one is refused
            // even when no row is there to match.
            where: (raw, p) => {
              const pattern = p.add(raw, 'text');
              return `('' ~ ${pattern}) IS NOT NULL AND ${column} ${lookup === 'regex' ? '~' : '~*'} ${pattern}`;
            },
            refusal: INVALID_REGEX,
          },
        ];
      case 'ne':
      case 'gt':
      case 'gte':
      case 'lt':
      case 'lte': {
        // `ne` is Django's exclude(): a null differs from every value.
        const operator = { ne: 'IS DISTINCT FROM', gt: '>', gte: '>=', lt: '<', lte: '<=' }[lookup];
        return [
          key,
          {
            schema: base.schema,
            description,
            where: (raw, p) => `${column} ${operator} ${p.add(parse(raw), base.cast)}`,
          },
        ];
      }
    }
  });
  return Object.fromEntries(entries);
}

/** The text filters of Pulp's NAME_FILTER_OPTIONS. */
export const NAME_LOOKUPS: readonly Lookup[] = [
  'exact',
  'iexact',
  'in',
  'contains',
  'icontains',
  'startswith',
  'istartswith',
  'regex',
  'iregex',
];

/** The number filters of Pulp's NULLABLE_NUMERIC_FILTER_OPTIONS. */
export const NUMERIC_NULLABLE_LOOKUPS: readonly Lookup[] = ['exact', 'ne', 'lt', 'lte', 'gt', 'gte', 'range', 'isnull'];

/** The datetime filters of Pulp's DATETIME_FILTER_OPTIONS. */
export const DATETIME_LOOKUPS: readonly Lookup[] = ['exact', 'lt', 'lte', 'gt', 'gte', 'range', 'isnull'];

/** Ordering over `alias`'s columns of the same names, plus Pulp's `pk` (the primary key). */
export function columnOrdering(alias: string, names: readonly string[]): Record<string, string> {
  const entries: Array<[string, string]> = names.map((name) => [name, `${alias}.${name}`]);
  return Object.fromEntries([...entries, ['pk', `${alias}.pulp_id`]]);
}

/**
 * A filterset over `alias`'s rows, orderable by the columns every Pulp model starts with (`pulp_id`,
 * `pulp_created`, `pulp_last_updated`) and then `columns`, newest first by default.
 */
export function modelFilterSet(alias: string, filters: Record<string, Filter>, columns: readonly string[]): FilterSet {
  return {
    filters,
    ordering: columnOrdering(alias, ['pulp_id', 'pulp_created', 'pulp_last_updated', ...columns]),
    defaultOrder: `${alias}.pulp_created DESC, ${alias}.pulp_id DESC`,
  };
}

/** `pulp_id` → "Pulp id": Django's verbose name of a field, as orderings and choices show it. */
export function humanize(name: string): string {
  const words = name.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
