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
import { SQL, type Sql } from '@pulp/database';
import { MemberPlaceholder } from '@pulp/http';
import { AccessPolicy } from '@pulp/rbac';
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
import { GENERAL_DELETE_TASK, GENERAL_UPDATE_TASK } from '../typed/general.tasks';
import { TypedBody } from '../typed/typed-bodies';
import { ANY_BODY, DeleteOperation, UpdateOperation, withArticle } from '../typed/typed-operations';
import { acsDtos, TaskGroupOperationResponse, type AcsFields, type AcsResponse } from './acs.dto';
import { ACS_FILTERS, acsView } from './acs-view';
import { AcsWrites } from './acs-writes';

/** An alternate content source type's place in the API, as Pulp's schema names it. */
export interface AcsType {
  /** `file.file`. */
  pulpType: string;
  /** Below `acs/`: `file/file`. */
  segment: string;
  /** `acs_file_file`. */
  operationPrefix: string;
  /** `file_file_alternate_content_source_href`. */
  placeholder: string;
  /** `Acs: File`. */
  tag: string;
  /** `file.FileAlternateContentSource` (also `Patched…`, `…Response`). */
  component: string;
  /** `file alternate content source` ("Create a file alternate content source"). */
  noun: string;
  /** The viewset's description, as the schema shows it. */
  description: string;
  /** Remote types an ACS of this type may use (with the `on_demand` policy). */
  remoteTypes: readonly string[];
  /**
   * Refreshing one path: the task the type's sync runs (`pulp_file.app.tasks.synchronizing.synchronize`)
   * and its kwargs for syncing `url` with the ACS's remote into the path's hidden repository.
   */
  refresh: {
    task: string;
    kwargs(path: { remoteId: string; repositoryId: string; url: string }): Record<string, unknown>;
  };
}

/**
 * The endpoints of one ACS type: list, create (201), read, update and partial update (200 when
 * nothing changes, else a task holding the ACS), delete (a task that also drops the hidden
 * repositories its refreshes filled), and refresh: one sync task per path, in one task group.
 */
