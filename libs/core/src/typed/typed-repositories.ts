import {
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Injectable,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Req,
  Res,
  type Type,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PulpSettings } from '@pulp/config';
import { inTransaction, PG_POOL, SQL, type PgPoolLike, type Sql } from '@pulp/database';
import { DEFAULT_DOMAIN_ID_SQL } from '@pulp/domains';
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
import { AsyncOperationResponse, dispatchAccepted, TaskQueue, type RequestUser } from '@pulp/tasking';
import { DetailTypes } from '../detail-types/detail-types';
import { RepositoryResponse } from '../lists/repository.dto';
import { repositoryFilters, repositorySource, RepositoryView, type RepositoryRow } from '../lists/repository-view';
import { createRepository } from '../repository/create-repository';
import { detailColumns, detailResponse, insertDetail, type DetailFields } from './detail-fields';
import { GENERAL_DELETE_TASK, GENERAL_UPDATE_TASK } from './general.tasks';
import { LabelEndpoints } from './label-endpoints';
import { TypedBody } from './typed-bodies';
import { ANY_BODY, article, DeleteOperation, UpdateOperation } from './typed-operations';
import { typedVersionsController } from './typed-versions';
import { RepositoryAddRemoveContentDto, repositoryDtos, RepositoryFields } from './repository.dto';
import { RepositoryWrites } from './repository-writes';

/** A repository type's place in the API, as Pulp's schema names it. */
export interface RepositoryType {
  /** `core.openpgp`, `file.file`. */
  pulpType: string;
  /** Below `repositories/`: `core/openpgp_keyring`. */
  segment: string;
  /** `repositories_core_openpgp_keyring`. */
  operationPrefix: string;
  /** `open_p_g_p_keyring_href`. */
  placeholder: string;
  /** `Repositories: Openpgp_Keyring`. */
  tag: string;
  /** Component name of the request body: `OpenPGPKeyring` (also `Patched…`, `…Response`). */
  component: string;
  /** Its name in summaries: `open pgp keyring` ("List open pgp keyrings"). */
  noun: string;
  /** Remote types its `remote` may be (none: no remote may be set). */
  remoteTypes: readonly string[];
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

  const id = (suffix: string) => `${type.operationPrefix}_${suffix}`;

