import type { Database } from '@pulp/database/sql';
import type { DomainStorages } from '@pulp/domains';
import { deleteArtifacts } from '../artifacts/delete-artifacts';
import { countRows, deleteInBatches, type RowSelection } from './batch-delete';
import { orphanArtifact, orphanContent } from './orphan-conditions';

const CONTENT_BATCH = 2000;

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
  db: Database,
  storages: Pick<DomainStorages, 'of'>,
  progress: StartReport,
  options: { domainId: string; protectionMinutes: number; contentIds: string[] | null },
): Promise<void> {
  const content: RowSelection = {
    table: 'core_content',
    where: `t.pulp_domain_id = $1 AND ${olderThan('t.timestamp_of_interest', '$2')}
            AND ($3::uuid[] IS NULL OR t.pulp_id = ANY($3::uuid[]))
            AND ${orphanContent('t')}`,
    params: [options.domainId, options.protectionMinutes, options.contentIds],
  };
  const contentReport = await progress({
    message: 'Clean up orphan Content',
    code: 'clean-up.content',
    total: await countRows(db.sql, content),
  });
  await deleteInBatches<{ pulp_id: string }>(db.sql, content, {
    batch: CONTENT_BATCH,
    returning: 't.pulp_id',
    deleted: (rows) => contentReport.increment(rows.length),
  });

  await deleteArtifacts(
    db,
    storages,
    {
      where: `t.pulp_domain_id = $1 AND ${olderThan('t.timestamp_of_interest', '$2')} AND ${orphanArtifact('t')}`,
      params: [options.domainId, options.protectionMinutes],
    },
    progress,
    { message: 'Clean up orphan Artifacts', code: 'clean-up.artifacts' },
  );
}
