import { Delete, HttpCode, Inject, Injectable, Param, Patch, Post, Put, type Type } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
} from '@nestjs/swagger';
import { currentDomainIdSql } from '@pulp/domains';
import { inTransaction, PG_POOL, SQL, uuid7, type PgPoolLike, type Sql } from '@pulp/database';
import { Creator, runCreationHooks } from '@pulp/rbac';
import { PulpBody } from '@pulp/rest';
import { DetailTypes } from '../detail-types/detail-types';
import { ContentGuardView, contentGuardFilters, type ContentGuardRow } from '../lists/content-guard-view';
import type { ContentGuardResponse } from '../lists/content.dto';
import { refuseTaken, uniqueName } from '../references';
import {
  detailColumns,
  detailResponse,
  detailSelect,
  insertDetail,
  updateDetail,
  type DetailFields,
} from '../typed/detail-fields';
import { operationIds, ReaderEndpoints, TypedController, type TypedNames } from '../typed/member-endpoints';
import { refuseNulls } from '../typed/refuse-nulls';
import { withArticle } from '../typed/typed-operations';
import { contentGuardDtos, type ContentGuardFields } from './content-guard.dto';
import { typedScope } from '../lists/scopes';
import { ANY_BODY } from '@pulp/http';

/** Writes a type's checked fields (beyond its detail columns) on guard `id`, in the guard's transaction. */
export type GuardFieldsWrite = (sql: Sql, id: string) => Promise<void>;

/** A content guard type's fields that are not columns of its own table (a composite's members). */
export interface GuardRelations {
  /** Their request (none: read only) and response classes (merged into the type's components). */
  request?: Type<object>;
  response: Type<object>;
  /** Select-list entries over the guard (alias `g`) that read them. */
  columns: string;
  /** Their fields in a body, from the row; `href` names another content guard, `api` is the API base path. */
  show(
    row: Record<string, unknown>,
    href: (pulpType: string, id: string) => string,
    api: string,
  ): Record<string, unknown>;
}

/** A content guard type's place in the API, as Pulp's schema names it, and its fields. */
export interface ContentGuardEndpointsType extends TypedNames {
  /** The viewset's docstring: the description of its operations. */
  description: string;
  /** The detail model, as a 404 names it: `HeaderContentGuard`. */
  model: string;
  /** The type's own columns, in its own table keyed by the guard's pulp_id. */
  detail?: DetailFields;
  relations?: GuardRelations;
  /**
   * Checks the type's fields a body has (`id`: the guard updated, null on create), throwing
   * Pulp's 400; resolves to what writes the fields that are not detail columns, if any.
   */
  check?(sql: Sql, body: Record<string, unknown>, id: string | null): Promise<GuardFieldsWrite | undefined>;
}

type Body = Partial<ContentGuardFields> & Record<string, unknown>;

/**
 * The endpoints of one content guard type, all synchronous as Pulp's plain model viewsets are:
 * list and read (ReaderEndpoints, no labels), create (201), update and partial update (200 with the
 * guard) and delete (204; distributions it guarded become unguarded). A create runs the type's
 * creation hooks (its creator owns it). The role endpoints are the object-role mixin's.
 */
