import type { Sql } from '@pulp/database';

/**
 * Sets an ACS's paths to `paths`: rows of paths that stay keep their hidden repository (and what
 * its refreshes synced); an ACS without paths has the single empty path, its remote's own URL.
 */
export async function replaceAcsPaths(sql: Sql, acsId: string, paths: readonly string[]): Promise<void> {
  const wanted = paths.length > 0 ? [...new Set(paths)] : [''];
  await sql(
    `WITH gone AS (
       DELETE FROM core_alternatecontentsourcepath
        WHERE alternate_content_source_id = $1 AND NOT path = ANY($2::text[]) RETURNING repository_id)
     DELETE FROM core_repository WHERE pulp_id IN (SELECT repository_id FROM gone)`,
    [acsId, wanted],
  );
  await sql(
    `INSERT INTO core_alternatecontentsourcepath (pulp_id, alternate_content_source_id, path)
     SELECT pulp_uuid7(), $1, path FROM unnest($2::text[]) AS path
     ON CONFLICT (alternate_content_source_id, path) DO NOTHING`,
    [acsId, wanted],
  );
}

/** Deletes an ACS with the hidden repositories its refreshes filled. */
export async function deleteAcs(sql: Sql, acsId: string): Promise<void> {
  await sql(
    `WITH paths AS (
       DELETE FROM core_alternatecontentsourcepath WHERE alternate_content_source_id = $1 RETURNING repository_id),
     repositories AS (DELETE FROM core_repository WHERE pulp_id IN (SELECT repository_id FROM paths))
     DELETE FROM core_alternatecontentsource WHERE pulp_id = $1`,
    [acsId],
  );
}

/** The URL a path of an ACS syncs from: the remote's URL, with the path below it. */
export function acsPathUrl(remoteUrl: string, path: string): string {
  return path === '' ? remoteUrl : `${remoteUrl.replace(/\/+$/, '')}/${path}`;
}
