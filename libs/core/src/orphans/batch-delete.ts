import type { Sql } from '@pulp/database/sql';

const FOREIGN_KEY_VIOLATION = '23503';

/** Rows of `table` (alias `t`) matching `where`, whose parameters are `$1…$n`. */
export interface RowSelection {
  table: string;
  where: string;
  params: readonly unknown[];
}

export async function countRows(sql: Sql, { table, where, params }: RowSelection): Promise<number> {
  const [{ count }] = await sql<{ count: number }>(`SELECT count(*)::int AS count FROM ${table} t WHERE ${where}`, [
    ...params,
  ]);
  return count;
}

/**
 * Deletes the selected rows in primary-key batches, handing each batch's `returning` columns to
 * `deleted`. The delete checks `where` again, so a row that stopped matching since it was picked (e.g.
 * content a sync just added to a repository) stays. A batch that something else still references
 * (a foreign key) is retried row by row and the refused rows are skipped, as Pulp does on
 * ProtectedError; walking the keys forward means a skipped row is never picked again.
 */
export async function deleteInBatches<T>(
  sql: Sql,
  selection: RowSelection,
  options: { batch: number; returning: string; deleted: (rows: T[]) => Promise<void> },
): Promise<void> {
  const { table, where, params } = selection;
  const last = `$${params.length + 1}`;
  const remove = (ids: string[]) =>
    sql<T>(
      `DELETE FROM ${table} t WHERE t.pulp_id = ANY(${last}::uuid[]) AND ${where} RETURNING ${options.returning}`,
      [...params, ids],
    );
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const ids = (
      await sql<{ pulp_id: string }>(
        `SELECT t.pulp_id FROM ${table} t WHERE ${where} AND t.pulp_id > ${last}
          ORDER BY t.pulp_id LIMIT ${options.batch}`,
        [...params, after],
      )
    ).map((row) => row.pulp_id);
    if (ids.length === 0) {
      return;
    }
    after = ids[ids.length - 1];
    await options.deleted(await deleteOrSkip(ids, remove));
  }
}

async function deleteOrSkip<T>(ids: string[], remove: (ids: string[]) => Promise<T[]>): Promise<T[]> {
  try {
    return await remove(ids);
  } catch (error) {
    rethrowUnlessReferenced(error);
  }
  const deleted: T[] = [];
  for (const id of ids) {
    try {
      deleted.push(...(await remove([id])));
    } catch (error) {
      rethrowUnlessReferenced(error);
    }
  }
  return deleted;
}

function rethrowUnlessReferenced(error: unknown): void {
  if ((error as { code?: string }).code !== FOREIGN_KEY_VIOLATION) {
    throw error;
  }
}