  @ApiTags(type.tag)
  @ApiExtraModels(dtos.response)
  @MemberPlaceholder(type.placeholder)
  @Controller(`repositories/${type.segment}`)
  class TypedRepositoriesController extends LabelEndpoints({
    table: 'core_repository',
    operationPrefix: type.operationPrefix,
    placeholder: type.placeholder,
    status: 201,
  }) {
    constructor(
      @Inject(TypedView) private readonly repositories: RepositoryView,
      private readonly writes: RepositoryWrites,
      private readonly queue: TaskQueue,
      private readonly settings: PulpSettings,
      private readonly types: DetailTypes,
      @Inject(SQL) override readonly sql: Sql,
      @Inject(PG_POOL) private readonly pool: PgPoolLike,
    ) {
      super();
    }

    @Get()
    @ApiOperation({ operationId: id('list'), summary: `List ${type.noun}s`, description: DESCRIPTION })
    @ApiList(dtos.response, filters)
    async list(@Query() query: RawQuery, @Req() request: FastifyRequest): Promise<Page<Partial<RepositoryResponse>>> {
      return listResponse(request, query, filters, (list) => this.repositories.list(list));
    }

    @Post()
    @ApiOperation({ operationId: id('create'), summary: `Create ${article(type.noun)}`, description: DESCRIPTION })
    @ApiConsumes(...ANY_BODY)
    @ApiBody({ type: dtos.request })
    @ApiCreatedResponse({ type: dtos.response, description: '' })
    async create(@PulpBody(dtos.request) body: Partial<RepositoryFields>): Promise<RepositoryResponse> {
      const fields = await this.writes.columns(body, type.remoteTypes);
      const detail = detailColumns(type.detail, body);
      const [{ pulp_id: domainId }] = await this.sql<{ pulp_id: string }>(`SELECT ${DEFAULT_DOMAIN_ID_SQL} AS pulp_id`);
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
          return repository;
        }),
      );
      return this.repository(created.id);
    }

    @Get(':pulp_id')
    @ApiOperation({ operationId: id('read'), summary: `Inspect ${article(type.noun)}`, description: DESCRIPTION })
    @ApiOkResponse({ type: dtos.response, description: '' })
    async read(@Param('pulp_id') pk: string, @Query() query: FieldSelection): Promise<Partial<RepositoryResponse>> {
      return selectFields(await this.repository(pk), query);
    }

    @Put(':pulp_id')
    @UpdateOperation(id('update'), type.noun, dtos.request, dtos.response, false)
    async update(
      @Param('pulp_id') pk: string,
      @PulpBody(dtos.request) body: Partial<RepositoryFields>,
      @Req() request: RequestUser,
      @Res({ passthrough: true }) reply: FastifyReply,
    ): Promise<RepositoryResponse | AsyncOperationResponse> {
      return this.change(pk, body, request, reply);
    }

    @Patch(':pulp_id')
    @UpdateOperation(id('partial_update'), type.noun, dtos.patched, dtos.response, true)
    async partialUpdate(
      @Param('pulp_id') pk: string,
      @PulpBody(dtos.patched) body: Partial<RepositoryFields>,
      @Req() request: RequestUser,
      @Res({ passthrough: true }) reply: FastifyReply,
    ): Promise<RepositoryResponse | AsyncOperationResponse> {
      return this.change(pk, body, request, reply);
    }

    @Delete(':pulp_id')
    @DeleteOperation(id('delete'), type.noun)
    async delete(@Param('pulp_id') pk: string, @Req() request: RequestUser): Promise<AsyncOperationResponse> {
      await this.repository(pk);
      return dispatchAccepted(this.queue, this.settings.API_ROOT, request, GENERAL_DELETE_TASK, {
        kwargs: { master: 'repositories', pk },
        exclusiveResources: [this.prn(pk)],
      });
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
      await this.repository(pk);
      const kwargs = await this.writes.modification(pk, body);
      return dispatchAccepted(
        this.queue,
        this.settings.API_ROOT,
        request,
        'pulpcore.app.tasks.repository.add_and_remove',
        {
          kwargs,
          exclusiveResources: [this.prn(pk)],
        },
      );
    }

    /** 200 with the repository when nothing would change; otherwise the update task (202). */
    private async change(
      pk: string,
      body: Partial<RepositoryFields>,
      request: RequestUser,
      reply: FastifyReply,
    ): Promise<RepositoryResponse | AsyncOperationResponse> {
      const current = await this.repository(pk);
      const { data, detail } = await this.writes.changes(pk, body, type.remoteTypes, type.detail);
      if (Object.keys(data).length === 0 && Object.keys(detail).length === 0) {
        return current;
      }
      void reply.status(202);
      return dispatchAccepted(this.queue, this.settings.API_ROOT, request, GENERAL_UPDATE_TASK, {
        kwargs: { master: 'repositories', pk, data, detail },
        exclusiveResources: [this.prn(pk)],
      });
    }

    private prn(pk: string): string {
      return this.types.prn('repositories', type.pulpType, pk);
    }

    override found(pk: string): Promise<RepositoryResponse> {
      return this.repository(pk);
    }

    private async repository(pk: string): Promise<RepositoryResponse> {
      return orNotFound(isUuid(pk) && (await this.repositories.find(pk)), 'Repository');
    }
  }

  const versions = type.versionPlaceholder
    ? [typedVersionsController({ ...type, versionPlaceholder: type.versionPlaceholder }, TypedView)]
    : [];
  return { controllers: [TypedRepositoriesController, ...versions], providers: [TypedView] };
}