export function typedContentGuardEndpoints(type: ContentGuardEndpointsType): {
  controllers: Array<Type<unknown>>;
  providers: Array<Type<unknown>>;
} {
  const { detail, relations } = type;
  const dtos = contentGuardDtos(type.component, type.description, detail ?? relations);
  const filters = contentGuardFilters(false);

  @Injectable()
  class TypedView extends ContentGuardView {
    protected override readonly source = {
      id: 'g.pulp_id',
      from: `(SELECT * FROM core_contentguard WHERE pulp_type = '${type.pulpType}') g${
        detail ? ` LEFT JOIN ${detail.table} d ON d.${detail.key} = g.pulp_id` : ''
      }`,
      columns: ['g.*', ...(detail ? [detailSelect(detail, 'd')] : []), ...(relations ? [relations.columns] : [])].join(
        ', ',
      ),
      cached: true,
      scope: typedScope('contentguards', 'g', type.pulpType),
    };
    override readonly filters = filters;

    protected override toResponse(row: ContentGuardRow): ContentGuardResponse {
      return {
        ...super.toResponse(row),
        ...detailResponse(detail, row),
        ...relations?.show(
          row as unknown as Record<string, unknown>,
          (pulpType, id) => this.types.href(this.api, 'contentguards', pulpType, id),
          this.api,
        ),
      };
    }
  }

  const id = operationIds(type);
  const operation = (action: string, summary: string) =>
    ApiOperation({
      operationId: id(action),
      summary: `${summary} ${withArticle(type.noun)}`,
      description: type.description,
    });

  @TypedController('contentguards', type, dtos.response)
  class TypedContentGuardsController extends ReaderEndpoints({
    names: type,
    table: 'core_contentguard',
    model: type.model,
    description: type.description,
    labelStatus: null,
    filters,
    dtos,
  }) {
    constructor(
      @Inject(TypedView) override readonly view: TypedView,
      @Inject(PG_POOL) private readonly pool: PgPoolLike,
      @Inject(SQL) override readonly sql: Sql,
      private readonly types: DetailTypes,
    ) {
      super();
    }

    @Post()
    @operation('create', 'Create')
    @ApiConsumes(...ANY_BODY)
    @ApiBody({ type: dtos.request })
    @ApiCreatedResponse({ type: dtos.response, description: '' })
    async create(@PulpBody(dtos.request) body: Body, @Creator() creator: number | null): Promise<object> {
      const write = await this.checked(body, null);
      const pk = uuid7();
      await uniqueName(() =>
        inTransaction(this.pool, async (sql) => {
          await sql(
            `INSERT INTO core_contentguard (pulp_id, pulp_domain_id, pulp_type, name, description)
             VALUES ($1, ${currentDomainIdSql()}, $2, $3, $4)`,
            [pk, type.pulpType, body.name, body.description ?? null],
          );
          if (detail) {
            await insertDetail(sql, detail, pk, detailColumns(detail, body));
          }
          await write?.(sql, pk);
          await runCreationHooks(sql, this.types.created('contentguards', type.pulpType, pk), creator);
        }),
      );
      return this.createdBody(pk);
    }

    @Put(':pulp_id')
    @operation('update', 'Update')
    @ApiConsumes(...ANY_BODY)
    @ApiBody({ type: dtos.request })
    @ApiOkResponse({ type: dtos.response, description: '' })
    async update(@Param('pulp_id') pk: string, @PulpBody(dtos.request) body: Body): Promise<object> {
      return this.change(pk, body);
    }

    @Patch(':pulp_id')
    @operation('partial_update', 'Update')
    @ApiConsumes(...ANY_BODY)
    @ApiBody({ type: dtos.patched })
    @ApiOkResponse({ type: dtos.response, description: '' })
    async partialUpdate(@Param('pulp_id') pk: string, @PulpBody(dtos.patched) body: Body): Promise<object> {
      return this.change(pk, body);
    }

    @Delete(':pulp_id')
    @HttpCode(204)
    @operation('delete', 'Delete')
    @ApiNoContentResponse({ description: 'No response body' })
    async delete(@Param('pulp_id') pk: string): Promise<void> {
      await this.found(pk);
      // Its own rows and memberships go with it; distributions it guarded are unguarded (ON DELETE SET NULL).
      await this.sql('DELETE FROM core_contentguard WHERE pulp_id = $1', [pk]);
    }

    /** Writes what the body has (DRF leaves fields a body omits as they are, PUT included). */
    private async change(pk: string, body: Body): Promise<object> {
      await this.found(pk);
      const write = await this.checked(body, pk);
      const master = Object.entries({ name: body.name, description: body.description }).filter(
        ([, value]) => value !== undefined,
      );
      await uniqueName(() =>
        inTransaction(this.pool, async (sql) => {
          await sql(
            `UPDATE core_contentguard SET pulp_last_updated = now()${master
              .map(([column], index) => `, ${column} = $${index + 2}`)
              .join('')} WHERE pulp_id = $1`,
            [pk, ...master.map(([, value]) => value)],
          );
          if (detail) {
            await updateDetail(sql, detail, pk, detailColumns(detail, body));
          }
          await write?.(sql, pk);
        }),
      );
      return this.found(pk);
    }

    /** Pulp's 400s for the body, before anything is written; what writes the type's other fields. */
    private async checked(body: Body, pk: string | null): Promise<GuardFieldsWrite | undefined> {
      refuseNulls(body, ['name']);
      detailColumns(detail, body);
      if (body.name !== undefined) {
        await refuseTaken(this.sql, 'core_contentguard', 'name', body.name, pk);
      }
      return type.check?.(this.sql, body, pk);
    }
  }

  return { controllers: [TypedContentGuardsController], providers: [TypedView] };
}
