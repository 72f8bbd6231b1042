import { Inject, Optional } from '@nestjs/common';
import { PulpSettings } from '@pulp/config';
import { PG_POOL, sqlOf, type PgPoolLike, type Sql } from '@pulp/database';
import { CachedLists } from './cached-lists';
import { fetchPage } from './fetch-page';
import type { ListQuery } from './list-query';

/** Where a resource's rows come from: `from` names the table with the alias its filterset uses. */
export interface RowSource {
  from: string;
  columns: string;
  /** The alias's primary key column (`w.pulp_id`). */
  id: string;
  /** Its type, when not uuid (Django's integer keys of users and groups). */
  idType?: 'integer';
  /**
   * Pages may be cached: every table the list reads (filters included) notifies its changes
   * (notifyTableChangesSql). Tasks and workers change too often, and do not.
   */
  cached?: boolean;
}

/** A resource read straight from SQL: one page of bodies, or one by id. */
export abstract class RowView<Row, Response> {
  protected readonly sql: Sql;

  @Optional()
  @Inject(CachedLists)
  private readonly cachedLists?: CachedLists;

  constructor(
    @Inject(PG_POOL) pool: PgPoolLike,
    protected readonly settings: PulpSettings,
  ) {
    this.sql = sqlOf(pool);
  }

  protected abstract readonly source: RowSource;

  /** A row's API body; `api` is the API base path (`/pulp/api/v3/`). */
  protected abstract toResponse(row: Row, api: string): Response;

  async list(list: ListQuery): Promise<{ count: number; results: Response[] }> {
    const read = async () => {
      const { count, rows } = await fetchPage<Row>(this.sql, this.source, list);
      return { count, results: rows.map((row) => this.toResponse(row, this.api)) };
    };
    // A filter reading the clock (`orphaned_for`) changes its answer without any table changing.
    if (!this.source.cached || !this.cachedLists || list.where.includes('now()')) {
      return read();
    }
    const { from, id } = this.source;
    const key = [from, id, list.where, list.orderBy, list.limit, list.offset, JSON.stringify(list.values)].join('|');
    return this.cachedLists.read(key, read);
  }

  /** The body of the row with this id (the caller checked it is of the key's type), or undefined. */
  async find(id: string): Promise<Response | undefined> {
    const { from, columns, id: key, idType = 'uuid' } = this.source;
    const [row] = await this.sql<Row>(`SELECT ${columns} FROM ${from} WHERE ${key} = $1::${idType}`, [id]);
    return row && this.toResponse(row, this.api);
  }

  /** The body of a row the caller read or wrote itself (e.g. one just created). */
  bodyOf(row: Row): Response {
    return this.toResponse(row, this.api);
  }

  /** The API base path (`/pulp/api/v3/`). */
  protected get api(): string {
    return `${this.settings.API_ROOT}api/v3/`;
  }
}
