import type { Type } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import type { Sql } from '@pulp/database';
import { refuseNulls } from './refuse-nulls';

/**
 * A type's own fields (Pulp's detail model): a table of its plugin, one row per master row, keyed
 * by the master's `pulp_id` (`file_filerepository(repository_id, autopublish, manifest, …)`).
 * Field names are column names. The API validates and writes them with the master row, the lists
 * read them with it, and core's general update task (in the worker) writes them too: the type's
 * view carries this declaration to both processes (see TypedBody).
 */
export interface DetailFields {
  /** The plugin's table: `file_filerepository`. */
  table: string;
  /** Its column holding the master row's `pulp_id`: `repository_id`. */
  key: string;
  /**
   * The writable fields, as the request component shows them (class-validator and @nestjs/swagger
   * decorated; merged into the type's request and patched components). Its validated properties
   * are the columns a body may write.
   */
  request: Type<object>;
  /** The fields the response component adds (writable and read-only ones). */
  response: Type<object>;
  /** Response-only columns: read with the row and shown, never written from a body. */
  readOnly?: readonly string[];
  /** Writable columns that take no null (PATCH bodies make every field optional, not nullable). */
  notNull?: readonly string[];
  /** JSON columns (written as JSON text). */
  json?: readonly string[];
}

/** The columns a body may write: the request class's validated properties. */
export function writableColumns(detail: DetailFields): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(detail.request, '', true, false);
  return [...new Set(metadata.map((entry) => entry.propertyName))];
}

/** The columns a list reads and a body shows: writable ones, then read-only ones. */
export function shownColumns(detail: DetailFields): string[] {
  return [...writableColumns(detail), ...(detail.readOnly ?? [])];
}

/** The detail columns a body sets (only those it has; nulls refused where the column takes none). */
export function detailColumns(detail: DetailFields | undefined, body: object): Record<string, unknown> {
  if (!detail) {
    return {};
  }
  refuseNulls(body, detail.notNull ?? []);
  const values = body as Record<string, unknown>;
  return Object.fromEntries(
    writableColumns(detail)
      .filter((column) => values[column] !== undefined)
      .map((column) => [column, values[column]]),
  );
}

/** The detail row of `id` (undefined for a type without one, or a row that has none). */
export async function detailRow(
  sql: Sql,
  detail: DetailFields | undefined,
  id: string,
): Promise<Record<string, unknown> | undefined> {
  if (!detail) {
    return undefined;
  }
  const [row] = await sql(`SELECT * FROM ${detail.table} WHERE ${detail.key} = $1`, [id]);
  return row;
}

/**
 * The permitted entries of `data`: writable columns only (anything else is ignored, never
 * interpolated), values ready for parameters.
 */
function permitted(detail: DetailFields, data: unknown): Array<[string, unknown]> {
  const writable = writableColumns(detail);
  return Object.entries((data ?? {}) as Record<string, unknown>)
    .filter(([column]) => writable.includes(column))
    .map(([column, value]) => [
      column,
      detail.json?.includes(column) && value !== null ? JSON.stringify(value) : value,
    ]);
}

/** Inserts the detail row of a new master row `id` (columns the body left out take their defaults). */
export async function insertDetail(sql: Sql, detail: DetailFields, id: string, data: unknown): Promise<void> {
  await sql(...upsert(detail, id, permitted(detail, data), 'NOTHING'));
}

/**
 * Writes the detail columns `data` sets on `id`'s row; a master row some code made without its
 * detail row gets one (the key must be the table's primary key or unique). An update first, so
 * that NOT NULL columns without defaults the data leaves out do not refuse the row.
 */
export async function updateDetail(sql: Sql, detail: DetailFields, id: string, data: unknown): Promise<void> {
  const entries = permitted(detail, data);
  if (entries.length === 0) {
    return;
  }
  const updated = await sql(
    `UPDATE ${detail.table} SET ${entries.map(([column], index) => `${column} = $${index + 2}`).join(', ')}
      WHERE ${detail.key} = $1 RETURNING ${detail.key}`,
    [id, ...entries.map(([, value]) => value)],
  );
  if (updated.length === 0) {
    const set = entries.map(([column]) => `${column} = EXCLUDED.${column}`).join(', ');
    await sql(...upsert(detail, id, entries, `UPDATE SET ${set}`));
  }
}

function upsert(
  detail: DetailFields,
  id: string,
  entries: Array<[string, unknown]>,
  onConflict: string,
): [string, unknown[]] {
  const columns = [detail.key, ...entries.map(([column]) => column)];
  return [
    `INSERT INTO ${detail.table} (${columns.join(', ')})
     VALUES (${columns.map((_column, index) => `$${index + 1}`).join(', ')})
     ON CONFLICT (${detail.key}) DO ${onConflict}`,
    [id, ...entries.map(([, value]) => value)],
  ];
}

/** The select list bringing the detail columns of alias `alias` into a master row. */
export function detailSelect(detail: DetailFields, alias: string): string {
  return shownColumns(detail)
    .map((column) => `${alias}.${column}`)
    .join(', ');
}

/** The detail fields of a row read with detailSelect. */
export function detailResponse(detail: DetailFields | undefined, row: object): Record<string, unknown> {
  const values = row as Record<string, unknown>;
  return detail ? Object.fromEntries(shownColumns(detail).map((column) => [column, values[column]])) : {};
}
