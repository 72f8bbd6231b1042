import { Injectable } from '@nestjs/common';
import { RowView, type RowSource } from '@pulp/rest';
import { TASK_STATES } from '../task-states';
import type { GroupProgressReportResponse, TaskGroupResponse } from './task-group.dto';
import { minimalTask, TASK_OBJECTS, type MinimalTaskRow } from './task-view.service';

interface TaskGroupRow {
  pulp_id: string;
  description: string;
  all_tasks_dispatched: boolean;
  group_progress_reports: GroupProgressReportResponse[];
  tasks: MinimalTaskRow[];
}

/** A group with its group progress reports and its tasks (oldest first), which the body also counts per state. */
const TASK_GROUPS: RowSource = {
  id: 'g.pulp_id',
  from: 'core_taskgroup g',
  domain: 'g.pulp_domain_id',
  columns: `g.pulp_id, g.description, g.all_tasks_dispatched,
    coalesce((SELECT json_agg(json_build_object('message', r.message, 'code', r.code, 'total', r.total,
                                                'done', r.done, 'suffix', r.suffix) ORDER BY r.pulp_created)
                FROM core_groupprogressreport r WHERE r.task_group_id = g.pulp_id), '[]') AS group_progress_reports,
    coalesce((SELECT json_agg(json_build_object('pulp_id', t.pulp_id, 'pulp_created', t.pulp_created,
                                                'pulp_last_updated', t.pulp_last_updated, 'state', t.state,
                                                'name', t.name, 'unblocked_at', t.unblocked_at,
                                                'started_at', t.started_at, 'finished_at', t.finished_at)
                              ORDER BY t.pulp_created)
                FROM core_task t WHERE t.task_group_id = g.pulp_id), '[]') AS tasks`,
  // A group is seen with one of its top-level tasks.
  scope: {
    through: { ...TASK_OBJECTS, from: 'core_task t' },
    link: (visible) =>
      `EXISTS (SELECT 1 FROM core_task gt WHERE gt.task_group_id = g.pulp_id AND gt.parent_task_id IS NULL${
        visible ? ` AND gt.pulp_id IN (${visible})` : ''
      })`,
  },
};

@Injectable()
export class TaskGroupViewService extends RowView<TaskGroupRow, TaskGroupResponse> {
  protected readonly source = TASK_GROUPS;

  protected toResponse(row: TaskGroupRow, api: string): TaskGroupResponse {
    return {
      pulp_href: `${api}task-groups/${row.pulp_id}/`,
      prn: `prn:core.taskgroup:${row.pulp_id}`,
      description: row.description,
      all_tasks_dispatched: row.all_tasks_dispatched,
      ...Object.fromEntries(
        TASK_STATES.map((state) => [state, row.tasks.filter((task) => task.state === state).length]),
      ),
      group_progress_reports: row.group_progress_reports,
      tasks: row.tasks.map((task) => minimalTask(task, api)),
    } as TaskGroupResponse;
  }
}
