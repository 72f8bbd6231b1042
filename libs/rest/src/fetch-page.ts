import type { ListQuery } from './list-query';

/** A function running parameterised SQL and returning rows (a pg pool's `query`, unwrapped). */
export type QueryRows = <T>(text: string, values?: unknown[]) => Promise<T[]>;

/**
 * Runs a list request: the total count and the rows of the page asked for.
 * `from` names the table with the alias the filterset's SQL uses (`core_task t`), `id` its key.
 * The page's keys are found first and only its rows get their columns computed: PostgreSQL would
 * otherwise evaluate the columns (subqueries included) of every row an OFFSET skips.
 */
export async function fetchPage<Row>(
  query: QueryRows,
  from: { columns: string; from: string; id: string },
  list: ListQuery,
): Promise<{ count: number; rows: Row[] }> {
  const next = list.values.length + 1;
  const [counted, rows] = await Promise.all([
    query<{ count: number }>(`SELECT count(*)::int AS count FROM ${from.from} WHERE ${list.where}`, list.values),
    query<Row>(
      `SELECT ${from.columns} FROM ${from.from}
        WHERE ${from.id} IN (SELECT ${from.id} FROM ${from.from} WHERE ${list.where}
                              ORDER BY ${list.orderBy} LIMIT $${next} OFFSET $${next + 1})
        ORDER BY ${list.orderBy}`,
      [...list.values, list.limit, list.offset],
    ),
  ]);
  return { count: counted[0].count, rows };
}
