import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiConflictResponse,
  ApiConsumes,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { PulpSettings } from '@pulp/config';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PulpError, PulpValidationError } from '@pulp/errors';
import { MemberPlaceholder, ANY_BODY } from '@pulp/http';
import {
  ApiList,
  isUuid,
  listResponse,
  orNotFound,
  parseBoolean,
  PulpBody,
  selectFields,
  type FieldSelection,
  type Page,
  type RawQuery,
} from '@pulp/rest';
import { TaskQueue } from '../task-queue';
import { FINAL_STATES, type TaskState } from '../task-states';
import { AsyncOperationResponse, PurgeDto } from './purge.dto';
import { dispatchAccepted, type RequestUser } from './task-accepted';
import { assertCancelRequest, TaskCancelDto, TaskResponse } from './task.dto';
import { TASK_FILTERS } from './task-filters';
import { MINIMAL_TASK_FIELDS, TaskViewService } from './task-view.service';
import { AccessAction, AccessPolicy, RoleEndpoints } from '@pulp/rbac';

const THIRTY_DAYS_MS = 30 * 24 * 3600 * 1000;

type TaskQuery = FieldSelection & { minimal?: string | string[] };

/**
 * How a query narrows task bodies: Pulp's field selection, after `minimal=true` keeps only the
 * minimal task's fields. A `minimal` that is no boolean is refused before anything is read.
 */
function taskShape(query: TaskQuery): <T extends object>(task: T) => Partial<T> {
  let minimal = false;
  if (query.minimal !== undefined) {
    try {
      minimal = parseBoolean(Array.isArray(query.minimal) ? query.minimal[query.minimal.length - 1] : query.minimal);
    } catch {
      throw new PulpValidationError({ minimal: ['Must be a valid boolean.'] });
    }
  }
  return (task) => selectFields(minimal ? selectFields(task, { fields: [...MINIMAL_TASK_FIELDS] }) : task, query);
}

/** `tasks/`: list, show, cancel and delete tasks; their object roles. */
@ApiTags('Tasks')
@MemberPlaceholder('task_href')
@AccessPolicy('tasks')
@Controller('tasks')
export class TasksController extends RoleEndpoints({
  operationPrefix: 'tasks',
  placeholder: 'task_href',
  contentType: 'core.task',
  table: 'core_task',
}) {
  constructor(
    private readonly tasks: TaskViewService,
    private readonly queue: TaskQueue,
    private readonly settings: PulpSettings,
  ) {
    super();
  }

  /** Dispatches the purge of finished tasks (default: completed ones finished more than 30 days ago). */
  @Post('purge')
  @HttpCode(202)
  @ApiOperation({ operationId: 'tasks_purge', summary: 'Purge Completed Tasks' })
  @ApiConsumes(...ANY_BODY)
  @ApiAcceptedResponse({ type: AsyncOperationResponse, description: '' })
  async purge(@PulpBody() body: PurgeDto, @Req() request: RequestUser): Promise<AsyncOperationResponse> {
    const finishedBefore = body.finished_before ?? new Date(Date.now() - THIRTY_DAYS_MS).toISOString().slice(0, 10);
    if (Number.isNaN(Date.parse(finishedBefore))) {
      throw new PulpValidationError({
        finished_before: [
          'Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].',
        ],
      });
    }
    const states = body.states ?? ['completed'];
    const wrong = states.filter((state) => !FINAL_STATES.includes(state as TaskState));
    if (wrong.length > 0) {
      throw new PulpValidationError({ states: wrong.map((state) => `"${String(state)}" is not a valid choice.`) });
    }
    return dispatchAccepted(this.queue, this.settings, request, 'pulpcore.app.tasks.purge.purge', {
      // Pulp purges only the tasks the requesting user may delete.
      kwargs: { finished_before: finishedBefore, states, user_pk: request.user?.id ?? null },
    });
  }

  @Get()
  @ApiOperation({ operationId: 'tasks_list', summary: 'List tasks' })
  @ApiList(TaskResponse, TASK_FILTERS)
  async list(@Query() query: RawQuery, @Req() request: FastifyRequest): Promise<Page<Partial<TaskResponse>>> {
    const shape = taskShape(query);
    return listResponse(request, query, TASK_FILTERS, (list) => this.tasks.list(list), shape);
  }

  @Get(':pulp_id')
  @ApiOperation({ operationId: 'tasks_read', summary: 'Inspect a task' })
  @ApiOkResponse({ type: TaskResponse, description: '' })
  async read(@Param('pulp_id') id: string, @Query() query: TaskQuery): Promise<Partial<TaskResponse>> {
    const shape = taskShape(query);
    return shape(await this.found(id));
  }

  /** 200 with the task once it is canceling or canceled; 409 with the task when it had already ended. */
  // Pulp cancels through the viewset's partial_update, renamed in the schema only.
  @Patch(':pulp_id')
  @AccessAction('partial_update')
  @ApiOperation({
    operationId: 'tasks_cancel',
    summary: 'Cancel a task',
    description: 'This operation cancels a task.',
  })
  @ApiOkResponse({ type: TaskResponse, description: '' })
  @ApiConflictResponse({ type: TaskResponse, description: '' })
  @ApiConsumes(...ANY_BODY)
  async cancel(
    @Param('pulp_id') id: string,
    @Body() body: TaskCancelDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TaskResponse> {
    assertCancelRequest(body);
    await this.found(id);
    const state = orNotFound(await this.queue.cancel(id), 'Task');
    if (FINAL_STATES.includes(state) && state !== 'canceled') {
      void reply.status(409);
    }
    return this.found(id);
  }

  @Delete(':pulp_id')
  @HttpCode(204)
  @ApiOperation({ operationId: 'tasks_delete', summary: 'Delete a task' })
  @ApiNoContentResponse({ description: 'No response body' })
  async delete(@Param('pulp_id') id: string): Promise<void> {
    const task = await this.found(id);
    if (!FINAL_STATES.includes(task.state as TaskState)) {
      throw new PulpError('conflict', 'PLP0409', 'Cannot delete a task that is waiting, running or canceling.');
    }
    await this.queue.delete(id);
  }

  /** The task's body, or Pulp's 404 (also for an id that is no uuid). */
  override async found(id: string): Promise<TaskResponse> {
    return orNotFound(isUuid(id) && (await this.tasks.find(id)), 'Task');
  }
}
