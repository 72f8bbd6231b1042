import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TaskExecutor } from './task-executor';
import { TaskHandlerRegistry } from './task-handler.registry';
import { PurgeTasks } from './purge.task';
import { TelemetryTasks } from './telemetry.task';
import { TestTasks } from './test-tasks';

/** What the worker's task process needs: the handlers (core's here, plugins' in their worker modules) and the executor. */
@Module({
  imports: [DiscoveryModule],
  providers: [TaskHandlerRegistry, TaskExecutor, TestTasks, PurgeTasks, TelemetryTasks],
  exports: [TaskExecutor],
})
export class TaskRunnerModule {}
