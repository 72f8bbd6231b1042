import { Body, Controller, Get, Param, Patch, Query, Req, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { MemberPlaceholder } from '@pulp/http';
import {
  ApiList,
  isUuid,
  listResponse,
  readResponse,
  orNotFound,
  type FieldSelection,
  type Page,
  type RawQuery,
} from '@pulp/rest';
import { TaskQueue } from '../task-queue';
import { TaskGroupResponse } from './task-group.dto';
import { TaskGroupViewService } from './task-group-view.service';
import { assertCancelRequest, TaskCancelDto } from './task.dto';
import { AccessAction, AccessPolicy } from '@pulp/rbac';

/** `task-groups/`: tasks dispatched together, counted per state; cancel them all at once. */
@ApiTags('Task-Groups')
@MemberPlaceholder('task_group_href')
@AccessPolicy('task-groups')
@Controller('task-groups')
export class TaskGroupsController {
  constructor(
    private readonly groups: TaskGroupViewService,
    private readonly queue: TaskQueue,
  ) {}

  @Get()
  @ApiOperation({ operationId: 'task_groups_list', summary: 'List task groups' })
  @ApiList(TaskGroupResponse)
  async list(@Query() query: RawQuery, @Req() request: FastifyRequest): Promise<Page<Partial<TaskGroupResponse>>> {
    return listResponse(request, query, undefined, (list) => this.groups.list(list));
  }

  @Get(':pulp_id')
  @ApiOperation({ operationId: 'task_groups_read', summary: 'Inspect a task group' })
  @ApiOkResponse({ type: TaskGroupResponse, description: '' })
  async read(@Param('pulp_id') id: string, @Query() query: FieldSelection): Promise<Partial<TaskGroupResponse>> {
    return readResponse(this.groups, id, query, 'TaskGroup');
  }

  /** 200 with the group once its tasks are canceled; 409 with it when some task still waits or runs. */
  // Pulp cancels through the viewset's partial_update, renamed in the schema only.
  @Patch(':pulp_id')
  @AccessAction('partial_update')
  @ApiOperation({
    operationId: 'task_groups_cancel',
    summary: 'Cancel a task group',
    description: 'This operation cancels a task group.',
  })
  @ApiConsumes('application/json', 'application/x-www-form-urlencoded', 'multipart/form-data')
  @ApiOkResponse({ type: TaskGroupResponse, description: '' })
  @ApiConflictResponse({ type: TaskGroupResponse, description: '' })
  async cancel(
    @Param('pulp_id') id: string,
    @Body() body: TaskCancelDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TaskGroupResponse> {
    assertCancelRequest(body);
    orNotFound(isUuid(id) && (await this.groups.find(id)), 'TaskGroup');
    await this.queue.cancelTaskGroup(id);
    const group = orNotFound(await this.groups.find(id), 'TaskGroup');
    if (group.waiting + group.running > 0) {
      void reply.status(409);
    }
    return group;
  }
}
