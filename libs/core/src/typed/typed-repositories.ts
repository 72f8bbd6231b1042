import { HttpCode, Inject, Injectable, Param, Post, Req, type Type } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOperation } from '@nestjs/swagger';
import { PulpSettings } from '@pulp/config';
import { inTransaction, PG_POOL, SQL, type PgPoolLike, type Sql } from '@pulp/database';
import { currentDomainIdSql } from '@pulp/domains';
import { PulpBody } from '@pulp/rest';
import { Creator, runCreationHooks } from '@pulp/rbac';
import { AsyncOperationResponse, dispatchAccepted, TaskQueue, type RequestUser } from '@pulp/tasking';
import { DetailTypes } from '../detail-types/detail-types';
import type { RepositoryResponse } from '../lists/repository.dto';
import { repositoryFilters, repositorySource, RepositoryView, type RepositoryRow } from '../lists/repository-view';
import { createRepository } from '../repository/create-repository';
import { detailColumns, detailResponse, insertDetail, type DetailFields } from './detail-fields';
import { MemberEndpoints, operationIds, TypedController, type MemberView, type TypedNames } from './member-endpoints';
import { TypedBody } from './typed-bodies';
import { withArticle } from './typed-operations';
import { RepositoryAddRemoveContentDto, repositoryDtos, RepositoryFields } from './repository.dto';
import { RepositoryWrites } from './repository-writes';
import { typedVersionsController } from './typed-versions';
import { ANY_BODY } from '@pulp/http';

/** A repository type's place in the API (`repositories/core/openpgp_keyring/`, `Repositories: Openpgp_Keyring`…). */
export interface RepositoryType extends TypedNames {
  /** Remote types its `remote` may be (none: no remote may be set). */
  remoteTypes: readonly string[];
  /** Content types its versions may hold (Pulp's CONTENT_TYPES): modify refuses others with a 400. */
  contentTypes: readonly string[];
  /** Its own fields, beside every repository's (a table of its plugin). */
  detail?: DetailFields;
  /**
   * With `<repository>versions/` endpoints, the schema's member placeholder of a version
   * (`file_file_repository_version_href`); Pulp 3.102 has none for OpenPGP keyrings.
   */
  versionPlaceholder?: string;
}

const DESCRIPTION = 'A ViewSet for an ordinary repository.';

/**
 * The endpoints of one repository type (list, create, read, update, partial update, delete,
 * modify, set/unset label), with Pulp's operationIds, components and semantics: create is
 * synchronous (201, with version 0), updates and deletes are tasks holding the repository, an
 * update that changes nothing answers 200 with the repository.
 */
export function typedRepositoryEndpoints(type: RepositoryType): {
  controllers: Array<Type<unknown>>;
  providers: Array<Type<unknown>>;
  /** The type's view (a provider): a plugin's own member actions resolve the repository named in the URL with it. */
  view: Type<MemberView>;
} {
  const dtos = repositoryDtos(type.component, type.detail);
  const filters = repositoryFilters(true);

  @Injectable()
  @TypedBody({ master: 'repositories', pulpType: type.pulpType, detail: type.detail })
  class TypedView extends RepositoryView {
    protected override readonly source = repositorySource(type.pulpType, type.detail);
    override readonly filters = filters;

    protected override toResponse(row: RepositoryRow): RepositoryResponse {
      return { ...super.toResponse(row), ...detailResponse(type.detail, row) };
    }
  }

  const id = operationIds(type);

  @TypedController('repositories', type, dtos.response)
  class TypedRepositoriesController extends MemberEndpoints({
    master: 'repositories',
    table: 'core_repository',
    names: type,
    model: 'Repository',
    description: DESCRIPTION,
    labelStatus: 201,
    filters,
    dtos,
    detail: type.detail,
  }) {
    constructor(
      @Inject(TypedView) override readonly view: RepositoryView,
      private readonly writes: RepositoryWrites,
      override readonly queue: TaskQueue,
      override readonly settings: PulpSettings,
      private readonly types: DetailTypes,
      @Inject(SQL) override readonly sql: Sql,
      @Inject(PG_POOL) private readonly pool: PgPoolLike,
    ) {
      super();
    }

    @Post()
    @ApiOperation({ operationId: id('create'), summary: `Create ${withArticle(type.noun)}`, description: DESCRIPTION })
    @ApiConsumes(...ANY_BODY)
    @ApiBody({ type: dtos.request })
    @ApiCreatedResponse({ type: dtos.response, description: '' })
    async create(
      @PulpBody(dtos.request) body: Partial<RepositoryFields>,
      @Creator() creator: number | null,
    ): Promise<object> {
      const fields = await this.writes.columns(body, type.remoteTypes);
      const detail = detailColumns(type.detail, body);
      const [{ pulp_id: domainId }] = await this.sql<{ pulp_id: string }>(`SELECT ${currentDomainIdSql()} AS pulp_id`);
      const created = await this.writes.uniqueName(() =>
        inTransaction(this.pool, async (sql) => {
          const repository = await createRepository(sql, {
            domainId,
            pulpType: type.pulpType,
            name: body.name!,
            description: fields.description as string | null,
            retainRepoVersions: fields.retain_repo_versions as number | null,
            remoteId: fields.remote_id as string | null,
            pulpLabels: (fields.pulp_labels as Record<string, string>) ?? {},
          });
          if (type.detail) {
            await insertDetail(sql, type.detail, repository.id, detail);
          }
          await runCreationHooks(sql, this.types.created('repositories', type.pulpType, repository.id), creator);
          return repository;
        }),
      );
      return this.createdBody(created.id);
    }

    @Post(':pulp_id/modify')
    @HttpCode(202)
    @ApiOperation({
      operationId: id('modify'),
      summary: 'Modify Repository Content',
      description: 'Trigger an asynchronous task to create a new repository version.',
    })
    @ApiConsumes(...ANY_BODY)
    @ApiAcceptedResponse({ type: AsyncOperationResponse, description: '' })
    async modify(
      @Param('pulp_id') pk: string,
      @PulpBody() body: RepositoryAddRemoveContentDto,
      @Req() request: RequestUser,
    ): Promise<AsyncOperationResponse> {
      await this.found(pk);
      const kwargs = await this.writes.modification(pk, body, type.contentTypes);
      return dispatchAccepted(
        this.queue,
        this.settings,
        request,
        'pulpcore.app.tasks.repository.add_and_remove',
        {
          kwargs,
          exclusiveResources: await this.exclusiveResources(pk),
        },
      );
    }

    override changes(pk: string, body: Partial<RepositoryFields>): Promise<Record<string, unknown>> {
      return this.writes.changes(pk, body, type.remoteTypes);
    }

    override exclusiveResources(pk: string): Promise<string[]> {
      return Promise.resolve([this.types.prn('repositories', type.pulpType, pk)]);
    }
  }

  const versions = type.versionPlaceholder
    ? [typedVersionsController({ ...type, versionPlaceholder: type.versionPlaceholder }, TypedView)]
    : [];
  return { controllers: [TypedRepositoriesController, ...versions], providers: [TypedView], view: TypedView };
}
