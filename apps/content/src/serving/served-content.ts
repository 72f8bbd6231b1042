import { Inject, Injectable } from '@nestjs/common';
import { inVersion } from '@pulp/core';
import { GenerationCache, SQL, type Sql } from '@pulp/database';
import type { Checkpoint } from './checkpoints';
import type { Distribution } from './distribution-index';
import type { ListingEntry } from './listing-page';
import { FILE_TABLES, ServedTables, SOURCE_TABLES } from './served-tables';

/**
 * What a distribution serves from (content-app spec §3): a publication (its published files, then,
 * for a pass-through one, its version's content), or a repository version's content.
 */
export interface ServingSource {
  publicationId: string | null;
  /** The version whose content is served at its own paths (pass-through or version serving). */
  repositoryId: string | null;
  number: number | null;
}

/** A content artifact found at a path: stored, or still to be fetched from a remote (on-demand). */
export interface FoundFile {
  contentArtifactId: string;
  /** The artifact's storage name; null until an on-demand download saves it. */
  file: string | null;
  /** The artifact's domain, whose storage holds the file; null with the file. */
  domainId: string | null;
  /** Null when an on-demand file's size was not known upstream. */
  size: number | null;
  sha256: string | null;
  created: Date;
}

export type Lookup = { kind: 'file'; file: FoundFile } | { kind: 'ambiguous' } | { kind: 'none' };

interface FileRow {
  rank: number;
  ca_id: string;
  file: string | null;
  domain_id: string | null;
  size: string | null;
  sha256: string | null;
  created: Date;
}

const NOTHING: ServingSource = { publicationId: null, repositoryId: null, number: null };

interface PublicationRow {
  pulp_id: string;
  pass_through: boolean;
  repository_id: string;
  number: number;
}

/** A source's part of its caches' keys. */
function sourceKey(source: ServingSource): string {
  return `${source.publicationId}\0${source.repositoryId}\0${source.number}`;
}

/** A publication serves its published files and, when pass-through, its version's content. */
function publicationServes(publication: PublicationRow): ServingSource {
  return publication.pass_through
    ? { publicationId: publication.pulp_id, repositoryId: publication.repository_id, number: publication.number }
    : { publicationId: publication.pulp_id, repositoryId: null, number: null };
}

/**
 * The files of a distribution's publication or version, by relative path, cached while the served
 * tables do not change: a hot path costs no SQL.
 */
@Injectable()
export class ServedContent {
  private readonly sources = new GenerationCache<Promise<ServingSource>>(4096);
  private readonly files = new GenerationCache<Promise<Lookup>>(65536);
  /** Few: a listing holds a whole directory (404s and directory requests land here). */
  private readonly listings = new GenerationCache<Promise<ListingEntry[]>>(64);
  private readonly checkpoints = new GenerationCache<Promise<Checkpoint<ServingSource>[]>>(1024);

  constructor(
    @Inject(SQL) private readonly sql: Sql,
    private readonly tables: ServedTables,
  ) {}

  source(distribution: Distribution, serveFromPublication: boolean): Promise<ServingSource> {
    // Keyed by what the row says, not only its id: a row read from an older snapshot of the
    // distributions must not fill the entry of the current one.
    const key = [
      distribution.id,
      distribution.publicationId,
      distribution.repositoryVersionId,
      distribution.repositoryId,
    ].join('|');
    return this.tables.cached(this.sources, SOURCE_TABLES, key, () =>
      this.resolveSource(distribution, serveFromPublication),
    );
  }

  /** A repository's checkpoint publications, what each serves and when it was made. */
  checkpointsOf(repositoryId: string): Promise<Checkpoint<ServingSource>[]> {
    return this.tables.cached(this.checkpoints, SOURCE_TABLES, repositoryId, async () => {
      const rows = await this.sql<PublicationRow & { pulp_created: Date }>(
        `SELECT p.pulp_id, p.pass_through, p.pulp_created, v.repository_id, v.number
           FROM core_publication p JOIN core_repositoryversion v ON v.pulp_id = p.repository_version_id
          WHERE v.repository_id = $1 AND p.checkpoint AND p.complete`,
        [repositoryId],
      );
      return rows.map((row) => ({ created: row.pulp_created, source: publicationServes(row) }));
    });
  }

  /** The content artifact at `relativePath`: a published file first, then pass-through or version content. */
  find(source: ServingSource, relativePath: string): Promise<Lookup> {
    return this.tables.cached(this.files, FILE_TABLES, `${sourceKey(source)}\0${relativePath}`, () =>
      this.lookup(source, relativePath),
    );
  }

  /** The entries of directory `prefix` (`''` or ending in `/`), or none when it is not a directory. */
  list(source: ServingSource, prefix: string): Promise<ListingEntry[]> {
    return this.tables.cached(this.listings, FILE_TABLES, `${sourceKey(source)}\0${prefix}`, () =>
      this.readListing(source, prefix),
    );
  }

