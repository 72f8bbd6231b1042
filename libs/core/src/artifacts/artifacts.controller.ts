import { Controller, Delete, Get, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import {
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { databaseOf, PG_POOL, SQL, uuid7, type PgPoolLike, type Sql } from '@pulp/database';
import { PulpError, PulpValidationError } from '@pulp/errors';
import { MemberPlaceholder } from '@pulp/http';
import {
  ApiList,
  isUuid,
  listResponse,
  orNotFound,
  PulpBody,
  selectFields,
  type FieldSelection,
  type Page,
  type RawQuery,
} from '@pulp/rest';
import { DomainStorages } from '@pulp/domains';
import { orphanArtifact } from '../orphans/orphan-conditions';
import { deleteArtifactFile, type DeletedArtifact } from './artifact-files';
import { ArtifactDto, ArtifactResponse } from './artifact.dto';
import { ArtifactStore } from './artifact-store';
import { artifactFilters, ArtifactViewService } from './artifact-view.service';
import { AccessPolicy } from '@pulp/rbac';

const FORM = ['multipart/form-data', 'application/x-www-form-urlencoded'];

/** `artifacts/`: files stored once by checksum, the bytes behind content. */
@ApiTags('Artifacts')
@MemberPlaceholder('artifact_href')
@AccessPolicy('artifacts')
@Controller('artifacts')
export class ArtifactsController {
  constructor(
    private readonly artifacts: ArtifactViewService,
    private readonly store: ArtifactStore,
    private readonly storages: DomainStorages,
    @Inject(SQL) private readonly sql: Sql,
    @Inject(PG_POOL) private readonly pool: PgPoolLike,
  ) {}

  /** 201 with the new artifact; 400 when the file is not what the client said, or already stored. */
  @Post()
  @ApiOperation({ operationId: 'artifacts_create', summary: 'Create an artifact' })
  @ApiConsumes(...FORM)
  @ApiCreatedResponse({ type: ArtifactResponse, description: '' })
  async create(@PulpBody() body: ArtifactDto): Promise<ArtifactResponse> {
    const { file, ...expected } = body;
    this.store.verify(file, expected);
    const sha256 = file.digests.sha256!;
    const { artifact, created } = await this.store.create(file, uuid7());
    if (!created) {
      throw new PulpValidationError({
        non_field_errors: [`Artifact with sha256 checksum of '${sha256}' already exists.`],
      });
    }
    return this.artifacts.bodyOf(artifact);
  }

  @Get()
  @ApiOperation({ operationId: 'artifacts_list', summary: 'List artifacts' })
  @ApiList(ArtifactResponse, artifactFilters(0))
  async list(@Query() query: RawQuery, @Req() request: FastifyRequest): Promise<Page<Partial<ArtifactResponse>>> {
    return listResponse(request, query, this.artifacts.filters, (list) => this.artifacts.list(list));
  }

  @Get(':pulp_id')
  @ApiOperation({ operationId: 'artifacts_read', summary: 'Inspect an artifact' })
  @ApiOkResponse({ type: ArtifactResponse, description: '' })
  async read(@Param('pulp_id') id: string, @Query() query: FieldSelection): Promise<Partial<ArtifactResponse>> {
    return selectFields(await this.artifact(id), query);
  }

  /** Only an artifact no content uses can go (409 otherwise); its file goes with it. */
  @Delete(':pulp_id')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'artifacts_delete',
    summary: 'Delete an artifact',
    description: 'Remove Artifact only if it is not associated with any Content.',
  })
  @ApiNoContentResponse({ description: 'No response body' })
  async delete(@Param('pulp_id') id: string): Promise<void> {
    await this.artifact(id);
    const [deleted] = await this.sql<DeletedArtifact>(
      `DELETE FROM core_artifact a WHERE a.pulp_id = $1
         AND ${orphanArtifact('a')}
       RETURNING a.file, a.sha256, a.pulp_domain_id`,
      [id],
    );
    if (!deleted) {
      throw new PulpError(
        'conflict',
        'PLP0409',
        'The Artifact cannot be deleted because it is associated with Content.',
      );
    }
    await deleteArtifactFile(databaseOf(this.pool), this.storages, deleted);
  }

  private async artifact(id: string): Promise<ArtifactResponse> {
    return orNotFound(isUuid(id) && (await this.artifacts.find(id)), 'Artifact');
  }
}
