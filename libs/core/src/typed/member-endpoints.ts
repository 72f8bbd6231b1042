import {
  applyDecorators,
  Controller,
  Delete,
  Get,
  Param,
  Patch,
  Put,
  Query,
  Req,
  Res,
  type Type,
} from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PulpSettings } from '@pulp/config';
import type { Sql } from '@pulp/database';
import { MemberPlaceholder } from '@pulp/http';
import { AccessPolicy, RoleEndpoints } from '@pulp/rbac';
import {
  ApiList,
  isUuid,
  listResponse,
  orNotFound,
  PulpBody,
  selectFields,
  type FieldSelection,
  type FilterSet,
  type ListQuery,
  type Page,
  type RawQuery,
} from '@pulp/rest';
import { AsyncOperationResponse, dispatchAccepted, type RequestUser, type TaskQueue } from '@pulp/tasking';
import type { Master } from '../detail-types/detail-types';
import { GENERAL_DELETE_TASK, GENERAL_UPDATE_TASK } from './general.tasks';
import { detailColumns, detailRow, type DetailFields } from './detail-fields';
import { changedColumns, LabelEndpoints, type Labelled } from './label-endpoints';
import { DeleteOperation, UpdateOperation, withArticle } from './typed-operations';

/** A typed object type's place in the API, as Pulp's schema names it. */
export interface TypedNames {
  /** `file.file`. */
  pulpType: string;
  /** Below the master's path: `file/file` (`remotes/file/file/`). */
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
  /**
   * Pulp's `app_label.model` of its objects (`file.filerepository`), as role assignments and
   * permissions name them. A type with one has Pulp's object-role endpoints (`list_roles`,
   * `add_role`, `remove_role`, `my_permissions`), as its viewset has them in Pulp's schema.
   */
  contentType?: string;
}

/** One typed object type's collection and members, as Pulp's schema names them. */
export interface MemberEndpointsOptions {
  master: Master;
  names: TypedNames;
  /** Its master table (labels are set there). */
  table: string;
  /** Its name in a 404: `Remote`. */
  model: string;
  /** The viewset's docstring: the description of list and read. */
  description: string;
  /** What Pulp's schema declares for the type's set/unset label (201 or 200); null: the type has no labels (publications). */
  labelStatus: 200 | 201 | null;
  filters: FilterSet;
  dtos: { request: Type<object>; patched: Type<object>; response: Type<object> };
  /** The type's own fields: an update compares and writes them too (see DetailFields). */
  detail?: DetailFields;
  /** The delete operation's description, where Pulp's schema words it differently. */
  deleteDescription?: string;
}

/** The view a typed controller lists and reads with. */
export interface MemberView {
  list(list: ListQuery): Promise<{ count: number; results: object[] }>;
  find(id: string): Promise<object | null | undefined>;
  /** The body of an object the request just created, unscoped (RowView.created). */
  created(id: string): Promise<object | null | undefined>;
  /** The filterset lists are read with, when it depends on settings (else the documented one). */
  readonly filters?: FilterSet;
}

/** What a typed controller gives the list, read and label endpoints. */
export interface TypedReaders extends Labelled {
  readonly view: MemberView;
  /** The object's body, or Pulp's 404. */
  found(pk: string): Promise<object>;
  /** The body of an object the request just created, as a create answers it. */
  createdBody(pk: string): Promise<object>;
}

/** What a typed controller gives the endpoints every typed object has. */
export interface TypedMembers extends TypedReaders {
  readonly queue: TaskQueue;
  readonly settings: PulpSettings;
  /** The columns an update would change (a bad body throws Pulp's 400); none: nothing to do. */
  changes(pk: string, body: Record<string, unknown>, partial: boolean): Promise<Record<string, unknown>>;
  /** What update and delete tasks hold exclusively. */
  exclusiveResources(pk: string): Promise<string[]>;
}

/** What list, read and labels need to know of a type. */
export type ReaderEndpointsOptions = Pick<
  MemberEndpointsOptions,
  'names' | 'table' | 'model' | 'description' | 'labelStatus' | 'filters'
> & { dtos: { response: Type<object> } };

/** The base of a type without labels: no set/unset label endpoints. */
abstract class UnlabelledBase implements Labelled {
  abstract readonly sql: Sql;
  abstract found(pk: string): Promise<unknown>;
}
const Unlabelled = UnlabelledBase as unknown as Type<Labelled>;

/**
 * A base class with list, read, set/unset label (unless the type has no labels) and the object-role
 * endpoints (when it has a content type): what every typed object type has, content (which is never
 * updated or deleted through its endpoints) included.
 */
