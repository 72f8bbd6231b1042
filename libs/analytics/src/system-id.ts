import { uuid7 } from '@pulp/database';
import type { Sql } from '@pulp/database/sql';

/**
 * Gives the installation its system id (UUIDv7) unless it has one: it never changes afterwards.
 * Concurrent `migrate` runs are safe, the singleton index turning a second insert into nothing.
 */
export async function ensureSystemId(sql: Sql): Promise<void> {
  await sql('INSERT INTO core_systemid (pulp_id) VALUES ($1) ON CONFLICT DO NOTHING', [uuid7()]);
}
