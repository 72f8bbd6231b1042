/** `?fields=a,b` / `?fields=a&fields=b` → ['a', 'b'] (both spellings, as clients send either). */
function names(value: string | string[] | undefined): string[] | undefined {
  if (value === undefined) {
    return undefined;
  }
  return (Array.isArray(value) ? value : [value]).flatMap((item) => item.split(',')).filter((name) => name !== '');
}

/** The query parameters of Pulp's field selection. */
export interface FieldSelection {
  fields?: string | string[];
  exclude_fields?: string | string[];
}

/** Pulp's field selection on a response body: only `fields` (when given), minus `exclude_fields`; unknown names are ignored. */
export function selectFields<T extends object>(body: T, query: FieldSelection): Partial<T> {
  const keep = names(query.fields);
  const drop = new Set(names(query.exclude_fields) ?? []);
  return Object.fromEntries(
    Object.entries(body).filter(([key]) => (!keep || keep.includes(key)) && !drop.has(key)),
  ) as Partial<T>;
}
