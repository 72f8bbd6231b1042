import { Inject, Injectable } from '@nestjs/common';
import { PulpSettings } from '@pulp/config';
import { inTransaction, PG_POOL, uuid7, type PgPoolLike, type Sql } from '@pulp/database';
import { PulpValidationError } from '@pulp/errors';
import { runCreationHooks } from '@pulp/rbac';
import { currentDomainIdSql } from '@pulp/domains';
import { columnOrdering, fieldFilters, identityFilters, RowView, type FilterSet, type RowSource } from '@pulp/rest';
import { DomainStorages } from '@pulp/domains';
import type { ArtifactStorage } from '@pulp/storage';
import type { StoredChunk } from './chunk-placement';
import { deleteUpload } from './upload-files';
import type { UploadDetailResponse, UploadResponse } from './upload.dto';

export interface UploadRow {
  pulp_id: string;
  pulp_created: Date;
  pulp_last_updated: Date;
  size: string;
}

const UPLOADS: RowSource = {
  id: 'u.pulp_id',
  from: 'core_upload u',
  columns: 'u.*',
  cached: true,
  scope: { objects: { model: 'core.upload', id: 'u.pulp_id', domain: 'u.pulp_domain_id' } },
};

/** Pulp's UploadFilter. */
export const UPLOAD_FILTERS: FilterSet = {
  filters: {
    ...fieldFilters('size', 'u.size', 'bigint', ['exact', 'gt', 'lt', 'range']),
    ...identityFilters('u.pulp_id', 'core.upload'),
  },
  ordering: columnOrdering('u', ['pulp_id', 'pulp_created', 'pulp_last_updated', 'size']),
  defaultOrder: 'u.pulp_created DESC, u.pulp_id DESC',
};

@Injectable()
export class UploadViewService extends RowView<UploadRow, UploadResponse> {
  protected readonly source = UPLOADS;

  constructor(
    @Inject(PG_POOL) private readonly pool: PgPoolLike,
    settings: PulpSettings,
    private readonly storages: DomainStorages,
  ) {
    super(pool, settings);
  }

  protected toResponse(row: UploadRow, api: string): UploadResponse {
    return {
      pulp_href: `${api}uploads/${row.pulp_id}/`,
      prn: `prn:core.upload:${row.pulp_id}`,
      pulp_created: row.pulp_created.toISOString(),
      pulp_last_updated: row.pulp_last_updated.toISOString(),
      size: Number(row.size),
    };
  }

  /** The upload with the chunks received so far, in file order. */
  async detail(id: string): Promise<UploadDetailResponse | undefined> {
    const upload = await this.find(id);
    return upload && { ...upload, chunks: await this.chunks(id) };
  }

  /** A new upload, with its creation hooks for user `creator`. */
  async create(size: number, creator: number | null): Promise<UploadResponse> {
    const row = await inTransaction(this.pool, async (sql) => {
      const [inserted] = await sql<UploadRow>(
        `INSERT INTO core_upload (pulp_id, pulp_domain_id, size) VALUES ($1, ${currentDomainIdSql()}, $2) RETURNING *`,
        [uuid7(), size],
      );
      await runCreationHooks(
        sql,
        { viewset: 'uploads', contentType: 'core.upload', objectId: inserted.pulp_id },
        creator,
      );
      return inserted;
    });
    return this.bodyOf(row);
  }

  /**
   * Stores a chunk (the local file `chunk.path`) under `chunk.file` and records it, replacing the
   * chunk at that offset, while holding the upload (other chunks and a commit wait): `problem`
   * sees the chunks as they are then and may refuse. The file goes to the storage of the upload's
   * domain as its row is share-locked (DomainStorages.locked), so a storage migration's switch
   * waits for the chunk and then copies it. Answers the upload, or undefined when it is gone; the
   * replaced file is deleted after (best effort), and the stored one again when the chunk cannot
   * be recorded.
   */
  async saveChunk(
    id: string,
    chunk: { offset: number; size: number; file: string; path: string },
    problem: (existing: StoredChunk[]) => string | undefined,
  ): Promise<UploadResponse | undefined> {
    let stored: ArtifactStorage | undefined;
    let saved;
    try {
      saved = await inTransaction(this.pool, async (sql) => {
        const [upload] = await sql<{ pulp_domain_id: string }>(
          'SELECT pulp_domain_id FROM core_upload WHERE pulp_id = $1 FOR UPDATE',
          [id],
        );
        if (!upload) {
          return undefined;
        }
        const refused = problem(await this.chunksOf(sql, id));
        if (refused) {
          throw new PulpValidationError([refused]);
        }
        const { storage } = await this.storages.locked(sql, upload.pulp_domain_id);
        await storage.put(chunk.file, chunk.path);
        stored = storage;
        const [replaced] = await sql<{ file: string }>(
          'SELECT file FROM core_uploadchunk WHERE upload_id = $1 AND "offset" = $2',
          [id, chunk.offset],
        );
        await sql(
          `INSERT INTO core_uploadchunk (pulp_id, upload_id, "offset", size, file) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (upload_id, "offset")
           DO UPDATE SET size = excluded.size, file = excluded.file, pulp_last_updated = now()`,
          [uuid7(), id, chunk.offset, chunk.size, chunk.file],
        );
        const [row] = await sql<UploadRow>(
          'UPDATE core_upload SET pulp_last_updated = now() WHERE pulp_id = $1 RETURNING *',
          [id],
        );
        return { row, replaced: replaced?.file, storage };
      });
    } catch (error) {
      await stored?.delete(chunk.file).catch(() => undefined);
      throw error;
    }
    if (saved?.replaced) {
      // The chunk is recorded: a replaced file that cannot be deleted now is only an orphan, not a failure.
      await saved.storage.delete(saved.replaced).catch(() => undefined);
    }
    return saved && this.bodyOf(saved.row);
  }

  /** Deletes the upload and its chunk files. */
  async delete(id: string): Promise<void> {
    await deleteUpload(this.sql, this.storages, id);
  }

  async chunks(id: string): Promise<StoredChunk[]> {
    return this.chunksOf(this.sql, id);
  }

  private async chunksOf(sql: Sql, id: string): Promise<StoredChunk[]> {
    const rows = await sql<{ offset: string; size: string }>(
      'SELECT "offset", size FROM core_uploadchunk WHERE upload_id = $1 ORDER BY "offset"',
      [id],
    );
    return rows.map((row) => ({ offset: Number(row.offset), size: Number(row.size) }));
  }
}
