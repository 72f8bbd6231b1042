import { Inject, Optional } from '@nestjs/common';
import { currentDomain, currentDomainName } from '@pulp/domains/domain-context';
import { PulpSettings, resourceApiPath } from '@pulp/config';
import { PG_POOL, sqlOf, type PgPoolLike, type Sql } from '@pulp/database';
import { CachedLists } from './cached-lists';
import { fetchPage } from './fetch-page';
import type { ListQuery } from './list-query';
import { ROW_SCOPES, type RowScope, type RowScopes } from './row-scope';
import { SqlParams } from './sql-params';

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
  /** How the rows are scoped to the caller of a request whose access policy scopes querysets; none: never. */
  scope?: RowScope;
  /**
   * The rows' domain column (`r.pulp_domain_id`), when their scope does not name it: in a domain (a
   * request to `/pulp/<domain>/api/v3/`) only its rows are found. None for what is outside domains
   * (users, roles, workers, domains).
   */
  domain?: string;
}

/** A resource read straight from SQL: one page of bodies, or one by id. */
export abstract class RowView<Row, Response> {
  protected readonly sql: Sql;

  @Optional()
  @Inject(CachedLists)
  private readonly cachedLists?: CachedLists;

  @Optional()
  @Inject(ROW_SCOPES)
  private readonly scopes?: RowScopes;

  constructor(
    @Inject(PG_POOL) pool: PgPoolLike,
    protected readonly settings: PulpSettings,
  ) {
    this.sql = sqlOf(pool);
  }

  protected abstract readonly source: RowSource;

  /** A row's API body; `api` is the API base path (`/pulp/api/v3/`). */
  protected abstract toResponse(row: Row, api: string): Response;

  async list(query: ListQuery): Promise<{ count: number; results: Response[] }> {
    const list = await this.scoped(query);
    const read = async () => {
      const { count, rows } = await fetchPage<Row>(this.sql, this.source, list);
      return { count, results: rows.map((row) => this.toResponse(row, this.api)) };
    };
    // A filter reading the clock (`orphaned_for`) changes its answer without any table changing.
    if (!this.source.cached || !this.cachedLists || list.where.includes('now()')) {
      return read();
    }
    // The scope is in `where` and `values` (the caller's id among them): callers never share a page.
    const { from, id } = this.source;
    const key = [from, id, list.where, list.orderBy, list.limit, list.offset, JSON.stringify(list.values)].join('|');
    return this.cachedLists.read(key, read);
  }

  /** The body of the row with this id (the caller checked it is of the key's type) if the caller may see it, or undefined. */
  async find(id: string): Promise<Response | undefined> {
    return this.read(id, true);
  }

  /**
   * The body of a row the request has just created, whether or not the caller may see it: Pulp
   * answers a create from the new object itself, not through the scoped queryset (a creation hook
   * need not give the creator a view permission).
   */
  async created(id: string): Promise<Response | undefined> {
    return this.read(id, false);
  }

  private async read(id: string, scoped: boolean): Promise<Response | undefined> {
    const { from, columns, id: key, idType = 'uuid' } = this.source;
    const params = new SqlParams(1);
    const scope = scoped ? await this.scopeCondition(params) : undefined;
    const [row] = await this.sql<Row>(
      `SELECT ${columns} FROM ${from} WHERE ${key} = $1::${idType}${scope ? ` AND (${scope})` : ''}`,
      [id, ...params.values],
    );
    return row && this.toResponse(row, this.api);
  }

  /** The list query restricted to the rows the caller may see, in SQL: counts, pages and ordering stay right. */
  private async scoped(list: ListQuery): Promise<ListQuery> {
    const params = new SqlParams(list.values.length);
    const scope = await this.scopeCondition(params);
    return scope
      ? { ...list, where: `(${list.where}) AND (${scope})`, values: [...list.values, ...params.values] }
      : list;
  }

  /** The current domain's rows (in SQL, before any other condition), then the caller's. */
  private async scopeCondition(params: SqlParams): Promise<string | undefined> {
    const { scope } = this.source;
    const column = this.source.domain ?? (scope && 'objects' in scope ? scope.objects.domain : undefined);
    const domain = currentDomain();
    const inDomain = domain && column ? `${column} = ${params.add(domain.id, 'uuid')}` : undefined;
    const seen = scope && this.scopes ? await this.scopes.condition(scope, params) : undefined;
    return inDomain && seen ? `${inDomain} AND (${seen})` : (inDomain ?? seen);
  }

  /** The body of a row the caller read or wrote itself (e.g. one just created). */
  bodyOf(row: Row): Response {
    return this.toResponse(row, this.api);
  }

  /** The API base path (`/pulp/api/v3/`). */
  protected get api(): string {
    return resourceApiPath(this.settings, currentDomainName());
  }
}
