import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { MemberPlaceholder } from '@pulp/http';
import {
  ApiList,
  isUuid,
  listResponse,
  orNotFound,
  selectFields,
  type FieldSelection,
  type Page,
  type RawQuery,
} from '@pulp/rest';
import { TaskScheduleResponse } from './task-schedule.dto';
import { TASK_SCHEDULE_FILTERS, TaskScheduleViewService } from './task-schedule-view.service';
import { AccessPolicy, RoleEndpoints } from '@pulp/rbac';

const DESCRIPTION = 'ViewSet to monitor task schedules.';

/** `task-schedules/`: the periodic dispatches (read-only; code and settings define them); their object roles. */
@ApiTags('Task-Schedules')
@MemberPlaceholder('task_schedule_href')
@AccessPolicy('task-schedules')
@Controller('task-schedules')
export class TaskSchedulesController extends RoleEndpoints({
  operationPrefix: 'task_schedules',
  placeholder: 'task_schedule_href',
  contentType: 'core.taskschedule',
  table: 'core_taskschedule',
}) {
  constructor(private readonly schedules: TaskScheduleViewService) {
    super();
  }

  @Get()
  @ApiOperation({ operationId: 'task_schedules_list', summary: 'List task schedules', description: DESCRIPTION })
  @ApiList(TaskScheduleResponse, TASK_SCHEDULE_FILTERS)
  async list(@Query() query: RawQuery, @Req() request: FastifyRequest): Promise<Page<Partial<TaskScheduleResponse>>> {
    return listResponse(request, query, TASK_SCHEDULE_FILTERS, (list) => this.schedules.list(list));
  }

  @Get(':pulp_id')
  @ApiOperation({ operationId: 'task_schedules_read', summary: 'Inspect a task schedule', description: DESCRIPTION })
  @ApiOkResponse({ type: TaskScheduleResponse, description: '' })
  async read(@Param('pulp_id') id: string, @Query() query: FieldSelection): Promise<Partial<TaskScheduleResponse>> {
    return selectFields(await this.found(id), query);
  }

  /** The schedule's body, or Pulp's 404 (also for an id that is no uuid). */
  override async found(id: string): Promise<TaskScheduleResponse> {
    return orNotFound(isUuid(id) && (await this.schedules.find(id)), 'TaskSchedule');
  }
}
