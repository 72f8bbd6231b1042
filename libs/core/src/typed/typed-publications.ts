import { Delete, HttpCode, Inject, Injectable, Param, Post, Req, type Type } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation } from '@nestjs/swagger';
import { PulpSettings } from '@pulp/config';
import { SQL, type Sql } from '@pulp/database';
import { PulpBody, type RowSource } from '@pulp/rest';
import { AsyncOperationResponse, dispatchAccepted, TaskQueue, type RequestUser } from '@pulp/tasking';
import { DetailTypes } from '../detail-types/detail-types';
import { publicationFilters, publicationSource, PublicationView, type PublicationRow } from '../lists/publication-view';
import { detailColumns, detailResponse, type DetailFields } from './detail-fields';
import { operationIds, ReaderEndpoints, TypedController, type TypedNames } from './member-endpoints';
import { publicationDtos, type PublicationFields, type TypedPublicationResponse } from './publication.dto';
import { publishedVersion } from './publication-writes';
import { TypedBody } from './typed-bodies';
import { AsyncCreateOperation, withArticle } from './typed-operations';

/** A publication type's place in the API, as Pulp's schema names it, and its publish task. */
export interface PublicationType extends TypedNames {
  /** The viewset's description (Pulp's docstring) on list, read and delete. */
  description: string;
  /** Repository types it publishes. */
  repositoryTypes: readonly string[];
  /**
   * The task a create dispatches, holding its repository (shared), with kwargs
   * `{repository_version_pk, checkpoint?, …the type's own fields}`; its result is the publication.
   */
  task: string;
  /** The type's own fields (`manifest`): given to the task as the body has them; the task writes them. */
  detail?: DetailFields;
}

/** A publication type's bodies, by id (undefined: no such complete publication). */
export interface PublicationBodies {
  find(id: string): Promise<TypedPublicationResponse | undefined>;
}

interface TypedPublicationRow extends PublicationRow {
  checkpoint: boolean;
  distributions: Array<{ id: string; type: string }>;
}

/** The distributions serving each publication, as `[{id, type}]`. */
const DISTRIBUTIONS = `COALESCE((SELECT json_agg(json_build_object('id', d.pulp_id, 'type', d.pulp_type) ORDER BY d.pulp_created)
                                   FROM core_distribution d WHERE d.publication_id = p.pulp_id), '[]') AS distributions`;

/**
 * The endpoints of one publication type: list (Pulp's PublicationFilter), create (202: the type's
 * publish task, its version checked in the request), read and delete (synchronous, 204).
 * Publications are immutable: no update.
 */
export function typedPublicationEndpoints(type: PublicationType): {
  controllers: Array<Type<unknown>>;
  providers: Array<Type<unknown>>;
  /** The provider rendering the type's publications (what a publish task returns). */
  view: Type<PublicationBodies>;
} {
  const dtos = publicationDtos(type.component, type.detail);
  const filters = publicationFilters(true);
  const source = publicationSource(type.pulpType, type.detail);

  @Injectable()
  @TypedBody({ master: 'publications', pulpType: type.pulpType, detail: type.detail })
  class TypedView extends PublicationView<TypedPublicationResponse> {
    protected override readonly source: RowSource = { ...source, columns: `p.*, ${DISTRIBUTIONS}` };
    override readonly filters = filters;

    protected override toResponse(row: TypedPublicationRow): TypedPublicationResponse {
      return {
        ...this.base(row),
        distributions: row.distributions.map((distribution) =>
          this.href('distributions', distribution.type, distribution.id)!,
        ),
        ...detailResponse(type.detail, row),
        checkpoint: row.checkpoint,
      };
    }
  }

  const id = operationIds(type);

  @TypedController('publications', type, dtos.response)
  class TypedPublicationsController extends ReaderEndpoints({
    names: type,
    table: 'core_publication',
    model: 'Publication',
    description: type.description,
    labelStatus: null,
    filters,
    dtos,
  }) {
    constructor(
      @Inject(TypedView) override readonly view: TypedView,
      private readonly queue: TaskQueue,
      private readonly settings: PulpSettings,
      private readonly types: DetailTypes,
      @Inject(SQL) override readonly sql: Sql,
    ) {
      super();
    }

    @Post()
    @AsyncCreateOperation(
      id('create'),
      type.noun,
      dtos.request,
      `Trigger an asynchronous task to publish ${type.noun.split(' ')[0]} content.`,
    )
    async create(
      @PulpBody(dtos.request) body: Partial<PublicationFields>,
      @Req() request: RequestUser,
    ): Promise<AsyncOperationResponse> {
      const published = await publishedVersion(this.sql, body, type.repositoryTypes);
      return dispatchAccepted(this.queue, this.settings, request, type.task, {
        kwargs: {
          repository_version_pk: published.versionId,
          ...detailColumns(type.detail, body),
          ...(body.checkpoint ? { checkpoint: true } : {}),
        },
        sharedResources: [this.types.prn('repositories', published.repositoryType, published.repositoryId)],
      });
    }

    @Delete(':pulp_id')
    @HttpCode(204)
    @ApiOperation({
      operationId: id('delete'),
      summary: `Delete ${withArticle(type.noun)}`,
      description: type.description,
    })
    @ApiNoContentResponse({ description: 'No response body' })
    async delete(@Param('pulp_id') pk: string): Promise<void> {
      await this.found(pk);
      // Its published artifacts and metadata rows go with it; the metadata content is then an orphan.
      await this.sql('DELETE FROM core_publication WHERE pulp_id = $1', [pk]);
    }
  }

  return { controllers: [TypedPublicationsController], providers: [TypedView], view: TypedView };
}
