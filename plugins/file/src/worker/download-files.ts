import {
  redactUrl,
  type ArtifactStore,
  type Downloader,
  type DownloadTarget,
  type ProgressReporter,
} from '@pulp/plugin-api';
import type { AlternateFile, AlternateSources } from './alternate-sources';
import type { MissingFile } from './sync-content';

/** Where downloaded files are spooled and which digests artifacts record. */
export interface DownloadPlace {
  dir: string;
  algorithms: DownloadTarget['algorithms'];
}

/** How an immediate sync downloads and stores the files it lacks. */
export interface FileDownloads {
  downloader: Downloader;
  store: ArtifactStore;
  place: DownloadPlace;
  concurrency: number;
  progress: ProgressReporter;
  /** The domain's alternate content sources, tried first; null when it has none. */
  alternates: AlternateSources | null;
}

/** Stored artifacts to link to their units: sha256 → artifact id. */
export type ArtifactLinks = Map<string, string>;

type Downloaded = Awaited<ReturnType<Downloader['download']>>;

/** Downloaded files stored, linked and counted per this many (and at the end): a statement per file would dominate. */
const STORE_EVERY = 100;

/**
 * Downloads the files `concurrency` at a time (the downloader also holds the remote's limit),
 * each verified against the manifest's sha256 and size; stores them as artifacts and links them to
 * their units in bulk, while the next files download. The first failure stops the others from
 * starting and is rethrown once those running end, so no download outlives the sync; files not
 * stored yet stay in the spool directory, which the sync removes. Artifacts stored before a
 * failure stay (a later sync links them instead of downloading them again).
 */
export async function downloadFiles(
  files: MissingFile[],
  { downloader, store, place, concurrency, progress, alternates }: FileDownloads,
  link: (links: ArtifactLinks) => Promise<void>,
): Promise<void> {
  const elsewhere =
    alternates && files.length > 0
      ? await alternates.find(files.map((file) => file.digest))
      : new Map<string, AlternateFile>();
  const fetch = async (file: MissingFile): Promise<Downloaded> => {
    const target = { dir: place.dir, algorithms: place.algorithms, expected: { sha256: file.digest, size: file.size } };
    const alternate = elsewhere.get(file.digest);
    if (alternate) {
      try {
        return await alternate.downloader.download(alternate.url, target);
      } catch (error) {
        alternates!.fellBack(redactUrl(alternate.url), error);
      }
    }
    return downloader.download(file.url, target);
  };
  let next = 0;
  let failure: Error | undefined;
  let pending: Downloaded[] = [];
  let storing = Promise.resolve();
  const storePending = () => {
    const batch = pending;
    pending = [];
    storing = storing.then(async () => {
      if (batch.length > 0) {
        const artifacts = await store.createMany(batch);
        await link(new Map([...artifacts].map(([sha256, artifact]) => [sha256, artifact.pulp_id])));
        await progress.increment(batch.length);
      }
    });
    return storing;
  };
  const lane = async () => {
    while (failure === undefined && next < files.length) {
      const file = files[next++];
      try {
        pending.push(await fetch(file));
        if (pending.length >= STORE_EVERY) {
          // Not awaited: the lane downloads on while the batch is stored (its failure surfaces at the end).
          storePending().catch((error: unknown) => (failure ??= error as Error));
        }
      } catch (error) {
        failure ??= error as Error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, files.length)) }, lane));
  await storePending().catch((error: unknown) => (failure ??= error as Error));
  if (failure !== undefined) {
    throw failure;
  }
}
