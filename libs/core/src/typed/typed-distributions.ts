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
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PulpSettings } from '@pulp/config';
import { SQL, type Sql } from '@pulp/database';
import { MemberPlaceholder } from '@pulp/http';
import {
  ApiList,
  isUuid,
  listResponse,
  orNotFound,
  PulpBody,
  selectFields,
  type FieldSelection,
  type FilterSet,
  type Page,
  type RawQuery,
  type RowSource,
} from '@pulp/rest';
import { AsyncOperationResponse, dispatchAccepted, TaskQueue, type RequestUser } from '@pulp/tasking';
import {
  DISTRIBUTION_COLUMNS,
  DistributionRows,
  TYPED_DISTRIBUTION_FILTERS,
  type DistributionRow,
} from '../lists/distribution-view';
import { distributionDtos, type RepositoryDistributionResponse } from './distribution.dto';

/** A distribution's body; types serving publications add theirs and the checkpoint flag. */
type TypedDistributionResponse = RepositoryDistributionResponse & { publication?: string | null; checkpoint?: boolean };
import { DistributionWrites, type DistributionBody } from './distribution-writes';
import { GENERAL_CREATE_TASK, GENERAL_DELETE_TASK, GENERAL_UPDATE_TASK } from './general.tasks';
import { changedColumns, LabelEndpoints } from './label-endpoints';
import { TypedBody } from './typed-bodies';
import { ANY_BODY, article, DeleteOperation, UpdateOperation } from './typed-operations';

const DESCRIPTION =
  'Provides read and list methods and also provides asynchronous CUD methods to dispatch tasks\n' +
  'with reservation that lock all Distributions preventing race conditions during base_path\nchecking.';

/** A distribution type's place in the API, as Pulp's schema names it. */
export interface DistributionType {
  /** `core.openpgp`. */
  pulpType: string;
  /** Below `distributions/`: `core/openpgp`. */
  segment: string;
  operationPrefix: string;
  placeholder: string;
  tag: string;
  /** Component name of the request body: `OpenPGPDistribution` (also `Patched…`, `…Response`). */
  component: string;
  /** Its name in summaries: `open pgp distribution`. */
  noun: string;
  /** Repository types it may serve. */
  repositoryTypes: readonly string[];
  /**
   * Publication types it may serve: the type serves publications (Pulp's file distributions), and
   * has `publication` and `checkpoint` fields (see PublicationDistributionFields).
   */
  publicationTypes?: readonly string[];
  /** Its list's filterset, when it is not Pulp's DistributionFilter (filters differ per type). */
  filters?: FilterSet;
}

interface ServedRow extends DistributionRow {
  repository_version_id: string | null;
  version_number: number | null;
  version_repository_id: string | null;
  version_repository_type: string | null;
  checkpoint: boolean;
  publication_id: string | null;
  publication_type: string | null;
}

/**
 * The endpoints of one distribution type: list, read, and create, update, partial update, delete
 * as tasks holding every distribution of the domain (so two never race for a base path), which
 * the request checks first (400s: base path shape, nesting, names, references); an update that
 * changes nothing answers 200 with the distribution; set/unset label.
 */
