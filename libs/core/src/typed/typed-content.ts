import { Controller, Get, HttpCode, Inject, Injectable, Param, Post, Query, Req, type Type } from '@nestjs/common';
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
import type { FastifyRequest } from 'fastify';
import { PulpSettings } from '@pulp/config';
import { databaseOf, PG_POOL, SQL, type PgPoolLike, type Sql } from '@pulp/database';
import { MemberPlaceholder } from '@pulp/http';
import {
  ApiList,
  isUuid,
  listResponse,
  orNotFound,
  PulpBody,
  selectFields,
  type FieldSelection,
  type Filter,
  type FilterSet,
  type Page,
  type RawQuery,
  type RowSource,
} from '@pulp/rest';
import { AsyncOperationResponse, dispatchAccepted, TaskQueue, type RequestUser } from '@pulp/tasking';
import { contentFilters } from '../lists/content-view';
import { TypedRowView, type TypedRow } from '../lists/typed-row-view';
import { ContentCreation, ContentCreator, type ContentTypeCreator, type NewContent } from './content-creation';
import { ContentRequests } from './content-requests';
import type { ContentCreateDto, ContentUploadDto, SingleArtifactContentResponse } from './content.dto';
import { GENERAL_CREATE_TASK } from './general.tasks';
import { LabelEndpoints } from './label-endpoints';
import { TypedBody } from './typed-bodies';

const FORMS = ['multipart/form-data', 'application/x-www-form-urlencoded'];

/** A single-artifact content type's place in the API, its own columns and fields, and how units are made. */
export interface ContentType<Row extends object> {
  /** `file.file`. */
  pulpType: string;
  /** Below `content/`: `file/files`. */
  segment: string;
  /** `content_file_files`. */
  operationPrefix: string;
  /** `file_file_content_href`. */
  placeholder: string;
  /** `Content: Files`. */
  tag: string;
  /** `file content` ("List file contents"). */
  noun: string;
  /** The description Pulp's schema gives the list and read operations (the viewset's docstring). */
  description: string;
  /** The type's table joined onto `core_content c` (and the artifact `a`, left-joined), and what to read of them. */
  detail: { join: string; columns: string };
  /** The type's own filters and orderings, beside those of every content list. */
  filters: Record<string, Filter>;
  ordering: Record<string, string>;
  /** The type's fields of a row in the body. */
  render(row: Row & ContentRow): Record<string, unknown>;
  /** Request bodies (create, synchronous upload) and the response bodies, with Pulp's component names. */
  request: Type<ContentCreateDto>;
  upload: Type<ContentUploadDto>;
  response: Type<SingleArtifactContentResponse>;
  uploadResponse: Type<SingleArtifactContentResponse>;
  /** Checks the type's own fields (throw PulpValidationError), before anything is stored. */
  check(body: ContentUploadDto): void;
  /** Repository types a created unit may be added to. */
  repositoryTypes: readonly string[];
  /** Creates a unit, or finds the one with the same identity (ContentTypeCreator.create). */
  create(sql: Sql, content: NewContent): Promise<string>;
}

export interface ContentRow extends TypedRow {
  pulp_labels: Record<string, string | null>;
  artifact_id: string | null;
}

/** Pulp's content orderings every content list has (in its order; a type's come next, then `pk`). */
const CONTENT_ORDERING = Object.fromEntries(
  [
    'pulp_id',
    'pulp_created',
    'pulp_last_updated',
    'pulp_type',
    'upstream_id',
    'pulp_labels',
    'timestamp_of_interest',
  ].map((name) => [name, `c.${name}`]),
);

/**
 * The endpoints of one single-artifact content type: list (Pulp's ContentFilter plus the type's
 * filters), read, set/unset label, create (202, `general_create`: the unit from a posted file, an
 * upload, an artifact or a URL, optionally added to a repository in a new version) and the
 * synchronous upload (201). `providers` go in the API and the worker modules: the type's view
 * renders task results, its creator makes the units.
 */
