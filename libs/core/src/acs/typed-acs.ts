import { HttpCode, Inject, Injectable, Param, Post, Req, type Type } from '@nestjs/common';
import { currentDomainName } from '@pulp/domains';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOperation,
} from '@nestjs/swagger';
import { PulpSettings, resourceApiPath } from '@pulp/config';
import { SQL, type Sql } from '@pulp/database';
import { PulpBody } from '@pulp/rest';
import { Creator } from '@pulp/rbac';
import { TaskQueue, type RequestUser } from '@pulp/tasking';
import { DetailTypes } from '../detail-types/detail-types';
import { MemberEndpoints, operationIds, TypedController, type TypedNames } from '../typed/member-endpoints';
import { TypedBody } from '../typed/typed-bodies';
import { withArticle } from '../typed/typed-operations';
import { acsDtos, TaskGroupOperationResponse, type AcsFields, type AcsResponse } from './acs.dto';
import { ACS_FILTERS, acsView } from './acs-view';
import { AcsWrites } from './acs-writes';
import { ANY_BODY } from '@pulp/http';

/** An alternate content source type's place in the API, as Pulp's schema names it. */
export interface AcsType extends TypedNames {
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
 * The endpoints of one ACS type: list, read, update and partial update (200 when nothing changes,
 * else a task holding the ACS) and delete (a task that also drops the hidden repositories its
 * refreshes filled) as every typed object has them (MemberEndpoints); create (201) and refresh:
 * one sync task per path, in one task group.
 */
export function typedAcsEndpoints(type: AcsType): {
  controllers: Array<Type<unknown>>;
  providers: Array<Type<unknown>>;
} {
  const dtos = acsDtos(type.component, `Serializer for ${type.noun.charAt(0).toUpperCase()}${type.noun.slice(1)}.`);

  @Injectable()
  @TypedBody({ master: 'acs', pulpType: type.pulpType })
  class TypedView extends acsView(type.pulpType) {}

  const id = operationIds(type);

  @ApiExtraModels(TaskGroupOperationResponse)
  @TypedController('acs', type, dtos.response)
  class TypedAcsController extends MemberEndpoints({
    master: 'acs',
    table: 'core_alternatecontentsource',
    names: type,
    model: 'AlternateContentSource',
    description: type.description,
    labelStatus: null,
    filters: ACS_FILTERS,
    dtos,
    deleteDescription: 'Trigger an asynchronous delete ACS task',
  }) {
    constructor(
      @Inject(TypedView) override readonly view: TypedView,
      private readonly writes: AcsWrites,
      override readonly queue: TaskQueue,
      override readonly settings: PulpSettings,
      private readonly types: DetailTypes,
      @Inject(SQL) override readonly sql: Sql,
    ) {
      super();
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
    async create(@PulpBody(dtos.request) body: AcsFields, @Creator() creator: number | null): Promise<object> {
      return this.createdBody(await this.writes.create(type.pulpType, body, type.remoteTypes, creator));
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
      await this.found(pk);
      const paths = await this.writes.refreshPaths(pk, type.pulpType, request.user?.id ?? null);
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
      return { task_group: `${resourceApiPath(this.settings, currentDomainName())}task-groups/${group}/` };
    }

    override async changes(pk: string, body: Partial<AcsFields>): Promise<Record<string, unknown>> {
      return this.writes.changes(pk, body, (await this.found(pk)) as AcsResponse, type.remoteTypes);
    }

    /** The ACS, and the hidden repositories a delete takes with it. */
    override async exclusiveResources(pk: string): Promise<string[]> {
      const repositories = await this.sql<{ repository_id: string; pulp_type: string }>(
        `SELECT p.repository_id, r.pulp_type FROM core_alternatecontentsourcepath p
           JOIN core_repository r ON r.pulp_id = p.repository_id WHERE p.alternate_content_source_id = $1`,
        [pk],
      );
      return [
        this.prn(pk),
        ...repositories.map((row) => this.types.prn('repositories', row.pulp_type, row.repository_id)),
      ];
    }

    private prn(pk: string): string {
      return this.types.prn('acs', type.pulpType, pk);
    }
  }

  return { controllers: [TypedAcsController], providers: [TypedView] };
}
