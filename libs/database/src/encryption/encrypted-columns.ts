import type { Sql } from '../sql';
import { mapLeaves } from './encrypted-json';

/** Columns of a table that hold Fernet tokens (Pulp's EncryptedTextField, EncryptedJSONField). */
export interface EncryptedColumns {
  table: string;
  columns: readonly string[];
  /** jsonb columns whose leaves are the tokens (EncryptedJSONField, see encrypted-json.ts); else text columns. */
  json?: boolean;
}

const BATCH_ROWS = 500;
const BEFORE_EVERY_UUID = '00000000-0000-0000-0000-000000000000';

/**
 * Passes every value (not NULL) of `columns` through `transform` and writes the results back, a
 * batch at a time in primary key order. Rows are locked as they are read, so run it in a
 * transaction: a write racing it then waits, and is never overwritten with an older value.
 * Returns how many rows were rewritten.
 */
export async function rewriteEncryptedColumns(
  sql: Sql,
  { table, columns, json = false }: EncryptedColumns,
  transform: (value: string) => string,
): Promise<number> {
  const values = columns.map((_column, index) => `v${index}`);
  // A jsonb value comes parsed: its leaves are transformed, and it goes back as JSON text ({} holds none).
  const rewrite = (value: unknown): string =>
    json ? JSON.stringify(mapLeaves(value, (leaf) => transform(String(leaf)))) : transform(value as string);
  let after = BEFORE_EVERY_UUID;
  let rewritten = 0;
  for (;;) {
    const rows = await sql<Record<string, unknown>>(
      `SELECT pulp_id, ${columns.join(', ')} FROM ${table}
        WHERE pulp_id > $1 AND (${columns.map((column) => `${column} IS NOT NULL${json ? ` AND ${column} <> '{}'` : ''}`).join(' OR ')})
        ORDER BY pulp_id LIMIT ${BATCH_ROWS} FOR UPDATE`,
      [after],
    );
    if (rows.length === 0) {
      return rewritten;
    }
    await sql(
      `UPDATE ${table} t SET ${columns.map((column, index) => `${column} = v.${values[index]}${json ? '::jsonb' : ''}`).join(', ')}
         FROM unnest($1::uuid[], ${values.map((_value, index) => `$${index + 2}::text[]`).join(', ')})
              AS v(pulp_id, ${values.join(', ')})
        WHERE t.pulp_id = v.pulp_id`,
      [
        rows.map((row) => row.pulp_id),
        ...columns.map((column) => rows.map((row) => (row[column] === null ? null : rewrite(row[column])))),
      ],
    );
    rewritten += rows.length;
    after = rows[rows.length - 1].pulp_id as string;
  }
}
