import type { DataSource } from 'typeorm';

/**
 * Names of the migrations this build knows that the database has not recorded, read without
 * side effects (TypeORM's own check creates its bookkeeping table, which servers must not do).
 */
export async function pendingMigrations(dataSource: DataSource): Promise<string[]> {
  const [{ table }]: Array<{ table: string | null }> = await dataSource.query(
    "SELECT to_regclass('pulp_migrations')::text AS table",
  );
  const applied = new Set<string>();
  if (table) {
    const rows: Array<{ name: string }> = await dataSource.query('SELECT name FROM pulp_migrations');
    rows.forEach((row) => applied.add(row.name));
  }
  return dataSource.migrations.map((migration) => migration.name!).filter((name) => !applied.has(name));
}
