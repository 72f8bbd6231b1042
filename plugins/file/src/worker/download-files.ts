import type { ArtifactStore, Downloader, DownloadTarget, ProgressReporter } from '@pulp/plugin-api';
import { uuid7 } from '@pulp/plugin-api';
import type { MissingFile } from './sync-content';

/** Where downloaded files are spooled and which digests artifacts record. */
export interface DownloadPlace {
  dir: string;
  algorithms: DownloadTarget['algorithms'];
}

/**
 * Downloads the files `concurrency` at a time (the downloader also holds the remote's limit),
 * each verified against the manifest's sha256 and size, stored once as an artifact and linked by
 * `link`. The first failure stops the others from starting and is rethrown once those running end,
 * so no download outlives the sync.
 */
export async function downloadFiles(
  files: MissingFile[],
  downloader: Downloader,
  store: ArtifactStore,
  place: DownloadPlace,
  concurrency: number,
  link: (sha256: string, artifactId: string) => Promise<void>,
  progress: ProgressReporter,
): Promise<void> {
  let next = 0;
  let failure: Error | undefined;
  const lane = async () => {
    while (failure === undefined && next < files.length) {
      const file = files[next++];
      try {
        const downloaded = await downloader.download(file.url, {
          dir: place.dir,
          algorithms: place.algorithms,
          expected: { sha256: file.digest, size: file.size },
        });
        const { artifact } = await store.create(downloaded, uuid7());
        await link(file.digest, artifact.pulp_id);
        await progress.increment();
      } catch (error) {
        failure ??= error as Error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, files.length)) }, lane));
  if (failure !== undefined) {
    throw failure;
  }
}
