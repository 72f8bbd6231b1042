import { Inject, Injectable, Post, Req, type Type } from '@nestjs/common';
import { PulpSettings } from '@pulp/config';
import { SQL, type Sql } from '@pulp/database';
import { PulpBody, type FilterSet, type RowSource } from '@pulp/rest';
import { AsyncOperationResponse, dispatchAccepted, TaskQueue, type RequestUser } from '@pulp/tasking';
import {
  DISTRIBUTION_COLUMNS,
  DistributionRows,
  TYPED_DISTRIBUTION_FILTERS,
  type DistributionRow,
} from '../lists/distribution-view';
import { distributionDtos, type RepositoryDistributionResponse } from './distribution.dto';
import { DistributionWrites, type DistributionBody } from './distribution-writes';
import { GENERAL_CREATE_TASK } from './general.tasks';
import { changedColumns } from './label-endpoints';
import { MemberEndpoints, operationIds, TypedController, type TypedNames } from './member-endpoints';
import { TypedBody } from './typed-bodies';
import { AsyncCreateOperation } from './typed-operations';
import { typedScope } from '../lists/scopes';

const DESCRIPTION =
  'Provides read and list methods and also provides asynchronous CUD methods to dispatch tasks\n' +
  'with reservation that lock all Distributions preventing race conditions during base_path\nchecking.';

/** A distribution type's place in the API (`distributions/core/openpgp/`…). */
export interface DistributionType extends TypedNames {
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

/** A distribution's body; types serving publications add theirs and the checkpoint flag. */
type TypedDistributionResponse = RepositoryDistributionResponse & { publication?: string | null; checkpoint?: boolean };

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
      scope: typedScope('distributions', 'd', type.pulpType),
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

  const id = operationIds(type);

  @TypedController('distributions', type, dtos.response)
  class TypedDistributionsController extends MemberEndpoints({
    master: 'distributions',
    table: 'core_distribution',
    names: type,
    model: 'Distribution',
    description: DESCRIPTION,
    // Pulp's schema declares 200 for distributions' label actions.
    labelStatus: 200,
    filters,
    dtos,
  }) {
    constructor(
      @Inject(TypedView) override readonly view: TypedView,
      private readonly writes: DistributionWrites,
      override readonly queue: TaskQueue,
      override readonly settings: PulpSettings,
      @Inject(SQL) override readonly sql: Sql,
    ) {
      super();
    }

    @Post()
    @AsyncCreateOperation(id('create'), type.noun, dtos.request, 'Trigger an asynchronous create task')
    async create(
      @PulpBody(dtos.request) body: DistributionBody,
      @Req() request: RequestUser,
    ): Promise<AsyncOperationResponse> {
      const data = await this.writes.columns(body, type, null);
      return dispatchAccepted(this.queue, this.settings, request, GENERAL_CREATE_TASK, {
        kwargs: { master: 'distributions', pulp_type: type.pulpType, data },
        exclusiveResources: await this.exclusiveResources(),
      });
    }

    override async changes(pk: string, body: DistributionBody): Promise<Record<string, unknown>> {
      const wanted = await this.writes.columns(body, type, pk);
      const [row] = await this.sql<Record<string, unknown>>('SELECT * FROM core_distribution WHERE pulp_id = $1', [pk]);
      return changedColumns(row, wanted);
    }

    /** Every distribution of the domain: no two tasks race for a base path. */
    override async exclusiveResources(): Promise<string[]> {
      return [await this.queue.domainResource('distributions')];
    }
  }

  return { controllers: [TypedDistributionsController], providers: [TypedView] };
}