export function typedAcsEndpoints(type: AcsType): {
  controllers: Array<Type<unknown>>;
  providers: Array<Type<unknown>>;
} {
  const dtos = acsDtos(type.component, `Serializer for ${type.noun.charAt(0).toUpperCase()}${type.noun.slice(1)}.`);

  @Injectable()
  @TypedBody({ master: 'acs', pulpType: type.pulpType })
  class TypedView extends acsView(type.pulpType) {}

  const id = (suffix: string) => `${type.operationPrefix}_${suffix}`;

  @ApiTags(type.tag)
  @ApiExtraModels(dtos.response, TaskGroupOperationResponse)
  @MemberPlaceholder(type.placeholder)
  @AccessPolicy(`acs/${type.segment}`)
  @Controller(`acs/${type.segment}`)
  class TypedAcsController {
    constructor(
      @Inject(TypedView) private readonly sources: TypedView,
      private readonly writes: AcsWrites,
      private readonly queue: TaskQueue,
      private readonly settings: PulpSettings,
      private readonly types: DetailTypes,
      @Inject(SQL) private readonly sql: Sql,
    ) {}

    @Get()
    @ApiOperation({ operationId: id('list'), summary: `List ${type.noun}s`, description: type.description })
    @ApiList(dtos.response, ACS_FILTERS)
    async list(@Query() query: RawQuery, @Req() request: FastifyRequest): Promise<Page<Partial<AcsResponse>>> {
      return listResponse(request, query, ACS_FILTERS, (list) => this.sources.list(list));
    }

    @Post()
    @ApiOperation({
      operationId: id('create'),
      summary: `Create ${withArticle(type.noun)}`,
      description: type.description,
    })
    @ApiConsumes(...ANY_BODY)
    @ApiBody({ type: dtos.request })
    @ApiCreatedResponse({ type: dtos.response, description: '' })
    async create(@PulpBody(dtos.request) body: AcsFields): Promise<AcsResponse> {
      const created = await this.writes.create(type.pulpType, body, type.remoteTypes);
      return this.source(created);
    }

    @Get(':pulp_id')
    @ApiOperation({
      operationId: id('read'),
      summary: `Inspect ${withArticle(type.noun)}`,
      description: type.description,
    })
    @ApiOkResponse({ type: dtos.response, description: '' })
    async read(@Param('pulp_id') pk: string, @Query() query: FieldSelection): Promise<Partial<AcsResponse>> {
      return selectFields(await this.source(pk), query);
    }

    @Put(':pulp_id')
    @UpdateOperation(id('update'), type.noun, dtos.request, dtos.response, false)
    async update(
      @Param('pulp_id') pk: string,
      @PulpBody(dtos.request) body: AcsFields,
      @Req() request: RequestUser,
      @Res({ passthrough: true }) reply: FastifyReply,
    ): Promise<AcsResponse | AsyncOperationResponse> {
      return this.change(pk, body, request, reply);
    }

    @Patch(':pulp_id')
    @UpdateOperation(id('partial_update'), type.noun, dtos.patched, dtos.response, true)
    async partialUpdate(
      @Param('pulp_id') pk: string,
      @PulpBody(dtos.patched) body: Partial<AcsFields>,
      @Req() request: RequestUser,
      @Res({ passthrough: true }) reply: FastifyReply,
    ): Promise<AcsResponse | AsyncOperationResponse> {
      return this.change(pk, body, request, reply);
    }

    @Delete(':pulp_id')
    @DeleteOperation(id('delete'), type.noun, 'Trigger an asynchronous delete ACS task')
    async delete(@Param('pulp_id') pk: string, @Req() request: RequestUser): Promise<AsyncOperationResponse> {
      await this.source(pk);
      const repositories = await this.sql<{ repository_id: string; pulp_type: string }>(
        `SELECT p.repository_id, r.pulp_type FROM core_alternatecontentsourcepath p
           JOIN core_repository r ON r.pulp_id = p.repository_id WHERE p.alternate_content_source_id = $1`,
        [pk],
      );
      return dispatchAccepted(this.queue, this.settings.API_ROOT, request, GENERAL_DELETE_TASK, {
        kwargs: { master: 'acs', pk },
        exclusiveResources: [
          this.prn(pk),
          ...repositories.map((row) => this.types.prn('repositories', row.pulp_type, row.repository_id)),
        ],
      });
    }

    @Post(':pulp_id/refresh')
    @HttpCode(202)
    @ApiOperation({
      operationId: id('refresh'),
      summary: 'Refresh metadata',
      description: 'Trigger an asynchronous task to create Alternate Content Source content.',
    })
    @ApiAcceptedResponse({ type: TaskGroupOperationResponse, description: '' })
    async refresh(@Param('pulp_id') pk: string, @Req() request: RequestUser): Promise<TaskGroupOperationResponse> {
      await this.source(pk);
      const paths = await this.writes.refreshPaths(pk, type.pulpType);
      const group = await this.queue.createTaskGroup(`Refreshing ${paths.length} alternate content source paths.`);
      for (const path of paths) {
        await this.queue.dispatch(type.refresh.task, {
          kwargs: type.refresh.kwargs(path),
          exclusiveResources: [this.types.prn('repositories', type.pulpType, path.repositoryId)],
          // Shared on the ACS: an update or delete (exclusive) never pulls a path's repository from under its sync.
          sharedResources: [this.types.prn('remotes', path.remoteType, path.remoteId), this.prn(pk)],
          taskGroupId: group,
          createdById: request.user?.id ?? null,
        });
      }
      await this.queue.closeTaskGroup(group);
      return { task_group: `${this.settings.API_ROOT}api/v3/task-groups/${group}/` };
    }

    /** 200 with the source when nothing would change; otherwise the update task (202). */
    private async change(
      pk: string,
      body: Partial<AcsFields>,
      request: RequestUser,
      reply: FastifyReply,
    ): Promise<AcsResponse | AsyncOperationResponse> {
      const current = await this.source(pk);
      const data = await this.writes.changes(pk, body, current, type.remoteTypes);
      if (Object.keys(data).length === 0) {
        return current;
      }
      void reply.status(202);
      return dispatchAccepted(this.queue, this.settings.API_ROOT, request, GENERAL_UPDATE_TASK, {
        kwargs: { master: 'acs', pk, data },
        exclusiveResources: [this.prn(pk)],
      });
    }

    private prn(pk: string): string {
      return this.types.prn('acs', type.pulpType, pk);
    }

    private async source(pk: string): Promise<AcsResponse> {
      return orNotFound(isUuid(pk) && (await this.sources.find(pk)), 'AlternateContentSource');
    }
  }

  return { controllers: [TypedAcsController], providers: [TypedView] };
}
