import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Query, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiConsumes,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { PulpError, PulpValidationError } from '@pulp/errors';
import { MemberPlaceholder, selectFields } from '@pulp/http';
import { TaskQueue } from '../task-queue';
import { FINAL_STATES, type TaskState } from '../task-states';
import { TaskCancelDto, TaskResponse } from './task.dto';
import { TaskViewService } from './task-view.service';

const notFound = () => new PulpError('not-found', 'PLP0404', 'No Task matches the given query.');

/** `tasks/<id>/`: show, cancel and delete a task. */
@ApiTags('Tasks')
@MemberPlaceholder('task_href')
@Controller('tasks')
export class TasksController {
  constructor(
    private readonly tasks: TaskViewService,
    private readonly queue: TaskQueue,
  ) {}

  @Get(':pulp_id')
  @ApiOperation({ operationId: 'tasks_read', summary: 'Inspect a task' })
  @ApiOkResponse({ type: TaskResponse, description: '' })
  async read(
    @Param('pulp_id') id: string,
    @Query() query: { fields?: string | string[]; exclude_fields?: string | string[] },
  ): Promise<Partial<TaskResponse>> {
    return selectFields((await this.tasks.find(id)) ?? throwError(notFound()), query);
  }

  /** 200 with the task once it is canceling or canceled; 409 with the task when it had already ended. */
  @Patch(':pulp_id')
  @ApiOperation({
    operationId: 'tasks_cancel',
    summary: 'Cancel a task',
    description: 'This operation cancels a task.',
  })
  @ApiOkResponse({ type: TaskResponse, description: '' })
  @ApiConflictResponse({ type: TaskResponse, description: '' })
  @ApiConsumes('application/json', 'application/x-www-form-urlencoded', 'multipart/form-data')
  async cancel(
    @Param('pulp_id') id: string,
    @Body() body: TaskCancelDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TaskResponse> {
    if (body?.state === undefined) {
      throw new PulpValidationError({ state: ['This field is required.'] });
    }
    if (body.state !== 'canceled') {
      throw new PulpValidationError({ state: ["The only acceptable value for 'state' is 'canceled'."] });
    }
    const state = (await this.tasks.find(id)) ? await this.queue.cancel(id) : undefined;
    if (state === undefined) {
      throw notFound();
    }
    if (FINAL_STATES.includes(state) && state !== 'canceled') {
      void reply.status(409);
    }
    return (await this.tasks.find(id))!;
  }

  @Delete(':pulp_id')
  @HttpCode(204)
  @ApiOperation({ operationId: 'tasks_delete', summary: 'Delete a task' })
  @ApiNoContentResponse({ description: 'No response body' })
  async delete(@Param('pulp_id') id: string): Promise<void> {
    const task = (await this.tasks.find(id)) ?? throwError(notFound());
    if (!FINAL_STATES.includes(task.state as TaskState)) {
      throw new PulpError('conflict', 'PLP0409', 'Cannot delete a task that is waiting, running or canceling.');
    }
    await this.queue.delete(id);
  }
}

function throwError(error: Error): never {
  throw error;
}
