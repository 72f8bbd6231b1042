import { Injectable } from '@nestjs/common';
import {
  columnOrdering,
  durationString,
  fieldFilters,
  type FilterSet,
  identityFilters,
  type RowSource,
  RowView,
} from '@pulp/rest';
import type { TaskScheduleResponse } from './task-schedule.dto';

interface TaskScheduleRow {
  pulp_id: string;
  pulp_created: Date;
  pulp_last_updated: Date;
  name: string;
  task_name: string;
  interval_seconds: number | null;
  next_dispatch: Date | null;
  last_task_id: string | null;
}

const TASK_SCHEDULES: RowSource = {
  id: 's.pulp_id',
  from: 'core_taskschedule s',
  columns: 's.*, extract(epoch FROM s.dispatch_interval)::float8 AS interval_seconds',
  scope: { objects: { model: 'core.taskschedule', id: 's.pulp_id', domain: 's.pulp_domain_id' } },
};

/** Pulp's TaskScheduleFilter. */
export const TASK_SCHEDULE_FILTERS: FilterSet = {
  filters: {
    ...fieldFilters('name', 's.name', 'text', ['exact', 'contains']),
    ...fieldFilters('task_name', 's.task_name', 'text', ['exact', 'contains']),
    ...identityFilters('s.pulp_id', 'core.taskschedule'),
  },
  ordering: columnOrdering('s', [
    'pulp_id',
    'pulp_created',
    'pulp_last_updated',
    'name',
    'next_dispatch',
    'dispatch_interval',
    'task_name',
  ]),
  defaultOrder: 's.pulp_created DESC, s.pulp_id DESC',
};

@Injectable()
export class TaskScheduleViewService extends RowView<TaskScheduleRow, TaskScheduleResponse> {
  protected readonly source = TASK_SCHEDULES;

  protected toResponse(row: TaskScheduleRow, api: string): TaskScheduleResponse {
    return {
      pulp_href: `${api}task-schedules/${row.pulp_id}/`,
      prn: `prn:core.taskschedule:${row.pulp_id}`,
      pulp_created: row.pulp_created.toISOString(),
      pulp_last_updated: row.pulp_last_updated.toISOString(),
      name: row.name,
      task_name: row.task_name,
      dispatch_interval: row.interval_seconds === null ? null : durationString(row.interval_seconds),
      next_dispatch: row.next_dispatch?.toISOString() ?? null,
      last_task: row.last_task_id && `${api}tasks/${row.last_task_id}/`,
    };
  }
}
