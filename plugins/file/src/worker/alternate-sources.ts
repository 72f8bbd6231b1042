import {
  createDownloader,
  remoteDownloaderConfig,
  type DatabaseEncryption,
  type Downloader,
  type RemoteRow,
  type Sql,
} from '@pulp/plugin-api';
import { FILE_TYPE } from '../file-types';

/** Another place a file can be fetched from: an alternate content source's remote artifact. */
export interface AlternateFile {
  url: string;
  downloader: Downloader;
}

/**
 * The domain's file alternate content sources, as a sync downloads through them: a file whose
 * sha256 a refreshed ACS lists is fetched from the ACS first (typically a nearby mirror), from the
 * sync's own remote only when that fails. One downloader per ACS remote, made when first needed.
 */
export class AlternateSources {
  private readonly downloaders = new Map<string, Downloader>();

  private constructor(
    private readonly sql: Sql,
    private readonly domainId: string,
    private readonly encryption: DatabaseEncryption,
    private readonly logger: { warn(message: string): void },
  ) {}

  /** The domain's ACSs, or null when it has none (the sync then never looks). */
  static async of(
    sql: Sql,
    domainId: string,
    encryption: DatabaseEncryption,
    logger: { warn(message: string): void },
  ): Promise<AlternateSources | null> {
    const [any] = await sql(
      'SELECT 1 FROM core_alternatecontentsource WHERE pulp_domain_id = $1 AND pulp_type = $2 LIMIT 1',
      [domainId, FILE_TYPE],
    );
    return any ? new AlternateSources(sql, domainId, encryption, logger) : null;
  }

  /** For each sha256 an ACS has, where to fetch it. */
  async find(digests: string[]): Promise<Map<string, AlternateFile>> {
    const rows = await this.sql<RemoteRow & { sha256: string; file_url: string }>(
      `SELECT DISTINCT ON (ra.sha256) ra.sha256, ra.url AS file_url, m.*
         FROM core_remoteartifact ra
         JOIN core_alternatecontentsource a ON a.remote_id = ra.remote_id
         JOIN core_remote m ON m.pulp_id = a.remote_id
        WHERE a.pulp_domain_id = $1 AND a.pulp_type = $2 AND ra.sha256 = ANY($3::text[])
        ORDER BY ra.sha256, a.name`,
      [this.domainId, FILE_TYPE, digests],
    );
    return new Map(rows.map((row) => [row.sha256, { url: row.file_url, downloader: this.downloader(row) }]));
  }

  /** A failed ACS download is not the sync's failure: the file comes from the sync's remote instead. */
  fellBack(url: string, error: unknown): void {
    this.logger.warn(`Alternate content source download of ${url} failed (${String(error)}); using the remote.`);
  }

  close(): void {
    for (const downloader of this.downloaders.values()) {
      downloader.close();
    }
  }

  private downloader(remote: RemoteRow): Downloader {
    let downloader = this.downloaders.get(remote.pulp_id);
    if (!downloader) {
      downloader = createDownloader(remoteDownloaderConfig(remote, this.encryption));
      this.downloaders.set(remote.pulp_id, downloader);
    }
    return downloader;
  }
}
