/** A query function returning rows: a pg Pool or Client's `query`, reduced to what the queue needs. */
export type Sql = <T = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<T[]>;

/** A pg Pool (or anything with pg's `query` and `connect`) as an Sql function. */
export interface PgPoolLike {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
  connect(): Promise<PgClientLike>;
}

export interface PgClientLike {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
  release(): void;
}

export function sqlOf(pool: { query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }> }): Sql {
  return async <T>(text: string, params?: unknown[]) => (await pool.query(text, params)).rows as T[];
}
