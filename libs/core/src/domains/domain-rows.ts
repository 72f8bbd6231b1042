// Nest-free, so that suites running in-process load it.
import { encryptJson, type DatabaseEncryption } from '@pulp/database/encryption';
import type { Sql } from '@pulp/database/sql';

/** core_domain columns a body sets, `storage_settings` in plain text (encrypted as it is written). */
export type DomainColumns = Record<string, unknown>;

/** The columns a body may set: all that an update task writes (anything else is never interpolated). */
const DOMAIN_COLUMNS: readonly string[] = [
  'name',
  'description',
  'pulp_labels',
  'storage_class',
  'storage_settings',
  'redirect_to_object_storage',
  'hide_guarded_distributions',
];

/** Inserts a domain row from checked columns. */
export async function insertDomain(
  sql: Sql,
  id: string,
  columns: DomainColumns,
  encryption: Pick<DatabaseEncryption, 'encrypt'>,
): Promise<void> {
  const entries = storedEntries(columns, encryption);
  await sql(
    `INSERT INTO core_domain (pulp_id${entries.map(([column]) => `, ${column}`).join('')})
     VALUES ($1${entries.map((_entry, index) => `, $${index + 2}`).join('')})`,
    [id, ...entries.map(([, value]) => value)],
  );
}

/** Writes checked columns to a domain row (never the `default` one, whose settings are the global ones). */
export async function updateDomain(
  sql: Sql,
  id: string,
  columns: DomainColumns,
  encryption: Pick<DatabaseEncryption, 'encrypt'>,
): Promise<void> {
  const entries = storedEntries(columns, encryption);
  await sql(
    `UPDATE core_domain SET ${entries.map(([column], index) => `${column} = $${index + 2}, `).join('')}pulp_last_updated = now()
      WHERE pulp_id = $1 AND name <> 'default'`,
    [id, ...entries.map(([, value]) => value)],
  );
}

/** The permitted columns as stored: the storage settings encrypted as Pulp's EncryptedJSONField, jsonb as JSON text. */
function storedEntries(
  columns: DomainColumns,
  encryption: Pick<DatabaseEncryption, 'encrypt'>,
): Array<[string, unknown]> {
  return Object.entries(columns)
    .filter(([column]) => DOMAIN_COLUMNS.includes(column))
    .map(([column, value]) => {
      if (column === 'storage_settings') {
        return [column, JSON.stringify(encryptJson(value, encryption))];
      }
      return [column, column === 'pulp_labels' ? JSON.stringify(value) : value];
    });
}
