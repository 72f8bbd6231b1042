import { FilterValueError } from './filter-error';
import { likeLiteral, type Filter } from './filters';
import type { SqlParams } from './sql-params';

/** One term of `pulp_label_select`: a key, negated (`!key`), or compared with a value. */
export type LabelTerm =
  { key: string; op: 'has' | 'lacks' } | { key: string; op: 'equals' | 'differs' | 'contains'; value: string };

const TERM = /^(!?)([\w .-]+?)(?:(=|!=|~)(.*))?$/s;
const OPERATORS = { '=': 'equals', '!=': 'differs', '~': 'contains' } as const;

/**
 * Reads Pulp's label selection: comma-separated terms (`\,` is a literal comma) `key`, `!key`,
 * `key=value`, `key!=value` and `key~sub`, with keys of word characters, spaces, dots and dashes.
 */
export function parseLabelSelect(raw: string): LabelTerm[] {
  return raw.split(/(?<!\\),/).map((text) => {
    const term = text.replaceAll('\\,', ',');
    const match = TERM.exec(term);
    if (!match) {
      throw new FilterValueError(`Invalid search term: '${term}'.`);
    }
    const [, negated, key, operator, value] = match;
    if (!operator) {
      return { key, op: negated ? 'lacks' : 'has' };
    }
    if (negated) {
      throw new FilterValueError(`Cannot use an operator with '!${key}'.`);
    }
    return { key, op: OPERATORS[operator as keyof typeof OPERATORS], value };
  });
}

/** The SQL condition of one term over a jsonb labels column. */
function termCondition(column: string, term: LabelTerm, params: SqlParams): string {
  const key = params.add(term.key, 'text');
  switch (term.op) {
    case 'has':
      return `${column} ? ${key}`;
    case 'lacks':
      return `NOT (${column} ? ${key})`;
    case 'equals':
      return `${column} ->> ${key} = ${params.add(term.value, 'text')}`;
    case 'differs':
      // A label set to null differs from every value.
      return `${column} ? ${key} AND ${column} ->> ${key} IS DISTINCT FROM ${params.add(term.value, 'text')}`;
    case 'contains':
      return `${column} ->> ${key} ILIKE ${params.add(`%${likeLiteral(term.value)}%`, 'text')}`;
  }
}

/** `pulp_label_select` over the jsonb labels `column`: every term must hold. */
export function labelSelectFilter(column: string): Filter {
  return {
    schema: { type: 'string' },
    description: 'Filter labels by search string',
    where: (raw, params) =>
      parseLabelSelect(raw)
        .map((term) => `(${termCondition(column, term, params)})`)
        .join(' AND '),
  };
}
