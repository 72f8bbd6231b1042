import { CHECKSUM_ALGORITHMS } from '@pulp/storage';
import type { ExpectedFile } from '@pulp/download';

/** A remote artifact of a content artifact, with its remote's row (network settings, policy). */
export interface RemoteSource {
  ra_id: string;
  ra_url: string;
  ra_size: string | null;
  ra_md5: string | null;
  ra_sha1: string | null;
  ra_sha224: string | null;
  ra_sha256: string | null;
  ra_sha384: string | null;
  ra_sha512: string | null;
  /** The remote's columns (core_remote.*). */
  pulp_id: string;
  pulp_last_updated: Date;
  pulp_domain_id: string;
  name: string;
  policy: 'immediate' | 'on_demand' | 'streamed';
}

/**
 * SQL: where a content artifact ($1) can be fetched from, alternate content sources' remotes first
 * (Pulp's order_by_acs), skipping remote artifacts that failed less than $2 seconds ago
 * (REMOTE_CONTENT_FETCH_FAILURE_COOLDOWN).
 */
export const REMOTE_SOURCES_SQL = `
  SELECT r.*, ra.pulp_id AS ra_id, ra.url AS ra_url, ra.size AS ra_size,
         ${CHECKSUM_ALGORITHMS.map((algorithm) => `ra.${algorithm} AS ra_${algorithm}`).join(', ')}
    FROM core_remoteartifact ra JOIN core_remote r ON r.pulp_id = ra.remote_id
   WHERE ra.content_artifact_id = $1
     AND (ra.failed_at IS NULL OR ra.failed_at < now() - make_interval(secs => $2))
   ORDER BY EXISTS (SELECT 1 FROM core_alternatecontentsource acs WHERE acs.remote_id = r.pulp_id) DESC,
            ra.pulp_created`;

/** What the file must be, as the remote artifact recorded it upstream. */
export function expectedFile(source: RemoteSource): ExpectedFile {
  const expected: ExpectedFile = { size: source.ra_size === null ? null : Number(source.ra_size) };
  for (const algorithm of CHECKSUM_ALGORITHMS) {
    const value = source[`ra_${algorithm}`];
    if (value) {
      expected[algorithm] = value;
    }
  }
  return expected;
}
