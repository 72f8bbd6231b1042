/**
 * What "orphan" means, in one place for orphan cleanup and the `orphaned_for` filters (as Pulp's
 * `orphaned()` querysets): content with no membership in any repository version (versions being
 * written count) that is no publication's metadata; an artifact no content references.
 */
export function orphanContent(alias: string): string {
  return `NOT EXISTS (SELECT 1 FROM core_repositorycontent rc WHERE rc.content_id = ${alias}.pulp_id)
          AND ${alias}.pulp_type <> 'core.publishedmetadata'
          AND NOT EXISTS (SELECT 1 FROM core_publishedmetadata pm WHERE pm.content_id = ${alias}.pulp_id)`;
}

export function orphanArtifact(alias: string): string {
  return `NOT EXISTS (SELECT 1 FROM core_contentartifact ca WHERE ca.artifact_id = ${alias}.pulp_id)`;
}
