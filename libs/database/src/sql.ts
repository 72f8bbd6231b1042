// Nest-free on purpose: code that unit tests load (the task queue) imports it as `@pulp/database/sql`.
import type { DataSource } from 'typeorm';

/** Injection token of the process's pg connection pool (a PgPoolLike), shared with TypeORM. */
export const PG_POOL = Symbol('PG_POOL');

/** TypeORM's own pg pool: raw queries share the process's connections instead of opening more. */
export function poolOf(dataSource: DataSource): PgPoolLike {
  return (dataSource.driver as unknown as { master: PgPoolLike }).master;
}

/** A query function returning rows: a pg Pool or Client's `query`, reduced to what the queue needs. */
export type Sql = <T = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<T[]>;

/** A pg Pool (or anything with pg's `query` and `connect`) as an Sql function. */
export interface PgPoolLike {
  query(text: string | PreparedQuery, params?: unknown[]): Promise<{ rows: unknown[] }>;
  connect(): Promise<PgClientLike>;
}

export interface PgClientLike {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
  release(): void;
}

export function sqlOf(pool: { query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }> }): Sql {
  return async <T>(text: string, params?: unknown[]) => (await pool.query(text, params)).rows as T[];
}

/** A statement pg prepares once per connection (by name) instead of parsing and planning it each time. */
export interface PreparedQuery {
  name: string;
  text: string;
  values: unknown[];
}

/** Runs the hot statements of the queue (claim, finish) as prepared statements. */
export async function prepared<T>(pool: PgPoolLike, query: PreparedQuery): Promise<T[]> {
  return (await pool.query(query)).rows as T[];
}