  private async readListing(source: ServingSource, prefix: string): Promise<ListingEntry[]> {
    const rows = await this.sql<{ relative_path: string; created: Date; size: string | null }>(
      `WITH files AS (${this.sourceFiles('%PATH% LIKE $4')})
       SELECT f.relative_path, f.created,
              coalesce(a.size, (SELECT max(ra.size) FROM core_remoteartifact ra WHERE ra.content_artifact_id = ca.pulp_id)) AS size
         FROM files f JOIN core_contentartifact ca ON ca.pulp_id = f.ca_id
         LEFT JOIN core_artifact a ON a.pulp_id = ca.artifact_id`,
      [source.publicationId, source.repositoryId, source.number, `${prefix.replace(/[\\%_]/g, '\\$&')}%`],
    );
    const entries = new Map<string, ListingEntry>();
    for (const row of rows) {
      const [name, ...deeper] = row.relative_path.slice(prefix.length).split('/');
      if (deeper.length > 0) {
        entries.set(`${name}/`, { name: `${name}/` });
      } else if (!entries.has(name)) {
        entries.set(name, { name, date: row.created, size: row.size === null ? undefined : Number(row.size) });
      }
    }
    return [...entries.values()];
  }

  private async resolveSource(distribution: Distribution, serveFromPublication: boolean): Promise<ServingSource> {
    if (distribution.publicationId) {
      return this.publicationSource('p.pulp_id = $1', [distribution.publicationId]);
    }
    if (distribution.repositoryVersionId) {
      if (serveFromPublication) {
        return this.publicationSource('p.repository_version_id = $1', [distribution.repositoryVersionId]);
      }
      const [version] = await this.sql<{ repository_id: string; number: number }>(
        'SELECT repository_id, number FROM core_repositoryversion WHERE pulp_id = $1 AND complete',
        [distribution.repositoryVersionId],
      );
      return version ? { publicationId: null, repositoryId: version.repository_id, number: version.number } : NOTHING;
    }
    if (distribution.repositoryId) {
      if (serveFromPublication) {
        return this.publicationSource('v.repository_id = $1', [distribution.repositoryId]);
      }
      const [latest] = await this.sql<{ number: number | null }>(
        'SELECT max(number) AS number FROM core_repositoryversion WHERE repository_id = $1 AND complete',
        [distribution.repositoryId],
      );
      return latest?.number === null || latest === undefined
        ? NOTHING
        : { publicationId: null, repositoryId: distribution.repositoryId, number: latest.number };
    }
    return NOTHING;
  }

  /** The newest complete publication matching `where` (over `p`, its version `v`). */
  private async publicationSource(where: string, params: unknown[]): Promise<ServingSource> {
    const [publication] = await this.sql<{
      pulp_id: string;
      pass_through: boolean;
      repository_id: string;
      number: number;
    }>(
      `SELECT p.pulp_id, p.pass_through, v.repository_id, v.number
         FROM core_publication p JOIN core_repositoryversion v ON v.pulp_id = p.repository_version_id
        WHERE ${where} AND p.complete
        ORDER BY v.number DESC, p.pulp_created DESC LIMIT 1`,
      params,
    );
    return publication ? publicationServes(publication) : NOTHING;
  }

  private async lookup(source: ServingSource, relativePath: string): Promise<Lookup> {
    const rows = await this.sql<FileRow>(
      `WITH files AS (${this.sourceFiles('%PATH% = $4')})
       SELECT f.rank, f.ca_id, a.file, a.pulp_domain_id AS domain_id, coalesce(a.size, ra.size) AS size, coalesce(a.sha256, ra.sha256) AS sha256,
              coalesce(a.pulp_created, ca.pulp_created) AS created
         FROM files f JOIN core_contentartifact ca ON ca.pulp_id = f.ca_id
         LEFT JOIN core_artifact a ON a.pulp_id = ca.artifact_id
         LEFT JOIN LATERAL (SELECT size, sha256 FROM core_remoteartifact WHERE content_artifact_id = ca.pulp_id
                             ORDER BY pulp_created LIMIT 1) ra ON a.pulp_id IS NULL
        ORDER BY f.rank LIMIT 2`,
      [source.publicationId, source.repositoryId, source.number, relativePath],
    );
    const [first, second] = rows;
    if (!first) {
      return { kind: 'none' };
    }
    if (second && second.rank === first.rank) {
      return { kind: 'ambiguous' };
    }
    const file: FoundFile = {
      contentArtifactId: first.ca_id,
      file: first.file,
      domainId: first.domain_id,
      size: first.size === null ? null : Number(first.size),
      sha256: first.sha256,
      created: first.created,
    };
    return { kind: 'file', file };
  }

  /**
   * The source's files whose path satisfies `condition` (`%PATH%` standing for the path column), as
   * (rank, ca_id, relative_path, created): published artifacts and metadata rank 1, the version's own
   * content 2. Parameters: $1 publication, $2 repository, $3 version number.
   */
  private sourceFiles(condition: string): string {
    const where = (column: string) => condition.replaceAll('%PATH%', column);
    return `
      SELECT 1 AS rank, pa.content_artifact_id AS ca_id, pa.relative_path, pa.pulp_created AS created
        FROM core_publishedartifact pa WHERE pa.publication_id = $1::uuid AND ${where('pa.relative_path')}
      UNION ALL
      SELECT 1, ca.pulp_id, pm.relative_path, ca.pulp_created
        FROM core_publishedmetadata pm JOIN core_contentartifact ca ON ca.content_id = pm.content_id
       WHERE pm.publication_id = $1::uuid AND ${where('pm.relative_path')}
      UNION ALL
      SELECT 2, ca.pulp_id, ca.relative_path, rc.pulp_created
        FROM core_contentartifact ca JOIN core_repositorycontent rc ON rc.content_id = ca.content_id
       WHERE rc.repository_id = $2::uuid AND ${inVersion('rc', '$3::integer')} AND ${where('ca.relative_path')}`;
  }
}
