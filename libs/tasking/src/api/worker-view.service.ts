import { Inject, Injectable } from '@nestjs/common';
import { PulpSettings } from '@pulp/config';
import {
  columnOrdering,
  DATETIME_LOOKUPS,
  NAME_LOOKUPS,
  fetchPage,
  fieldFilters,
  identityFilters,
  parseBoolean,
  type FilterSet,
  type ListQuery,
} from '@pulp/rest';
import { sqlOf, type PgPoolLike, type Sql } from '../sql';
import { TASK_POOL } from '../tasking.constants';
import type { WorkerResponse } from './worker.dto';

interface WorkerRow {
  pulp_id: string;
  pulp_created: Date;
  pulp_last_updated: Date;
  name: string;
  last_heartbeat: Date;
  versions: Record<string, string | null>;
  current_task: string | null;
}

const ONLINE = 'w.last_heartbeat >= now() - w.ttl';

/** Workers are the app statuses of worker processes, with the task each one holds. */
const WORKERS = {
  from: "(SELECT * FROM core_appstatus WHERE app_type = 'worker') w",
  columns: `w.*, (SELECT t.pulp_id::text FROM core_task t
                   WHERE t.app_lock_id = w.pulp_id AND t.state IN ('running', 'canceling') LIMIT 1) AS current_task`,
};

/** Pulp's WorkerFilter (online = heartbeat within the process's own TTL). */
export const WORKER_FILTERS: FilterSet = {
  filters: {
    ...fieldFilters('name', 'w.name', 'text', NAME_LOOKUPS),
    ...fieldFilters('last_heartbeat', 'w.last_heartbeat', 'datetime', DATETIME_LOOKUPS),
    online: { schema: { type: 'boolean' }, where: (raw) => (parseBoolean(raw) ? ONLINE : `NOT (${ONLINE})`) },
    missing: { schema: { type: 'boolean' }, where: (raw) => (parseBoolean(raw) ? `NOT (${ONLINE})` : ONLINE) },
    ...identityFilters('w.pulp_id', 'core.appstatus'),
  },
  ordering: columnOrdering('w', [
    'pulp_id',
    'pulp_created',
    'pulp_last_updated',
    'app_type',
    'name',
    'versions',
    'ttl',
    'last_heartbeat',
  ]),
  defaultOrder: 'w.pulp_created DESC, w.pulp_id DESC',
};

@Injectable()
export class WorkerViewService {
  private readonly sql: Sql;

  constructor(
    @Inject(TASK_POOL) pool: PgPoolLike,
    private readonly settings: PulpSettings,
  ) {
    this.sql = sqlOf(pool);
  }

  async list(list: ListQuery): Promise<{ count: number; results: WorkerResponse[] }> {
    const { count, rows } = await fetchPage<WorkerRow>(this.sql, WORKERS, list);
    return { count, results: rows.map((row) => this.toResponse(row)) };
  }

  async find(id: string): Promise<WorkerResponse | undefined> {
    const [row] = await this.sql<WorkerRow>(
      `SELECT ${WORKERS.columns} FROM ${WORKERS.from} WHERE w.pulp_id = $1::uuid`,
      [id],
    );
    return row && this.toResponse(row);
  }

  private toResponse(row: WorkerRow): WorkerResponse {
    const api = `${this.settings.API_ROOT}api/v3/`;
    return {
      pulp_href: `${api}workers/${row.pulp_id}/`,
      prn: `prn:core.appstatus:${row.pulp_id}`,
      pulp_created: row.pulp_created.toISOString(),
      pulp_last_updated: row.pulp_last_updated.toISOString(),
      name: row.name,
      last_heartbeat: row.last_heartbeat.toISOString(),
      versions: row.versions,
      current_task: row.current_task && `${api}tasks/${row.current_task}/`,
    };
  }
}
