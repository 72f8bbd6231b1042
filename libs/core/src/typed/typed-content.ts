import { HttpCode, Inject, Injectable, Post, Req, type Type } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOperation } from '@nestjs/swagger';
import { PulpSettings } from '@pulp/config';
import { databaseOf, PG_POOL, SQL, type PgPoolLike, type Sql } from '@pulp/database';
import { PulpBody, type Filter, type FilterSet, type RowSource } from '@pulp/rest';
import { AsyncOperationResponse, dispatchAccepted, TaskQueue, type RequestUser } from '@pulp/tasking';
import { contentFilters } from '../lists/content-view';
import { TypedRowView, type TypedRow } from '../lists/typed-row-view';
import { ContentCreation, ContentCreator, type ContentTypeCreator, type NewContent } from './content-creation';
import { ContentRequests } from './content-requests';
import type { ContentCreateDto, ContentUploadDto, SingleArtifactContentResponse } from './content.dto';
import { GENERAL_CREATE_TASK } from './general.tasks';
import { operationIds, ReaderEndpoints, TypedController, type TypedNames } from './member-endpoints';
import { TypedBody } from './typed-bodies';
import { withArticle } from './typed-operations';
import { contentScope } from '../lists/scopes';

const FORMS = ['multipart/form-data', 'application/x-www-form-urlencoded'];

/** A single-artifact content type's place in the API, its own columns and fields, and how units are made. */
export interface ContentType<Row extends object> {
  /** `file.file` below `content/file/files/`, `content_file_files_…`, `Content: Files`, `file content`. */
  names: TypedNames;
  /** What the synchronous upload's summary calls a unit: `File` ("Upload a File synchronously."). */
  uploadNoun: string;
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
  dtos: {
    request: Type<ContentCreateDto>;
    upload: Type<ContentUploadDto>;
    response: Type<SingleArtifactContentResponse>;
    uploadResponse: Type<SingleArtifactContentResponse>;
  };
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
  const source: RowSource = {
    id: 'c.pulp_id',
    from: `core_content c ${type.detail.join}
           LEFT JOIN core_contentartifact ca ON ca.content_id = c.pulp_id
           LEFT JOIN core_artifact a ON a.pulp_id = ca.artifact_id`,
    columns: `c.*, ca.artifact_id, ${type.detail.columns}`,
    cached: true,
    scope: contentScope('c'),
    domain: 'c.pulp_domain_id',
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
  @TypedBody({ master: 'content', pulpType: type.names.pulpType })
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
  @ContentCreator(type.names.pulpType)
  class TypedContentCreator implements ContentTypeCreator {
    create(sql: Sql, content: NewContent): Promise<string> {
      return type.create(sql, content);
    }
  }

  const { names } = type;
  const id = operationIds(names);

  @TypedController('content', names, type.dtos.response)
  class TypedContentController extends ReaderEndpoints({
    names,
    table: 'core_content',
    model: 'Content',
    description: type.description,
    labelStatus: 201,
    filters: documented,
    dtos: type.dtos,
  }) {
    constructor(
      @Inject(TypedContentView) override readonly view: TypedContentView,
      private readonly requests: ContentRequests,
      private readonly creation: ContentCreation,
      private readonly queue: TaskQueue,
      private readonly settings: PulpSettings,
      @Inject(SQL) override readonly sql: Sql,
      @Inject(PG_POOL) private readonly pool: PgPoolLike,
    ) {
      super();
    }

    @Post()
    @HttpCode(202)
    @ApiOperation({
      operationId: id('create'),
      summary: `Create ${withArticle(type.names.noun)}`,
      description: 'Trigger an asynchronous task to create content,optionally create new repository version.',
    })
    @ApiConsumes(...FORMS)
    @ApiBody({ type: type.dtos.request })
    @ApiAcceptedResponse({ type: AsyncOperationResponse, description: '' })
    async create(
      @PulpBody(type.dtos.request) body: ContentCreateDto,
      @Req() request: RequestUser,
    ): Promise<AsyncOperationResponse> {
      type.check(body);
      const prepared = await this.requests.prepare(body, type.repositoryTypes);
      return dispatchAccepted(this.queue, this.settings, request, GENERAL_CREATE_TASK, {
        kwargs: {
          master: 'content',
          pulp_type: type.names.pulpType,
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
      summary: `Upload a ${type.uploadNoun} synchronously.`,
      description: `Synchronously upload a ${type.uploadNoun}.`,
    })
    @ApiConsumes(...FORMS)
    @ApiBody({ type: type.dtos.upload })
    @ApiCreatedResponse({ type: type.dtos.uploadResponse, description: '' })
    async upload(@PulpBody(type.dtos.upload) body: ContentUploadDto): Promise<object> {
      type.check(body);
      const prepared = await this.requests.prepare(body, []);
      const created = await this.creation.create(
        databaseOf(this.pool),
        type.names.pulpType,
        prepared.source,
        prepared.data,
        prepared.pulpLabels,
      );
      return this.createdBody(created);
    }
  }

  return { controllers: [TypedContentController], providers: [TypedContentView, TypedContentCreator] };
}