export function typedContentEndpoints<Row extends object>(
  type: ContentType<Row>,
): { controllers: Array<Type<unknown>>; providers: Array<Type<unknown>> } {
  const id = (suffix: string) => `${type.operationPrefix}_${suffix}`;
  const source: RowSource = {
    id: 'c.pulp_id',
    from: `core_content c ${type.detail.join}
           LEFT JOIN core_contentartifact ca ON ca.content_id = c.pulp_id
           LEFT JOIN core_artifact a ON a.pulp_id = ca.artifact_id`,
    columns: `c.*, ca.artifact_id, ${type.detail.columns}`,
    cached: true,
  };
  const filtersFor = (orphanProtection: number): FilterSet => {
    const { filters } = contentFilters(orphanProtection);
    const { pulp_type: _type, pulp_type__in: _types, ...common } = filters;
    return {
      filters: { ...common, ...type.filters },
      ordering: { ...CONTENT_ORDERING, ...type.ordering, pk: 'c.pulp_id' },
      defaultOrder: 'c.pulp_created DESC, c.pulp_id DESC',
    };
  };
  const documented = filtersFor(0);

  @Injectable()
  @TypedBody({ master: 'content', pulpType: type.pulpType })
  class TypedContentView extends TypedRowView<Row & ContentRow, SingleArtifactContentResponse> {
    protected readonly source = source;

    get filters(): FilterSet {
      return filtersFor(this.settings.ORPHAN_PROTECTION_TIME);
    }

    protected toResponse(row: Row & ContentRow): SingleArtifactContentResponse {
      return {
        ...this.identity('content', row),
        pulp_labels: row.pulp_labels,
        vuln_report: null,
        artifact: row.artifact_id && `${this.api}artifacts/${row.artifact_id}/`,
        ...type.render(row),
      };
    }
  }

  @Injectable()
  @ContentCreator(type.pulpType)
  class TypedContentCreator implements ContentTypeCreator {
    create(sql: Sql, content: NewContent): Promise<string> {
      return type.create(sql, content);
    }
  }

  @ApiTags(type.tag)
  @ApiExtraModels(type.response)
  @MemberPlaceholder(type.placeholder)
  @Controller(`content/${type.segment}`)
  class TypedContentController extends LabelEndpoints({
    table: 'core_content',
    operationPrefix: type.operationPrefix,
    placeholder: type.placeholder,
    status: 201,
  }) {
    constructor(
      @Inject(TypedContentView) private readonly view: TypedContentView,
      private readonly requests: ContentRequests,
      private readonly creation: ContentCreation,
      private readonly queue: TaskQueue,
      private readonly settings: PulpSettings,
      @Inject(SQL) override readonly sql: Sql,
      @Inject(PG_POOL) private readonly pool: PgPoolLike,
    ) {
      super();
    }

    @Get()
    @ApiOperation({ operationId: id('list'), summary: `List ${type.noun}s`, description: type.description })
    @ApiList(type.response, documented)
    async list(
      @Query() query: RawQuery,
      @Req() request: FastifyRequest,
    ): Promise<Page<Partial<SingleArtifactContentResponse>>> {
      return listResponse(request, query, this.view.filters, (list) => this.view.list(list));
    }

    @Post()
    @HttpCode(202)
    @ApiOperation({
      operationId: id('create'),
      summary: `Create a ${type.noun}`,
      description: 'Trigger an asynchronous task to create content,optionally create new repository version.',
    })
    @ApiConsumes(...FORMS)
    @ApiBody({ type: type.request })
    @ApiAcceptedResponse({ type: AsyncOperationResponse, description: '' })
    async create(
      @PulpBody(type.request) body: ContentCreateDto,
      @Req() request: RequestUser,
    ): Promise<AsyncOperationResponse> {
      type.check(body);
      const prepared = await this.requests.prepare(body, type.repositoryTypes);
      return dispatchAccepted(this.queue, this.settings.API_ROOT, request, GENERAL_CREATE_TASK, {
        kwargs: {
          master: 'content',
          pulp_type: type.pulpType,
          source: prepared.source,
          data: prepared.data,
          pulp_labels: prepared.pulpLabels,
          repository_pk: prepared.repository?.id ?? null,
          overwrite: prepared.overwrite,
        },
        exclusiveResources: prepared.exclusiveResources,
      });
    }

    @Post('upload')
    @HttpCode(201)
    @ApiOperation({
      operationId: id('upload'),
      summary: `Upload a ${type.noun.replace(/ content$/, '').replace(/^./, (c) => c.toUpperCase())} synchronously.`,
      description: `Synchronously upload a ${type.noun.replace(/ content$/, '').replace(/^./, (c) => c.toUpperCase())}.`,
    })
    @ApiConsumes(...FORMS)
    @ApiBody({ type: type.upload })
    @ApiCreatedResponse({ type: type.uploadResponse, description: '' })
    async upload(@PulpBody(type.upload) body: ContentUploadDto): Promise<SingleArtifactContentResponse> {
      type.check(body);
      const prepared = await this.requests.prepare(body, []);
      const created = await this.creation.create(
        databaseOf(this.pool),
        type.pulpType,
        prepared.source,
        prepared.data,
        prepared.pulpLabels,
      );
      return this.content(created);
    }

    @Get(':pulp_id')
    @ApiOperation({ operationId: id('read'), summary: `Inspect a ${type.noun}`, description: type.description })
    @ApiOkResponse({ type: type.response, description: '' })
    async read(
      @Param('pulp_id') pk: string,
      @Query() query: FieldSelection,
    ): Promise<Partial<SingleArtifactContentResponse>> {
      return selectFields(await this.content(pk), query);
    }

    override found(pk: string): Promise<SingleArtifactContentResponse> {
      return this.content(pk);
    }

    private async content(pk: string): Promise<SingleArtifactContentResponse> {
      return orNotFound(isUuid(pk) && (await this.view.find(pk)), 'Content');
    }
  }

  return { controllers: [TypedContentController], providers: [TypedContentView, TypedContentCreator] };
}