export function ReaderEndpoints(options: ReaderEndpointsOptions): Type<TypedReaders> {
  const { operationPrefix, placeholder, noun } = options.names;
  const id = operationIds(options.names);
  const { response } = options.dtos;

  const Labels =
    options.labelStatus === null
      ? Unlabelled
      : LabelEndpoints({ table: options.table, operationPrefix, placeholder, status: options.labelStatus });
  const { contentType } = options.names;
  const Members = contentType
    ? RoleEndpoints({ operationPrefix, placeholder, contentType, table: options.table }, Labels)
    : Labels;

  // The subclass's member placeholder does not reach the operations it inherits: declared here too.
  @MemberPlaceholder(placeholder)
  abstract class ReaderEndpointsBase extends Members {
    abstract readonly view: MemberView;

    @Get()
    @ApiOperation({ operationId: id('list'), summary: `List ${noun}s`, description: options.description })
    @ApiList(response, options.filters)
    async list(@Query() query: RawQuery, @Req() request: FastifyRequest): Promise<Page<Partial<object>>> {
      return listResponse(request, query, this.view.filters ?? options.filters, (list) => this.view.list(list));
    }

    @Get(':pulp_id')
    @ApiOperation({
      operationId: id('read'),
      summary: `Inspect ${withArticle(noun)}`,
      description: options.description,
    })
    @ApiOkResponse({ type: response, description: '' })
    async read(@Param('pulp_id') pk: string, @Query() query: FieldSelection): Promise<Partial<object>> {
      return selectFields(await this.found(pk), query);
    }

    /** The object's body, or Pulp's 404. */
    override async found(pk: string): Promise<object> {
      return orNotFound(isUuid(pk) && (await this.view.find(pk)), options.model);
    }

    async createdBody(pk: string): Promise<object> {
      return orNotFound(await this.view.created(pk), options.model);
    }
  }
  return ReaderEndpointsBase as unknown as Type<TypedReaders>;
}

/**
 * A base class with what every typed object type has: list, read and set/unset label
 * (ReaderEndpoints), update and partial update (200 with the object when nothing would change,
 * else Pulp's general update task, 202) and delete (the general delete task). Create and
 * type-specific actions stay in the subclass.
 */
export function MemberEndpoints(options: MemberEndpointsOptions): Type<TypedMembers> {
  const { placeholder, noun } = options.names;
  const id = operationIds(options.names);
  const { request, patched, response } = options.dtos;

  @MemberPlaceholder(placeholder)
  abstract class MemberEndpointsBase extends ReaderEndpoints(options) {
    abstract readonly queue: TaskQueue;
    abstract readonly settings: PulpSettings;
    abstract changes(pk: string, body: Record<string, unknown>, partial: boolean): Promise<Record<string, unknown>>;
    abstract exclusiveResources(pk: string): Promise<string[]>;

    @Put(':pulp_id')
    @UpdateOperation(id('update'), noun, request, response, false)
    async update(
      @Param('pulp_id') pk: string,
      @PulpBody(request) body: Record<string, unknown>,
      @Req() request: RequestUser,
      @Res({ passthrough: true }) reply: FastifyReply,
    ): Promise<object> {
      return this.change(pk, body, false, request, reply);
    }

    @Patch(':pulp_id')
    @UpdateOperation(id('partial_update'), noun, patched, response, true)
    async partialUpdate(
      @Param('pulp_id') pk: string,
      @PulpBody(patched) body: Record<string, unknown>,
      @Req() request: RequestUser,
      @Res({ passthrough: true }) reply: FastifyReply,
    ): Promise<object> {
      return this.change(pk, body, true, request, reply);
    }

    @Delete(':pulp_id')
    @DeleteOperation(id('delete'), noun, options.deleteDescription)
    async delete(@Param('pulp_id') pk: string, @Req() request: RequestUser): Promise<AsyncOperationResponse> {
      await this.found(pk);
      return dispatchAccepted(this.queue, this.settings, request, GENERAL_DELETE_TASK, {
        kwargs: { master: options.master, pk },
        exclusiveResources: await this.exclusiveResources(pk),
      });
    }

    private async change(
      pk: string,
      body: Record<string, unknown>,
      partial: boolean,
      request: RequestUser,
      reply: FastifyReply,
    ): Promise<object> {
      const current = await this.found(pk);
      const data = await this.changes(pk, body, partial);
      const detail = await this.detailChanges(pk, body);
      if (Object.keys(data).length === 0 && Object.keys(detail).length === 0) {
        return current;
      }
      void reply.status(202);
      return dispatchAccepted(this.queue, this.settings, request, GENERAL_UPDATE_TASK, {
        kwargs: { master: options.master, pk, data, detail },
        exclusiveResources: await this.exclusiveResources(pk),
      });
    }

    /** The type's own columns the body would change (none for a type without them). */
    private async detailChanges(pk: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
      const wanted = detailColumns(options.detail, body);
      return changedColumns((await detailRow(this.sql, options.detail, pk)) ?? {}, wanted);
    }
  }
  return MemberEndpointsBase as unknown as Type<TypedMembers>;
}

/** The operationId of one of the type's actions: `remotes_file_file_create`. */
export const operationIds =
  ({ operationPrefix }: TypedNames) =>
  (action: string) =>
    `${operationPrefix}_${action}`;

/**
 * The controller of a typed object type: below `<master>/<segment>/`, tagged, its members named as
 * Pulp names them, guarded by the access policy of that path (`remotes/file/file`).
 */
export const TypedController = (master: Master, names: TypedNames, response: Type<object>) =>
  applyDecorators(
    ApiTags(names.tag),
    ApiExtraModels(response),
    MemberPlaceholder(names.placeholder),
    AccessPolicy(`${master}/${names.segment}`),
    Controller(`${master}/${names.segment}`),
  );
