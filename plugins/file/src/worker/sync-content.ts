import type { Sql } from '@pulp/plugin-api';
import { FILE_TYPE } from '../file-types';
import type { ManifestEntry } from '../manifest';

/** A batch's unit whose file is still to be downloaded (immediate policy). */
export interface MissingFile {
  contentArtifactId: string;
  digest: string;
  size: number;
  url: string;
}

/** Where the batch's entries come from: the remote and each entry's URL there. */
export interface EntrySource {
  domainId: string;
  remoteId: string;
  url: (entry: ManifestEntry) => string;
}

/** The entries of a batch with their positions ($2 paths, $3 digests), for the statements below. */
const ENTRIES = `SELECT * FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS e (relative_path, digest, ord)`;

/** The domain's unit for each entry ($1 domain), in the entries' order. */
const UNITS = `
  SELECT fc.content_id FROM (${ENTRIES}) e
    JOIN file_filecontent fc ON fc.pulp_domain_id = $1 AND fc.relative_path = e.relative_path AND fc.digest = e.digest
   ORDER BY e.ord`;

/**
 * Writes a batch of manifest entries set-based: a file content unit per (relative_path, digest) —
 * the domain's existing one when there is one — with its content artifact (linked to the domain's
 * artifact with that sha256 when there is one), and the remote artifact (URL, sha256, size) that
 * on-demand serving and repair fetch from. Returns the entries' unit ids, in order. Runs in one
 * transaction (the caller's).
 */
export async function saveEntries(sql: Sql, source: EntrySource, entries: ManifestEntry[]): Promise<string[]> {
  const params = [source.domainId, entries.map((entry) => entry.relativePath), entries.map((entry) => entry.digest)];
  // New units, their files and content artifacts, and every entry's unit, in one statement.
  const rows = await sql<{ content_id: string | null }>(
    `WITH e AS (${ENTRIES}),
     missing AS (
       SELECT DISTINCT ON (e.relative_path, e.digest) pulp_uuid7() AS id, e.relative_path, e.digest FROM e
        WHERE NOT EXISTS (SELECT 1 FROM file_filecontent fc
                           WHERE fc.pulp_domain_id = $1 AND fc.relative_path = e.relative_path AND fc.digest = e.digest)),
     content AS (
       INSERT INTO core_content (pulp_id, pulp_domain_id, pulp_type) SELECT id, $1, $4 FROM missing),
     files AS (
       INSERT INTO file_filecontent (content_id, pulp_domain_id, relative_path, digest)
       SELECT id, $1, relative_path, digest FROM missing ON CONFLICT DO NOTHING
       RETURNING content_id, relative_path, digest),
     artifacts AS (
       INSERT INTO core_contentartifact (pulp_id, content_id, relative_path, artifact_id)
       SELECT pulp_uuid7(), f.content_id, f.relative_path, a.pulp_id FROM files f
         LEFT JOIN core_artifact a ON a.pulp_domain_id = $1 AND a.sha256 = f.digest)
     SELECT coalesce(f.content_id, fc.content_id) AS content_id FROM e
       LEFT JOIN files f ON f.relative_path = e.relative_path AND f.digest = e.digest
       LEFT JOIN file_filecontent fc
              ON fc.pulp_domain_id = $1 AND fc.relative_path = e.relative_path AND fc.digest = e.digest
      ORDER BY e.ord`,
    [...params, FILE_TYPE],
  );
  let ids = rows.map((row) => row.content_id);
  if (ids.includes(null)) {
    // Another task created some of these units meanwhile: theirs are the units, ours are dropped.
    await sql(
      `DELETE FROM core_content c WHERE c.pulp_type = $1 AND c.pulp_created = now()
          AND NOT EXISTS (SELECT 1 FROM file_filecontent fc WHERE fc.content_id = c.pulp_id)`,
      [FILE_TYPE],
    );
    ids = (await sql<{ content_id: string }>(UNITS, params)).map((row) => row.content_id);
  }
  const units = ids as string[];
  await sql(
    `UPDATE core_contentartifact ca SET artifact_id = a.pulp_id, pulp_last_updated = now()
       FROM file_filecontent fc, core_artifact a
      WHERE ca.content_id = ANY($1::uuid[]) AND ca.artifact_id IS NULL AND fc.content_id = ca.content_id
        AND a.pulp_domain_id = fc.pulp_domain_id AND a.sha256 = fc.digest`,
    [units],
  );
  // One remote artifact per unit (a line listed twice would update one row twice, which PostgreSQL refuses).
  const byUnit = new Map(units.map((id, index) => [id, entries[index]]));
  await sql(
    `INSERT INTO core_remoteartifact (pulp_id, content_artifact_id, remote_id, url, size, sha256)
     SELECT pulp_uuid7(), ca.pulp_id, $1, e.url, e.size, e.digest
       FROM unnest($2::uuid[], $3::text[], $4::bigint[], $5::text[]) AS e (content_id, url, size, digest)
       JOIN core_contentartifact ca ON ca.content_id = e.content_id
     ON CONFLICT (content_artifact_id, remote_id) DO UPDATE
        SET url = EXCLUDED.url, size = EXCLUDED.size, sha256 = EXCLUDED.sha256, failed_at = NULL,
            pulp_last_updated = now()`,
    [
      source.remoteId,
      [...byUnit.keys()],
      [...byUnit.values()].map((entry) => source.url(entry)),
      [...byUnit.values()].map((entry) => entry.size),
      [...byUnit.values()].map((entry) => entry.digest),
    ],
  );
  return [...byUnit.keys()];
}

/** The units among `ids` whose file is not stored yet, one per sha256 (each is downloaded once). */
export async function missingFiles(sql: Sql, remoteId: string, ids: string[]): Promise<MissingFile[]> {
  const rows = await sql<{ pulp_id: string; digest: string; size: string; url: string }>(
    `SELECT DISTINCT ON (fc.digest) ca.pulp_id, fc.digest, ra.size, ra.url
       FROM core_contentartifact ca
       JOIN file_filecontent fc ON fc.content_id = ca.content_id
       JOIN core_remoteartifact ra ON ra.content_artifact_id = ca.pulp_id AND ra.remote_id = $2
      WHERE ca.content_id = ANY($1::uuid[]) AND ca.artifact_id IS NULL
      ORDER BY fc.digest`,
    [ids, remoteId],
  );
  return rows.map((row) => ({
    contentArtifactId: row.pulp_id,
    digest: row.digest,
    size: Number(row.size),
    url: row.url,
  }));
}

/** Links every unit whose file has one of these sha256s (the one downloaded, and its twins at other paths). */
export async function linkArtifacts(sql: Sql, domainId: string, links: Map<string, string>): Promise<void> {
  await sql(
    `UPDATE core_contentartifact ca SET artifact_id = l.artifact_id, pulp_last_updated = now()
       FROM unnest($2::text[], $3::uuid[]) AS l (sha256, artifact_id), file_filecontent fc
      WHERE fc.pulp_domain_id = $1 AND fc.digest = l.sha256 AND ca.content_id = fc.content_id AND ca.artifact_id IS NULL`,
    [domainId, [...links.keys()], [...links.values()]],
  );
}
