import { Module } from '@nestjs/common';
import { TasksController } from './tasks.controller';
import { TaskViewService } from './task-view.service';

/** The task endpoints of the REST API (needs TaskingModule in the application). */
@Module({ controllers: [TasksController], providers: [TaskViewService] })
export class TasksApiModule {}
