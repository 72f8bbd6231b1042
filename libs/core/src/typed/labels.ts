import type { Sql } from '@pulp/database';
import { PulpValidationError } from '@pulp/errors';

const KEY = /^[\w .-]+$/;

/** Pulp's checks of a `pulp_labels` object: keys of word characters, spaces, dots and dashes; no parentheses in values. */
export function labelProblems(labels: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(labels)) {
    if (!KEY.test(key)) {
      problems.push(`Key '${key}' contains non-alphanumerics.`);
    }
    if (value !== null && typeof value !== 'string') {
      problems.push(`Value of key '${key}' must be a string or null.`);
    } else if (typeof value === 'string' && /[()]/.test(value)) {
      problems.push(`Key '${key}' contains value with parens.`);
    }
  }
  return problems;
}

/** Sets one label of a row of `table` (a master table with `pulp_labels`); false when there is no such row. */
export async function setLabel(
  sql: Sql,
  table: string,
  id: string,
  key: string,
  value: string | null,
): Promise<boolean> {
  const rows = await sql(
    `UPDATE ${table} SET pulp_labels = pulp_labels || jsonb_build_object($2::text, $3::text), pulp_last_updated = now()
      WHERE pulp_id = $1 RETURNING pulp_id`,
    [id, key, value],
  );
  return rows.length > 0;
}

/** Removes one label and returns its value; 400 when the row has no such label. */
export async function unsetLabel(sql: Sql, table: string, id: string, key: string): Promise<string | null> {
  const [row] = await sql<{ value: string | null }>(
    `UPDATE ${table} t SET pulp_labels = t.pulp_labels - $2::text, pulp_last_updated = now()
       FROM ${table} before
      WHERE t.pulp_id = $1 AND before.pulp_id = t.pulp_id AND before.pulp_labels ? $2::text
      RETURNING before.pulp_labels ->> $2::text AS value`,
    [id, key],
  );
  if (!row) {
    throw new PulpValidationError({ key: [`Label with key '${key}' does not exist.`] });
  }
  return row.value;
}
