/** What a manifest sync saves in `file_filerepository.last_sync_details` (Pulp's field, Pulp's keys). */
export interface SyncDetails {
  remote_pk: string;
  url: string;
  download_policy: string;
  mirror: boolean;
  most_recent_version: number;
  manifest_checksum: string;
}

/**
 * Whether a sync may be skipped (spec: file-plugin §4.3): same remote, URL and manifest, the
 * repository untouched since (same latest version), and nothing the last sync did not do already —
 * a switch into mirror mode, or from a lazy policy to immediate. Whether every unit has its file
 * (immediate) is the caller's question, asked of the database.
 */
export function unchangedSince(previous: Partial<SyncDetails> | null | undefined, current: SyncDetails): boolean {
  if (!previous) {
    return false;
  }
  return (
    previous.remote_pk === current.remote_pk &&
    previous.url === current.url &&
    previous.manifest_checksum === current.manifest_checksum &&
    previous.most_recent_version === current.most_recent_version &&
    !(current.mirror && !previous.mirror) &&
    !(current.download_policy === 'immediate' && previous.download_policy !== 'immediate')
  );
}
