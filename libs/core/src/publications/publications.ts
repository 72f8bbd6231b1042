import { uuid7, type Sql } from '@pulp/database';

/** A publication about to be written: its type, the version it publishes and how it serves it. */
export interface NewPublication {
  pulpType: string;
  versionId: string;
  /** The version's content is served at its own relative paths (no published artifacts needed). */
  passThrough: boolean;
  checkpoint: boolean;
}

/**
 * Writes an incomplete publication of the version (in its repository's domain) and returns its id.
 * Lists and the content app see complete publications only: the caller completes it last, in the
 * same transaction, so a failed publish leaves nothing anybody sees.
 */
export async function insertPublication(sql: Sql, publication: NewPublication): Promise<string> {
  const id = uuid7();
  await sql(
    `INSERT INTO core_publication (pulp_id, pulp_domain_id, pulp_type, pass_through, checkpoint, repository_version_id)
     SELECT $1, r.pulp_domain_id, $2, $3, $4, v.pulp_id
       FROM core_repositoryversion v JOIN core_repository r ON r.pulp_id = v.repository_id
      WHERE v.pulp_id = $5 AND v.complete`,
    [id, publication.pulpType, publication.passThrough, publication.checkpoint, publication.versionId],
  );
  return id;
}

/** Makes the publication visible. */
export async function completePublication(sql: Sql, id: string): Promise<void> {
  await sql('UPDATE core_publication SET complete = true WHERE pulp_id = $1', [id]);
}

/**
 * Records a file the publication wrote (PULP_MANIFEST, repodata…) as Pulp's published metadata: a
 * `core.publishedmetadata` content unit whose one artifact is the file, served at `relativePath`.
 */
export async function addPublishedMetadata(
  sql: Sql,
  publicationId: string,
  relativePath: string,
  artifactId: string,
): Promise<void> {
  const contentId = uuid7();
  await sql(
    `WITH content AS (
       INSERT INTO core_content (pulp_id, pulp_domain_id, pulp_type)
       SELECT $1, pulp_domain_id, 'core.publishedmetadata' FROM core_publication WHERE pulp_id = $2
       RETURNING pulp_id),
     artifact AS (
       INSERT INTO core_contentartifact (pulp_id, content_id, artifact_id, relative_path)
       SELECT $3, pulp_id, $4, $5 FROM content)
     INSERT INTO core_publishedmetadata (content_id, publication_id, relative_path)
     SELECT pulp_id, $2, $5 FROM content`,
    [contentId, publicationId, uuid7(), artifactId, relativePath],
  );
}
