/**
 * Membership is stored as ranges: a core_repositorycontent row says its content is in versions
 * [added_number, removed_number) of its repository (removed_number NULL: up to the newest, complete
 * or in progress). These fragments are the one spelling of that rule; `number` and `repository` are
 * SQL expressions, usually parameters like `$2`.
 */

/** The condition "membership row `alias` is in version `number`". */
export function inVersion(alias: string, number: string): string {
  return `${alias}.added_number <= ${number} AND (${alias}.removed_number IS NULL OR ${alias}.removed_number > ${number})`;
}

/** A query of one column, `content_id`: the content of version `number` of `repository`. */
export function contentInVersion(repository: string, number: string): string {
  return `SELECT rc.content_id FROM core_repositorycontent rc
          WHERE rc.repository_id = ${repository} AND ${inVersion('rc', number)}`;
}

/** The number of a repository's latest complete version (versions being written stay invisible). */
export function latestNumber(repositoryId: string): string {
  return `(SELECT max(lv.number) FROM core_repositoryversion lv WHERE lv.repository_id = ${repositoryId} AND lv.complete)`;
}

/** The condition that version `number` of `repositoryId` holds content satisfying `content` (over `rc`). */
export function versionHolds(repositoryId: string, number: string, content: string): string {
  return `EXISTS (SELECT 1 FROM core_repositorycontent rc
                   WHERE rc.repository_id = ${repositoryId} AND ${content} AND ${inVersion('rc', number)})`;
}
