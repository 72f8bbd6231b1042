import { INTEGER_RANGES } from './column-values';
import { FilterValueError } from './filter-error';
import { commaList, parseUuid, type Filter } from './filters';
import type { SqlParams } from './sql-params';

/**
 * Users and groups keep Django's integer keys: their hrefs end in `<id>/`, their PRNs in `:<id>`.
 * An id that is no whole number fitting the column names nothing.
 */
export function integerId(raw: string): string | undefined {
  return /^\d{1,10}$/.test(raw) && BigInt(raw) <= INTEGER_RANGES.integer.max && BigInt(raw) > 0n ? raw : undefined;
}

const LIST_DESCRIPTION = 'Multiple values may be separated by commas.';
const LIST_OF_TEXT = { type: 'array', items: { type: 'string' } };

/**
 * `pulp_href__in`, `pulp_id__in` and `prn__in` over an integer key: hrefs and PRNs give their
 * ids; uuids (which no such object has) are checked and match nothing.
 */
export function integerIdentityFilters(idColumn: string, prnModel: string): Record<string, Filter> {
  const anyOf = (ids: string[], params: SqlParams) => `${idColumn} = ANY(${params.add(ids, 'integer[]')})`;
  return {
    pulp_href__in: {
      schema: LIST_OF_TEXT,
      description: LIST_DESCRIPTION,
      list: true,
      where: (raw, params) => {
        const ids = commaList(raw).map((href) => {
          const id = integerId(/\/(\d+)\/$/.exec(href.trim())?.[1] ?? '');
          if (id === undefined) {
            throw new FilterValueError(`URI not valid: ${href}`);
          }
          return id;
        });
        return anyOf(ids, params);
      },
    },
    pulp_id__in: {
      schema: { type: 'array', items: { type: 'string', format: 'uuid' } },
      description: LIST_DESCRIPTION,
      list: true,
      where: (raw) => {
        commaList(raw).forEach(parseUuid);
        return 'false';
      },
    },
    // PRNs of other models name none of these objects, as with uuid keys.
    prn__in: {
      schema: LIST_OF_TEXT,
      description: LIST_DESCRIPTION,
      list: true,
      where: (raw, params) => {
        const ids = commaList(raw).flatMap((value) => {
          const prn = /^prn:([a-z0-9_]+\.[a-z0-9_]+):([^:]+)$/i.exec(value.trim());
          if (!prn) {
            throw new FilterValueError(`Invalid PRN: ${value}`);
          }
          const id = prn[1].toLowerCase() === prnModel ? integerId(prn[2]) : undefined;
          return id === undefined ? [] : [id];
        });
        return anyOf(ids, params);
      },
    },
  };
}
