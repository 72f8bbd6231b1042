import { Inject, Injectable } from '@nestjs/common';
import { PulpSettings } from '@pulp/config';
import {
  columnOrdering,
  durationString,
  fetchPage,
  fieldFilters,
  identityFilters,
  type FilterSet,
  type ListQuery,
} from '@pulp/rest';
import { sqlOf, type PgPoolLike, type Sql } from '../sql';
import { TASK_POOL } from '../tasking.constants';
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

const TASK_SCHEDULES = {
  from: 'core_taskschedule s',
  columns: 's.*, extract(epoch FROM s.dispatch_interval)::float8 AS interval_seconds',
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
export class TaskScheduleViewService {
  private readonly sql: Sql;

  constructor(
    @Inject(TASK_POOL) pool: PgPoolLike,
    private readonly settings: PulpSettings,
  ) {
    this.sql = sqlOf(pool);
  }

  async list(list: ListQuery): Promise<{ count: number; results: TaskScheduleResponse[] }> {
    const { count, rows } = await fetchPage<TaskScheduleRow>(this.sql, TASK_SCHEDULES, list);
    return { count, results: rows.map((row) => this.toResponse(row)) };
  }

  async find(id: string): Promise<TaskScheduleResponse | undefined> {
    const [row] = await this.sql<TaskScheduleRow>(
      `SELECT ${TASK_SCHEDULES.columns} FROM ${TASK_SCHEDULES.from} WHERE s.pulp_id = $1::uuid`,
      [id],
    );
    return row && this.toResponse(row);
  }

  private toResponse(row: TaskScheduleRow): TaskScheduleResponse {
    const api = `${this.settings.API_ROOT}api/v3/`;
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
