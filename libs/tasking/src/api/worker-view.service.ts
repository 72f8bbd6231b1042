import { Injectable } from '@nestjs/common';
import { columnOrdering, DATETIME_LOOKUPS, fieldFilters, type FilterSet, identityFilters, NAME_LOOKUPS, parseBoolean, type RowSource, RowView } from '@pulp/rest';
import type { WorkerResponse } from './worker.dto';

interface WorkerRow {
  pulp_id: string;
  pulp_created: Date;
  pulp_last_updated: Date;
  name: string;
  last_heartbeat: Date;
  versions: Record<string, string>;
  current_task: string | null;
}

const ONLINE = 'w.last_heartbeat >= now() - w.ttl';

/** Workers are the app statuses of worker processes, with the task each one holds. */
const WORKERS: RowSource = {
  id: 'w.pulp_id',
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
export class WorkerViewService extends RowView<WorkerRow, WorkerResponse> {
  protected readonly source = WORKERS;

  protected toResponse(row: WorkerRow, api: string): WorkerResponse {
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
