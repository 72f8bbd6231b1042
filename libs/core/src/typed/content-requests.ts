import { Inject, Injectable } from '@nestjs/common';
import { PulpSettings } from '@pulp/config';
import { SQL, uuid7, type Sql } from '@pulp/database';
import { PulpValidationError } from '@pulp/errors';
import { ArtifactStore } from '../artifacts/artifact-store';
import { DetailTypes } from '../detail-types/detail-types';
import { refuseOtherDomains, resolveRepository, tableReference, type ReferencedTable } from '../references';
import type { ContentSource } from './content-creation';
import type { ContentCreateDto } from './content.dto';
import { labelProblems } from './labels';
import { contentUrl } from './remote-checks';

/** The body fields of where a unit's file comes from; everything else in a body is the type's. */
const SOURCES = ['file', 'upload', 'artifact', 'file_url'] as const;
const COMMON = new Set<string>([...SOURCES, 'pulp_labels', 'downloader_config', 'repository', 'overwrite']);

/** A content create or upload request, checked and ready for the task (or to run in the request). */
export interface ContentRequest {
  source: ContentSource;
  /** The type's own fields. */
  data: Record<string, unknown>;
  pulpLabels: Record<string, string | null>;
  repository: { id: string; prn: string } | null;
  overwrite: boolean;
  /** Resources the creation must hold: the upload it consumes, the repository it changes. */
  exclusiveResources: string[];
}

/**
 * The checks of a single-artifact content body before anything is written or queued (Pulp's
 * SingleArtifactContentUploadSerializer): a posted `file` is stored as an artifact only once the
 * rest of the body passed, so a refused request leaves nothing behind.
 */
@Injectable()
export class ContentRequests {
  constructor(
    @Inject(SQL) private readonly sql: Sql,
    private readonly store: ArtifactStore,
    private readonly types: DetailTypes,
    private readonly settings: PulpSettings,
  ) {}

  async prepare(body: ContentCreateDto, repositoryTypes: readonly string[]): Promise<ContentRequest> {
    const given = SOURCES.filter((field) => body[field] !== undefined && body[field] !== null);
    if (given.length !== 1) {
      throw new PulpValidationError({
        non_field_errors: ["Exactly one of 'file', 'upload', 'artifact' or 'file_url' must be specified."],
      });
    }
    const problems = labelProblems(body.pulp_labels ?? {});
    if (problems.length > 0) {
      throw new PulpValidationError({ pulp_labels: problems });
    }
    const repository = body.repository ? await this.repository(body.repository, repositoryTypes) : null;
    const source: ContentSource = {};
    const exclusiveResources = repository ? [repository.prn] : [];
    if (body.upload) {
      source.upload = await this.existing('core_upload', 'upload', body.upload);
      exclusiveResources.unshift(`prn:core.upload:${source.upload}`);
    } else if (body.artifact) {
      source.artifact = await this.existing('core_artifact', 'artifact', body.artifact);
    } else if (body.file_url) {
      const checked = contentUrl(body.file_url, this.settings.ALLOWED_IMPORT_PATHS);
      if ('problem' in checked) {
        throw new PulpValidationError({ file_url: [checked.problem] });
      }
      const { url, ...credentials } = checked;
      source.file_url = url;
      source.downloader_config = { ...body.downloader_config, ...credentials };
    } else if (body.file) {
      source.artifact = (await this.store.create(body.file, uuid7())).artifact.pulp_id;
    }
    return {
      source,
      data: Object.fromEntries(Object.entries(body).filter(([key]) => !COMMON.has(key))),
      pulpLabels: body.pulp_labels ?? {},
      repository,
      overwrite: body.overwrite ?? true,
      exclusiveResources,
    };
  }

  private async repository(reference: string, types: readonly string[]): Promise<{ id: string; prn: string }> {
    const { id, pulp_type } = await resolveRepository(this.sql, 'repository', reference, types, () => ({
      non_field_errors: ['Content is not supported by this repository.'],
    }));
    return { id, prn: this.types.prn('repositories', pulp_type, id) };
  }

  private async existing(table: ReferencedTable, field: string, reference: string): Promise<string> {
    const id = tableReference(table, field, reference);
    const [row] = await this.sql<{ pulp_domain_id: string }>(
      `SELECT pulp_domain_id::text FROM ${table} WHERE pulp_id = $1`,
      [id],
    );
    if (!row) {
      throw new PulpValidationError({ [field]: ['Invalid hyperlink - Object does not exist.'] });
    }
    refuseOtherDomains([row.pulp_domain_id]);
    return id;
  }
}
