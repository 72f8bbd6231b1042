import { createReadStream } from 'node:fs';
import type { NewVersion, ProgressReporter, TaskContext } from '@pulp/plugin-api';
import { batches, entryUrl, manifestEntries, type ManifestEntry } from '../manifest';
import { downloadFiles, type FileDownloads } from './download-files';
import { linkArtifacts, missingFiles, saveEntries } from './sync-content';

/** Entries written per statement set: large enough to amortise round trips, small enough for flat memory. */
const BATCH = 2_000;

/** What a manifest's entries are written with. */
export interface ManifestSource {
  /** The downloaded manifest file. */
  path: string;
  manifestUrl: string;
  remoteId: string;
  domainId: string;
  mirror: boolean;
  /** Immediate policy: how the missing files are downloaded and stored. */
  downloads?: FileDownloads;
}

/**
 * Makes `next` hold the manifest's files (mirror) or adds them (additive), batch by batch: each
 * batch is written set-based, its missing files downloaded (immediate), then added. Memory holds
 * one batch, whatever the manifest's size. The file type's finalize then drops the units the new
 * ones replace (same relative path) and fails on a path listed twice or nesting paths.
 */
export async function writeManifestVersion(
  context: TaskContext,
  next: NewVersion,
  source: ManifestSource,
  parsing: ProgressReporter,
): Promise<void> {
  if (source.mirror) {
    await next.removeAll();
  }
  const entrySource = {
    domainId: source.domainId,
    remoteId: source.remoteId,
    url: (entry: ManifestEntry) => entryUrl(source.manifestUrl, entry.relativePath),
  };
  let written = 0;
  for await (const batch of batches(readManifest(source.path), BATCH)) {
    const ids = await context.transaction((sql) => saveEntries(sql, entrySource, batch));
    if (++written > 1 && isPowerOfTwo(written)) {
      await refreshStatistics(context);
    }
    const downloads = source.downloads;
    if (downloads) {
      await downloadFiles(await missingFiles(context.sql, source.remoteId, ids), downloads, (links) =>
        linkArtifacts(context.sql, source.domainId, links),
      );
    }
    await next.add(ids);
    await parsing.increment(batch.length);
  }
}

export function readManifest(path: string): AsyncGenerator<ManifestEntry> {
  return manifestEntries(createReadStream(path));
}

/** Validates the whole manifest before anything is written, and counts its entries (the parsing report's total). */
export async function countEntries(path: string): Promise<number> {
  let count = 0;
  for await (const _entry of readManifest(path)) {
    count++;
  }
  return count;
}

/**
 * A sync can grow the file tables from nothing to 100,000 rows in one task; planned with the
 * statistics of the empty tables, the batch statements turn into scans that grow with each batch.
 * Refreshed as the sync's own rows double (from its second batch: small syncs never pay for it),
 * they stay index lookups.
 */
async function refreshStatistics(context: TaskContext): Promise<void> {
  await context.sql(
    'ANALYZE file_filecontent, core_content, core_contentartifact, core_remoteartifact, core_repositorycontent',
  );
}

function isPowerOfTwo(n: number): boolean {
  return (n & (n - 1)) === 0;
}
