import type { Sql } from '@pulp/database/sql';

/** Per pulp_type counts of what a version added, removed and holds (the API renders hrefs from it). */
export interface ContentSummary {
  added: Record<string, number>;
  removed: Record<string, number>;
  present: Record<string, number>;
}

export const EMPTY_SUMMARY: ContentSummary = { added: {}, removed: {}, present: {} };

/**
 * Counts the content of version `number` in one pass over the rows that touch it: those open at
 * `number` (present; added ones start there) and those closed there (removed).
 */
export async function summarize(sql: Sql, repositoryId: string, number: number): Promise<ContentSummary> {
  const [row] = await sql<{ summary: ContentSummary }>(
    `SELECT jsonb_build_object(
              'added', coalesce(jsonb_object_agg(pulp_type, added) FILTER (WHERE added > 0), '{}'),
              'removed', coalesce(jsonb_object_agg(pulp_type, removed) FILTER (WHERE removed > 0), '{}'),
              'present', coalesce(jsonb_object_agg(pulp_type, present) FILTER (WHERE present > 0), '{}')) AS summary
       FROM (SELECT c.pulp_type,
                    count(*) FILTER (WHERE rc.added_number = $2) AS added,
                    count(*) FILTER (WHERE rc.removed_number = $2) AS removed,
                    count(*) FILTER (WHERE rc.removed_number IS NULL OR rc.removed_number > $2) AS present
               FROM core_repositorycontent rc JOIN core_content c ON c.pulp_id = rc.content_id
              WHERE rc.repository_id = $1 AND rc.added_number <= $2
                AND (rc.removed_number IS NULL OR rc.removed_number >= $2)
              GROUP BY c.pulp_type) AS counts`,
    [repositoryId, number],
  );
  return row.summary;
}

/** True when the version adds and removes nothing. */
export function changesNothing(summary: ContentSummary): boolean {
  return Object.keys(summary.added).length === 0 && Object.keys(summary.removed).length === 0;
}

export async function storeSummary(sql: Sql, versionId: string, summary: ContentSummary): Promise<void> {
  await sql('UPDATE core_repositoryversion SET content_summary = $2, pulp_last_updated = now() WHERE pulp_id = $1', [
    versionId,
    JSON.stringify(summary),
  ]);
}
