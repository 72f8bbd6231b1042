import { Injectable } from '@nestjs/common';
import { RowView, type ObjectScope, type RowSource } from '@pulp/rest';
import type { MinimalTaskResponse, ProgressReportResponse, TaskResponse } from './task.dto';

/** Tasks are seen by `core.view_task` (their dispatcher holds it through core.task_owner). */
export const TASK_OBJECTS: ObjectScope = { model: 'core.task', id: 't.pulp_id', domain: 't.pulp_domain_id' };

interface TaskRow {
  pulp_id: string;
  pulp_created: Date;
  pulp_last_updated: Date;
  state: string;
  name: string;
  logging_cid: string;
  created_by_id: number | null;
  unblocked_at: Date | null;
  started_at: Date | null;
  finished_at: Date | null;
  error: Record<string, unknown> | null;
  parent_task_id: string | null;
  task_group_id: string | null;
  reserved_resources_record: string[];
  result: unknown;
  child_tasks: string[];
  created_resources: string[];
  progress_reports: ProgressReportResponse[];
}

/** A task row with what its API body lists: children, created resources, progress reports. */
const TASK_COLUMNS = `t.*,
  array(SELECT c.pulp_id::text FROM core_task c WHERE c.parent_task_id = t.pulp_id ORDER BY c.pulp_created)
    AS child_tasks,
  array(SELECT r.api_path FROM core_createdresource r WHERE r.task_id = t.pulp_id ORDER BY r.pulp_created)
    AS created_resources,
  coalesce((SELECT json_agg(json_build_object('message', p.message, 'code', p.code, 'state', p.state,
                                              'total', p.total, 'done', p.done, 'suffix', p.suffix)
                            ORDER BY p.pulp_created)
              FROM core_progressreport p WHERE p.task_id = t.pulp_id), '[]') AS progress_reports`;

/** The columns of a task that its minimal body shows (timestamps as Dates or as JSON text). */
export interface MinimalTaskRow {
  pulp_id: string;
  pulp_created: Date | string;
  pulp_last_updated: Date | string;
  state: string;
  name: string;
  unblocked_at: Date | string | null;
  started_at: Date | string | null;
  finished_at: Date | string | null;
}

/** The fields of the minimal body, Pulp's light task representation for polling many tasks. */
export const MINIMAL_TASK_FIELDS = [
  'pulp_href',
  'prn',
  'pulp_created',
  'pulp_last_updated',
  'name',
  'state',
  'unblocked_at',
  'started_at',
  'finished_at',
  'worker',
] as const satisfies ReadonlyArray<keyof MinimalTaskResponse>;

/** A task's minimal body (`?minimal=true`, task groups' `tasks`); `api` is the API base path. */
export function minimalTask(row: MinimalTaskRow, api: string): MinimalTaskResponse {
  const iso = (date: Date | string | null) => (date === null ? null : new Date(date).toISOString());
  return {
    pulp_href: `${api}tasks/${row.pulp_id}/`,
    prn: `prn:core.task:${row.pulp_id}`,
    pulp_created: iso(row.pulp_created)!,
    pulp_last_updated: iso(row.pulp_last_updated)!,
    state: row.state,
    name: row.name,
    unblocked_at: iso(row.unblocked_at),
    started_at: iso(row.started_at),
    finished_at: iso(row.finished_at),
    worker: null,
  };
}

/** Reads tasks as the API shows them: one query per task, with its children, reports and created resources. */
@Injectable()
export class TaskViewService extends RowView<TaskRow, TaskResponse> {
  protected readonly source: RowSource = {
    from: 'core_task t',
    columns: TASK_COLUMNS,
    id: 't.pulp_id',
    scope: { objects: TASK_OBJECTS },
  };

  /**
   * The task's API body, or undefined when no task has this id (the caller checked it is a uuid).
   * A blocked waiting task also says what it waits for (`x_blocked_by`); lists leave that out, as
   * it costs a query per task.
   */
  override async find(
    id: string,
  ): Promise<(TaskResponse & { x_blocked_by?: Array<{ task: string; resource: string }> }) | undefined> {
    const task = await super.find(id);
    return task?.state === 'waiting' && task.unblocked_at === null
      ? { ...task, x_blocked_by: await this.blockers(id) }
      : task;
  }

  /**
   * Why a waiting task waits: per conflicting resource, the earliest incomplete task before it that
   * holds it (exclusively, or at all when this task wants it exclusively). Not in Pulp's schema.
   */
  private async blockers(id: string): Promise<Array<{ task: string; resource: string }>> {
    const rows = await this.sql<{ pulp_id: string; resource: string }>(
      `WITH t AS (SELECT pulp_created, reserved_resources_record AS rrr FROM core_task WHERE pulp_id = $1),
            wanted AS (
              SELECT array(SELECT r FROM t, unnest(t.rrr) r WHERE r NOT LIKE 'shared:%')
                  || array(SELECT 'shared:' || r FROM t, unnest(t.rrr) r WHERE r NOT LIKE 'shared:%')
                  || array(SELECT substr(r, 8) FROM t, unnest(t.rrr) r WHERE r LIKE 'shared:%') AS names)
       SELECT DISTINCT ON (resource) e.pulp_id, regexp_replace(r, '^shared:', '') AS resource
         FROM t, wanted, core_task e, unnest(e.reserved_resources_record) r
        WHERE e.state IN ('waiting', 'running', 'canceling') AND e.pulp_created < t.pulp_created
          AND e.reserved_resources_record && wanted.names AND r = ANY(wanted.names)
        ORDER BY resource, e.pulp_created`,
      [id],
    );
    return rows.map((row) => ({ task: `${this.api}tasks/${row.pulp_id}/`, resource: row.resource }));
  }

  protected toResponse(row: TaskRow, api: string): TaskResponse {
    const task = (id: string) => `${api}tasks/${id}/`;
    return {
      ...minimalTask(row, api),
      logging_cid: row.logging_cid,
      created_by: row.created_by_id === null ? null : `${api}users/${row.created_by_id}/`,
      error: row.error,
      parent_task: row.parent_task_id && task(row.parent_task_id),
      child_tasks: row.child_tasks.map(task),
      task_group: row.task_group_id && `${api}task-groups/${row.task_group_id}/`,
      progress_reports: row.progress_reports,
      created_resources: row.created_resources.map((path) => `${api}${path}`),
      reserved_resources_record: row.reserved_resources_record,
      result: row.result,
    };
  }
}
