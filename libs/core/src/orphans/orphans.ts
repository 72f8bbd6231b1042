import type { Sql } from '@pulp/database/sql';
import type { ArtifactStorage } from '@pulp/storage';
import { countRows, deleteInBatches, type RowSelection } from './batch-delete';

const CONTENT_BATCH = 2000;
const ARTIFACT_BATCH = 1000;

/** A progress report a cleanup counts its deletions in. */
export type StartReport = (report: {
  message: string;
  code: string;
  total: number;
}) => Promise<{ increment: (by: number) => Promise<void> }>;

/**
 * `column` (a timestamp) older than `minutesParam` minutes. The API accepts up to 2³²−1 minutes; capping at
 * 10⁹ (about 1,900 years, older than any row) keeps the date inside PostgreSQL's range.
 */
function olderThan(column: string, minutesParam: string): string {
  return `${column} < now() - least(${minutesParam}::bigint, 1000000000) * interval '1 minute'`;
}

/**
 * Pulp's orphan cleanup in one domain: content in no repository version (in-progress ones count)
 * and no publication's metadata, untouched for `protectionMinutes` (only `contentIds`, when given);
 * then artifacts no content references, equally old, rows first and then their files.
 */
export async function cleanUpOrphans(
  sql: Sql,
  storage: ArtifactStorage,
  progress: StartReport,
  options: { domainId: string; protectionMinutes: number; contentIds: string[] | null },
): Promise<void> {
  const content: RowSelection = {
    table: 'core_content',
    where: `t.pulp_domain_id = $1 AND ${olderThan('t.timestamp_of_interest', '$2')}
            AND ($3::uuid[] IS NULL OR t.pulp_id = ANY($3::uuid[]))
            AND NOT EXISTS (SELECT 1 FROM core_repositorycontent rc WHERE rc.content_id = t.pulp_id)
            AND NOT EXISTS (SELECT 1 FROM core_publishedmetadata pm WHERE pm.content_id = t.pulp_id)`,
    params: [options.domainId, options.protectionMinutes, options.contentIds],
  };
  const contentReport = await progress({
    message: 'Clean up orphan Content',
    code: 'clean-up.content',
    total: await countRows(sql, content),
  });
  await deleteInBatches<{ pulp_id: string }>(sql, content, {
    batch: CONTENT_BATCH,
    returning: 't.pulp_id',
    deleted: (rows) => contentReport.increment(rows.length),
  });

  const artifacts: RowSelection = {
    table: 'core_artifact',
    where: `t.pulp_domain_id = $1 AND ${olderThan('t.timestamp_of_interest', '$2')}
            AND NOT EXISTS (SELECT 1 FROM core_contentartifact ca WHERE ca.artifact_id = t.pulp_id)`,
    params: [options.domainId, options.protectionMinutes],
  };
  const artifactReport = await progress({
    message: 'Clean up orphan Artifacts',
    code: 'clean-up.artifacts',
    total: await countRows(sql, artifacts),
  });
  await deleteInBatches<{ file: string; sha256: string }>(sql, artifacts, {
    batch: ARTIFACT_BATCH,
    returning: 't.file, t.sha256',
    deleted: async (rows) => {
      for (const file of await unusedArtifactFiles(sql, rows)) {
        await storage.delete(file);
      }
      await artifactReport.increment(rows.length);
    },
  });
}

/**
 * Of deleted artifacts' files, those no artifact of any domain still names: names are content
 * addressed, so two domains' copies of one file may share it.
 */
async function unusedArtifactFiles(sql: Sql, deleted: { file: string; sha256: string }[]): Promise<string[]> {
  const rows = await sql<{ file: string }>(
    `SELECT d.file FROM unnest($1::text[], $2::text[]) AS d (file, sha256)
      WHERE NOT EXISTS (SELECT 1 FROM core_artifact a JOIN core_domain domain ON domain.pulp_id = a.pulp_domain_id
                         WHERE a.sha256 = d.sha256 AND a.file = d.file)`,
    [deleted.map((row) => row.file), deleted.map((row) => row.sha256)],
  );
  return rows.map((row) => row.file);
}
