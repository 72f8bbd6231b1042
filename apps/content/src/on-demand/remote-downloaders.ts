import { remoteDownloaderConfig } from '@pulp/core';
import type { DatabaseEncryption } from '@pulp/database';
import { createDownloader, type Downloader } from '@pulp/download';
import type { RemoteSource } from './remote-sources';

interface Entry {
  /** The remote row's pulp_last_updated (ms) the downloader was made from. */
  updated: number;
  downloader: Downloader;
  leases: number;
  /** The remote changed: closed once its last transfer is done. */
  retired: boolean;
}

/** A downloader lent for one transfer; `release()` when its body is done with. */
export interface DownloaderLease {
  downloader: Downloader;
  release(): void;
}

/**
 * One downloader per remote (its connection pool, download_concurrency and rate_limit shared by
 * every on-demand request), made anew when the remote's row changes; the old one is closed only
 * once the transfers it carries are over, so editing a remote cuts no client off.
 */
export class RemoteDownloaders {
  private readonly current = new Map<string, Entry>();

  constructor(
    private readonly logger: { warn(message: string, context?: string): void },
    private readonly encryption: DatabaseEncryption,
  ) {}

  lease(source: RemoteSource): DownloaderLease {
    const updated = new Date(source.pulp_last_updated).getTime();
    let entry = this.current.get(source.pulp_id);
    if (entry?.updated !== updated) {
      if (entry) {
        this.retire(entry);
      }
      entry = {
        updated,
        downloader: createDownloader(remoteDownloaderConfig(source, this.encryption), { logger: this.logger }),
        leases: 0,
        retired: false,
      };
      this.current.set(source.pulp_id, entry);
    }
    const leased = entry;
    leased.leases += 1;
    let released = false;
    return {
      downloader: leased.downloader,
      release: () => {
        if (!released) {
          released = true;
          leased.leases -= 1;
          if (leased.retired && leased.leases === 0) {
            leased.downloader.close();
          }
        }
      },
    };
  }

  closeAll(): void {
    for (const entry of this.current.values()) {
      entry.downloader.close();
    }
    this.current.clear();
  }

  private retire(entry: Entry): void {
    entry.retired = true;
    if (entry.leases === 0) {
      entry.downloader.close();
    }
  }
}
