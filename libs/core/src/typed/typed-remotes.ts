import {
  Controller,
  Delete,
  Get,
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
  type Page,
  type RawQuery,
} from '@pulp/rest';
import { AsyncOperationResponse, dispatchAccepted, TaskQueue, type RequestUser } from '@pulp/tasking';
import { DetailTypes } from '../detail-types/detail-types';
import type { GenericRemoteResponse } from '../lists/remote.dto';
import { remoteFilters, remoteSource, RemoteView } from '../lists/remote-view';
import { GENERAL_DELETE_TASK, GENERAL_UPDATE_TASK } from './general.tasks';
import { LabelEndpoints } from './label-endpoints';
import { remoteDtos, type RemoteFields } from './remote.dto';
import { RemoteWrites } from './remote-writes';
import { TypedBody } from './typed-bodies';
import { ANY_BODY, DeleteOperation, UpdateOperation } from './typed-operations';

/** A remote type's place in the API, as Pulp's schema names it. */
export interface RemoteType {
  /** `file.file`. */
  pulpType: string;
  /** Below `remotes/`: `file/file`. */
  segment: string;
  /** `remotes_file_file`. */
  operationPrefix: string;
  /** `file_file_remote_href`. */
  placeholder: string;
  /** `Remotes: File`. */
  tag: string;
  /** Component name of the request body: `file.FileRemote` (also `Patched…`, `…Response`). */
  component: string;
  /** Its name in summaries: `file remote` ("List file remotes"). */
  noun: string;
  /** The viewset's docstring, which Pulp's schema shows as the description of list, create and read. */
  description: string;
}

/**
 * The endpoints of one remote type (list, create, read, update, partial update, delete, set/unset
 * label), with Pulp's operationIds, components and semantics: create is synchronous (201), updates
 * and deletes are tasks holding the remote, an update that changes nothing answers 200 with the
 * remote. Write-only fields (credentials, client key) are never answered; `hidden_fields` says
 * which are set.
 */
export function typedRemoteEndpoints(type: RemoteType): {
  controllers: Array<Type<unknown>>;
  providers: Array<Type<unknown>>;
} {
  const dtos = remoteDtos(type.component);
  const filters = remoteFilters(true);

  @Injectable()
  @TypedBody({ master: 'remotes', pulpType: type.pulpType })
  class TypedView extends RemoteView {
    protected override readonly source = remoteSource(type.pulpType);
    override readonly filters = filters;
  }

  const id = (suffix: string) => `${type.operationPrefix}_${suffix}`;
  const article = /^[aeiou]/.test(type.noun) ? 'an' : 'a';

  @ApiTags(type.tag)
  @ApiExtraModels(dtos.response)
  @MemberPlaceholder(type.placeholder)
  @Controller(`remotes/${type.segment}`)
  class TypedRemotesController extends LabelEndpoints({
    table: 'core_remote',
    operationPrefix: type.operationPrefix,
    placeholder: type.placeholder,
    status: 201,
  }) {
    constructor(
      @Inject(TypedView) private readonly remotes: RemoteView,
      private readonly writes: RemoteWrites,
      private readonly queue: TaskQueue,
      private readonly settings: PulpSettings,
      private readonly types: DetailTypes,
      @Inject(SQL) override readonly sql: Sql,
    ) {
      super();
    }

    @Get()
    @ApiOperation({ operationId: id('list'), summary: `List ${type.noun}s`, description: type.description })
    @ApiList(dtos.response, filters)
    async list(
      @Query() query: RawQuery,
      @Req() request: FastifyRequest,
    ): Promise<Page<Partial<GenericRemoteResponse>>> {
      return listResponse(request, query, filters, (list) => this.remotes.list(list));
    }

    @Post()
    @ApiOperation({
      operationId: id('create'),
      summary: `Create ${article} ${type.noun}`,
      description: type.description,
    })
    @ApiConsumes(...ANY_BODY)
    @ApiBody({ type: dtos.request })
    @ApiCreatedResponse({ type: dtos.response, description: '' })
    async create(@PulpBody(dtos.request) body: Partial<RemoteFields>): Promise<GenericRemoteResponse> {
      return this.remote(await this.writes.create(type.pulpType, body));
    }

    @Get(':pulp_id')
    @ApiOperation({
      operationId: id('read'),
      summary: `Inspect ${article} ${type.noun}`,
      description: type.description,
    })
    @ApiOkResponse({ type: dtos.response, description: '' })
    async read(@Param('pulp_id') pk: string, @Query() query: FieldSelection): Promise<Partial<GenericRemoteResponse>> {
      return selectFields(await this.remote(pk), query);
    }

    @Put(':pulp_id')
    @UpdateOperation(id('update'), type.noun, dtos.request, dtos.response, false)
    async update(
      @Param('pulp_id') pk: string,
      @PulpBody(dtos.request) body: Partial<RemoteFields>,
      @Req() request: RequestUser,
      @Res({ passthrough: true }) reply: FastifyReply,
    ): Promise<GenericRemoteResponse | AsyncOperationResponse> {
      return this.change(pk, body, false, request, reply);
    }

    @Patch(':pulp_id')
    @UpdateOperation(id('partial_update'), type.noun, dtos.patched, dtos.response, true)
    async partialUpdate(
      @Param('pulp_id') pk: string,
      @PulpBody(dtos.patched) body: Partial<RemoteFields>,
      @Req() request: RequestUser,
      @Res({ passthrough: true }) reply: FastifyReply,
    ): Promise<GenericRemoteResponse | AsyncOperationResponse> {
      return this.change(pk, body, true, request, reply);
    }

    @Delete(':pulp_id')
    @DeleteOperation(id('delete'), type.noun)
    async delete(@Param('pulp_id') pk: string, @Req() request: RequestUser): Promise<AsyncOperationResponse> {
      await this.remote(pk);
      return dispatchAccepted(this.queue, this.settings.API_ROOT, request, GENERAL_DELETE_TASK, {
        kwargs: { master: 'remotes', pk },
        exclusiveResources: [this.prn(pk)],
      });
    }

    /** 200 with the remote when nothing would change; otherwise the update task (202). */
    private async change(
      pk: string,
      body: Partial<RemoteFields>,
      partial: boolean,
      request: RequestUser,
      reply: FastifyReply,
    ): Promise<GenericRemoteResponse | AsyncOperationResponse> {
      const current = await this.remote(pk);
      const changes = await this.writes.changes(pk, body, partial);
      if (Object.keys(changes).length === 0) {
        return current;
      }
      void reply.status(202);
      return dispatchAccepted(this.queue, this.settings.API_ROOT, request, GENERAL_UPDATE_TASK, {
        kwargs: { master: 'remotes', pk, data: changes },
        exclusiveResources: [this.prn(pk)],
      });
    }

    private prn(pk: string): string {
      return this.types.prn('remotes', type.pulpType, pk);
    }

    override found(pk: string): Promise<GenericRemoteResponse> {
      return this.remote(pk);
    }

    private async remote(pk: string): Promise<GenericRemoteResponse> {
      return orNotFound(isUuid(pk) && (await this.remotes.find(pk)), 'Remote');
    }
  }

  return { controllers: [TypedRemotesController], providers: [TypedView] };
}
