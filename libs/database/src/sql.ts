// Nest-free on purpose: code that unit tests load (the task queue) imports it as `@pulp/database/sql`.
import type { DataSource } from 'typeorm';

/** Injection token of the process's pg connection pool (a PgPoolLike), shared with TypeORM. */
export const PG_POOL = Symbol('PG_POOL');

/** Injection token of an Sql function over PG_POOL, for code that only queries. */
export const SQL = Symbol('SQL');

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

/** Plain queries plus transactions: what set-based code over the database needs (a task context is one). */
export interface Database {
  sql: Sql;
  /** Runs `work` in one transaction on one connection: all of it is committed, or none. */
  transaction: <T>(work: (sql: Sql) => Promise<T>) => Promise<T>;
}

/** Runs `work` in one transaction on one connection of the pool. */
export async function inTransaction<T>(pool: PgPoolLike, work: (sql: Sql) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  const sql = sqlOf(client);
  try {
    await sql('BEGIN');
    const result = await work(sql);
    await sql('COMMIT');
    return result;
  } catch (error) {
    await sql('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** A pool as a Database. */
export function databaseOf(pool: PgPoolLike): Database {
  return { sql: sqlOf(pool), transaction: (work) => inTransaction(pool, work) };
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