export function typedDistributionEndpoints(type: DistributionType): {
  controllers: Array<Type<unknown>>;
  providers: Array<Type<unknown>>;
} {
  const dtos = distributionDtos(type.component, type.publicationTypes !== undefined);
  const filters = type.filters ?? TYPED_DISTRIBUTION_FILTERS;

  @Injectable()
  @TypedBody({ master: 'distributions', pulpType: type.pulpType })
  class TypedView extends DistributionRows<TypedDistributionResponse> {
    protected readonly source: RowSource = {
      id: 'd.pulp_id',
      from: `(SELECT d0.*, v.number AS version_number, v.repository_id AS version_repository_id,
                     vr.pulp_type AS version_repository_type, p.pulp_type AS publication_type
                FROM core_distribution d0
                LEFT JOIN core_repositoryversion v ON v.pulp_id = d0.repository_version_id
                LEFT JOIN core_repository vr ON vr.pulp_id = v.repository_id
                LEFT JOIN core_publication p ON p.pulp_id = d0.publication_id
               WHERE d0.pulp_type = '${type.pulpType}') d`,
      columns: DISTRIBUTION_COLUMNS,
      cached: true,
    };
    readonly filters = filters;

    protected toResponse(row: ServedRow): TypedDistributionResponse {
      const served = {
        ...this.base(row),
        repository: this.href('repositories', row.repository_type, row.repository_id),
        repository_version: this.versionHref(
          row.version_repository_type,
          row.version_repository_id,
          row.version_number,
        ),
      };
      return type.publicationTypes
        ? {
            ...served,
            publication: this.href('publications', row.publication_type, row.publication_id),
            checkpoint: row.checkpoint,
          }
        : served;
    }
  }

  const id = (suffix: string) => `${type.operationPrefix}_${suffix}`;

  @ApiTags(type.tag)
  @ApiExtraModels(dtos.response)
  @MemberPlaceholder(type.placeholder)
  @Controller(`distributions/${type.segment}`)
  class TypedDistributionsController extends LabelEndpoints({
    table: 'core_distribution',
    operationPrefix: type.operationPrefix,
    placeholder: type.placeholder,
    // Pulp's schema declares 200 for distributions' label actions.
    status: 200,
  }) {
    constructor(
      @Inject(TypedView) private readonly distributions: TypedView,
      private readonly writes: DistributionWrites,
      private readonly queue: TaskQueue,
      private readonly settings: PulpSettings,
      @Inject(SQL) override readonly sql: Sql,
    ) {
      super();
    }

    @Get()
    @ApiOperation({ operationId: id('list'), summary: `List ${type.noun}s`, description: DESCRIPTION })
    @ApiList(dtos.response, filters)
    async list(
      @Query() query: RawQuery,
      @Req() request: FastifyRequest,
    ): Promise<Page<Partial<TypedDistributionResponse>>> {
      return listResponse(request, query, filters, (list) => this.distributions.list(list));
    }

    @Post()
    @HttpCode(202)
    @ApiOperation({
      operationId: id('create'),
      summary: `Create ${article(type.noun)}`,
      description: 'Trigger an asynchronous create task',
    })
    @ApiConsumes(...ANY_BODY)
    @ApiBody({ type: dtos.request })
    @ApiAcceptedResponse({ type: AsyncOperationResponse, description: '' })
    async create(
      @PulpBody(dtos.request) body: DistributionBody,
      @Req() request: RequestUser,
    ): Promise<AsyncOperationResponse> {
      const data = await this.writes.columns(body, type, null);
      return dispatchAccepted(this.queue, this.settings.API_ROOT, request, GENERAL_CREATE_TASK, {
        kwargs: { master: 'distributions', pulp_type: type.pulpType, data },
        exclusiveResources: [await this.queue.domainResource('distributions')],
      });
    }

    @Get(':pulp_id')
    @ApiOperation({ operationId: id('read'), summary: `Inspect ${article(type.noun)}`, description: DESCRIPTION })
    @ApiOkResponse({ type: dtos.response, description: '' })
    async read(
      @Param('pulp_id') pk: string,
      @Query() query: FieldSelection,
    ): Promise<Partial<TypedDistributionResponse>> {
      return selectFields(await this.distribution(pk), query);
    }

    @Put(':pulp_id')
    @UpdateOperation(id('update'), type.noun, dtos.request, dtos.response, false)
    async update(
      @Param('pulp_id') pk: string,
      @PulpBody(dtos.request) body: DistributionBody,
      @Req() request: RequestUser,
      @Res({ passthrough: true }) reply: FastifyReply,
    ): Promise<TypedDistributionResponse | AsyncOperationResponse> {
      return this.change(pk, body, request, reply);
    }

    @Patch(':pulp_id')
    @UpdateOperation(id('partial_update'), type.noun, dtos.patched, dtos.response, true)
    async partialUpdate(
      @Param('pulp_id') pk: string,
      @PulpBody(dtos.patched) body: DistributionBody,
      @Req() request: RequestUser,
      @Res({ passthrough: true }) reply: FastifyReply,
    ): Promise<TypedDistributionResponse | AsyncOperationResponse> {
      return this.change(pk, body, request, reply);
    }

    @Delete(':pulp_id')
    @DeleteOperation(id('delete'), type.noun)
    async delete(@Param('pulp_id') pk: string, @Req() request: RequestUser): Promise<AsyncOperationResponse> {
      await this.distribution(pk);
      return dispatchAccepted(this.queue, this.settings.API_ROOT, request, GENERAL_DELETE_TASK, {
        kwargs: { master: 'distributions', pk },
        exclusiveResources: [await this.queue.domainResource('distributions')],
      });
    }

    private async change(
      pk: string,
      body: DistributionBody,
      request: RequestUser,
      reply: FastifyReply,
    ): Promise<TypedDistributionResponse | AsyncOperationResponse> {
      const current = await this.distribution(pk);
      const wanted = await this.writes.columns(body, type, pk);
      const [row] = await this.sql<Record<string, unknown>>('SELECT * FROM core_distribution WHERE pulp_id = $1', [pk]);
      const data = changedColumns(row, wanted);
      if (Object.keys(data).length === 0) {
        return current;
      }
      void reply.status(202);
      return dispatchAccepted(this.queue, this.settings.API_ROOT, request, GENERAL_UPDATE_TASK, {
        kwargs: { master: 'distributions', pk, data },
        exclusiveResources: [await this.queue.domainResource('distributions')],
      });
    }

    override found(pk: string): Promise<TypedDistributionResponse> {
      return this.distribution(pk);
    }

    private async distribution(pk: string): Promise<TypedDistributionResponse> {
      return orNotFound(isUuid(pk) && (await this.distributions.find(pk)), 'Distribution');
    }
  }

  return { controllers: [TypedDistributionsController], providers: [TypedView] };
}
