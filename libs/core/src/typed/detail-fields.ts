import type { Sql } from '@pulp/database';

/**
 * A type's own fields, kept in its plugin's table beside core's master row (one row per object,
 * keyed by the master's id): `file_filepublication(publication_id, manifest)`. Each field is a
 * column of the same name; `default` is what a create body that leaves it out gets.
 */
export interface DetailFields {
  table: string;
  /** The column holding the master row's id. */
  key: string;
  fields: Readonly<Record<string, { default: unknown }>>;
}

/** `LEFT JOIN <table> <alias> ON <alias>.<key> = <masterId>`: the detail row of each master row. */
export function detailJoin(detail: DetailFields | undefined, alias: string, masterId: string): string {
  return detail ? `LEFT JOIN ${detail.table} ${alias} ON ${alias}.${detail.key} = ${masterId}` : '';
}

/** `, <alias>.<field>, …`: the detail columns in a select list (nothing when the type has none). */
export function detailColumns(detail: DetailFields | undefined, alias: string): string {
  return detail
    ? Object.keys(detail.fields)
        .map((field) => `, ${alias}.${field}`)
        .join('')
    : '';
}

/** The detail fields of a row (for a response body). */
export function detailValues(detail: DetailFields | undefined, row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.keys(detail?.fields ?? {}).map((field) => [field, row[field] ?? null]));
}

/** The detail fields a create body gives, each field it leaves out at its default. */
export function detailBody(detail: DetailFields | undefined, body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(detail?.fields ?? {}).map(([field, spec]) => [
      field,
      body[field] === undefined ? spec.default : body[field],
    ]),
  );
}

/** Inserts the detail row of master row `id` with `values` (fields the type does not declare are ignored). */
export async function insertDetail(
  sql: Sql,
  detail: DetailFields,
  id: string,
  values: Record<string, unknown>,
): Promise<void> {
  const fields = Object.keys(detail.fields);
  await sql(
    `INSERT INTO ${detail.table} (${[detail.key, ...fields].join(', ')})
     VALUES (${[id, ...fields].map((_value, index) => `$${index + 1}`).join(', ')})`,
    [id, ...fields.map((field) => values[field] ?? null)],
  );
}
