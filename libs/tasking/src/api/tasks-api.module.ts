import { Module } from '@nestjs/common';
import { TaskGroupViewService } from './task-group-view.service';
import { TaskGroupsController } from './task-groups.controller';
import { TaskScheduleViewService } from './task-schedule-view.service';
import { TaskSchedulesController } from './task-schedules.controller';
import { TasksController } from './tasks.controller';
import { TaskViewService } from './task-view.service';
import { WorkerViewService } from './worker-view.service';
import { WorkersController } from './workers.controller';

/** The tasking endpoints of the REST API: tasks, task groups, task schedules, workers (needs TaskingModule). */
@Module({
  controllers: [TasksController, TaskGroupsController, TaskSchedulesController, WorkersController],
  providers: [TaskViewService, TaskGroupViewService, TaskScheduleViewService, WorkerViewService],
})
export class TasksApiModule {}
