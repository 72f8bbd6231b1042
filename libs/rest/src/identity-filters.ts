import { FilterValueError } from './filter-error';
import { commaList, parseUuid, type Filter } from './filters';

const HREF_ID = /\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/$/i;
const PRN = /^prn:([a-z0-9_]+\.[a-z0-9_]+):([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** The model and uuid a PRN names (`prn:core.task:<uuid>`), or undefined when it is no PRN. */
export function parsePrn(value: string): { model: string; id: string } | undefined {
  const match = PRN.exec(value.trim());
  return match ? { model: match[1].toLowerCase(), id: match[2].toLowerCase() } : undefined;
}

/**
 * The uuid an object reference names: an href (`…/tasks/<uuid>/`), a PRN or a bare uuid; Pulp accepts
 * each wherever it takes a related object.
 */
export function referencedId(value: string): string {
  const trimmed = value.trim();
  const fromHref = HREF_ID.exec(trimmed)?.[1] ?? parsePrn(trimmed)?.id;
  if (fromHref) {
    return fromHref.toLowerCase();
  }
  try {
    return parseUuid(trimmed);
  } catch {
    throw new FilterValueError(`URI not valid: ${value}`);
  }
}

const LIST_DESCRIPTION = 'Multiple values may be separated by commas.';

/**
 * `pulp_href__in`, `pulp_id__in` and `prn__in`, which every Pulp filterset has. `prn__in` keeps the
 * PRNs of `prnModel`; without one (generic lists, whose PRNs name each object's detail model) any PRN.
 */
export function identityFilters(idColumn: string, prnModel?: string): Record<string, Filter> {
  const anyOf = (ids: string[], params: { add(value: unknown, cast?: string): string }) =>
    `${idColumn} = ANY(${params.add(ids, 'uuid[]')})`;
  return {
    pulp_href__in: {
      schema: { type: 'array', items: { type: 'string' } },
      description: LIST_DESCRIPTION,
      list: true,
      where: (raw, params) => anyOf(commaList(raw).map(referencedId), params),
    },
    pulp_id__in: {
      schema: { type: 'array', items: { type: 'string', format: 'uuid' } },
      description: LIST_DESCRIPTION,
      list: true,
      where: (raw, params) => anyOf(commaList(raw).map(parseUuid), params),
    },
    prn__in: {
      schema: { type: 'array', items: { type: 'string' } },
      description: LIST_DESCRIPTION,
      list: true,
      where: (raw, params) => {
        const prns = commaList(raw).map((value) => {
          const prn = parsePrn(value);
          if (!prn) {
            throw new FilterValueError(`Invalid PRN: ${value}`);
          }
          return prn;
        });
        return anyOf(
          prns.filter((prn) => prnModel === undefined || prn.model === prnModel).map((prn) => prn.id),
          params,
        );
      },
    },
  };
}
