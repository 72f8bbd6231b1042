import type { Sql } from '@pulp/database';

/** What a user puts in a domain and must delete before the domain (content and artifacts go with it). */
const DOMAIN_OBJECTS: ReadonlyArray<{ table: string; one: string; many: string; where?: string }> = [
  // Hidden repositories are an ACS's, which is counted itself.
  { table: 'core_repository', one: 'repository', many: 'repositories', where: 'NOT user_hidden' },
  { table: 'core_remote', one: 'remote', many: 'remotes' },
  { table: 'core_distribution', one: 'distribution', many: 'distributions' },
  { table: 'core_contentguard', one: 'content guard', many: 'content guards' },
  { table: 'core_alternatecontentsource', one: 'alternate content source', many: 'alternate content sources' },
  { table: 'core_upload', one: 'upload', many: 'uploads' },
  { table: 'core_signingservice', one: 'signing service', many: 'signing services' },
];

/**
 * Why the domain cannot be deleted yet (`Domain 'x' still contains 1 repository and 2 remotes…`),
 * or undefined when nothing of the user's is left in it. Read in one statement.
 */
export async function domainDeletionRefusal(sql: Sql, id: string, name: string): Promise<string | undefined> {
  const [counts] = await sql<Record<string, number>>(
    `SELECT ${DOMAIN_OBJECTS.map(
      ({ table, where }, index) =>
        `(SELECT count(*)::int FROM ${table} WHERE pulp_domain_id = $1${where ? ` AND ${where}` : ''}) AS c${index}`,
    ).join(', ')}`,
    [id],
  );
  const left = DOMAIN_OBJECTS.flatMap(({ one, many }, index) => {
    const count = counts[`c${index}`];
    return count > 0 ? [`${count} ${count === 1 ? one : many}`] : [];
  });
  if (left.length === 0) {
    return undefined;
  }
  const listed = left.length === 1 ? left[0] : `${left.slice(0, -1).join(', ')} and ${left[left.length - 1]}`;
  return `Domain '${name}' cannot be deleted: it still contains ${listed}. Delete them first.`;
}
