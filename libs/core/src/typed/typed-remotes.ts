import { Inject, Injectable, Post, type Type } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOperation } from '@nestjs/swagger';
import { PulpSettings } from '@pulp/config';
import { SQL, type Sql } from '@pulp/database';
import { PulpBody } from '@pulp/rest';
import { Creator } from '@pulp/rbac';
import { TaskQueue } from '@pulp/tasking';
import { DetailTypes } from '../detail-types/detail-types';
import { remoteFilters, remoteSource, RemoteView } from '../lists/remote-view';
import { MemberEndpoints, operationIds, TypedController, type TypedNames } from './member-endpoints';
import { remoteDtos, type RemoteFields } from './remote.dto';
import { RemoteWrites } from './remote-writes';
import { TypedBody } from './typed-bodies';
import { withArticle } from './typed-operations';
import { ANY_BODY } from '@pulp/http';

/** A remote type's place in the API, as Pulp's schema names it. */
export interface RemoteType extends TypedNames {
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

  const id = operationIds(type);

  @TypedController('remotes', type, dtos.response)
  class TypedRemotesController extends MemberEndpoints({
    master: 'remotes',
    table: 'core_remote',
    names: type,
    model: 'Remote',
    description: type.description,
    labelStatus: 201,
    filters,
    dtos,
  }) {
    constructor(
      @Inject(TypedView) override readonly view: RemoteView,
      private readonly writes: RemoteWrites,
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
    async create(
      @PulpBody(dtos.request) body: Partial<RemoteFields>,
      @Creator() creator: number | null,
    ): Promise<object> {
      return this.createdBody(await this.writes.create(type.pulpType, body, creator));
    }

    override changes(pk: string, body: Partial<RemoteFields>, partial: boolean): Promise<Record<string, unknown>> {
      return this.writes.changes(pk, body, partial);
    }

    override exclusiveResources(pk: string): Promise<string[]> {
      return Promise.resolve([this.types.prn('remotes', type.pulpType, pk)]);
    }
  }

  return { controllers: [TypedRemotesController], providers: [TypedView] };
}
