import { randomUUID } from 'node:crypto';
import type { TestSite } from './test-site';

/** A remote row's settings, as the remotes API takes them. */
export type RemoteFields = Record<string, unknown> & { url: string };

/**
 * Creates a file remote straight in the database and returns its href: a stand-in for
 * `remotes/file/file/` until the typed remotes land (then: POST the same fields).
 */
export async function createFileRemote(site: TestSite, fields: RemoteFields, pulpType = 'file.file'): Promise<string> {
  const id = randomUUID();
  const row: Record<string, unknown> = { name: `remote-${id}`, ...fields };
  if (row.headers !== undefined) {
    row.headers = JSON.stringify(row.headers);
  }
  const columns = Object.keys(row);
  await site.query(
    `INSERT INTO core_remote (pulp_id, pulp_domain_id, pulp_type, ${columns.join(', ')})
     SELECT $1, pulp_id, $2, ${columns.map((_column, n) => `$${n + 3}`).join(', ')} FROM core_domain WHERE name = 'default'`,
    [id, pulpType, ...columns.map((column) => row[column])],
  );
  const segment = pulpType === 'file.file' ? 'file/file' : pulpType.replace('.', '/');
  return `/pulp/api/v3/remotes/${segment}/${id}/`;
}
