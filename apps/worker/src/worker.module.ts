import { Module, type DynamicModule } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { AnalyticsTasksModule } from '@pulp/analytics';
import { SettingsModule } from '@pulp/config';
import { AppStatusModule, ContentTasksModule, type ProcessContext, type ProcessIdentity } from '@pulp/core';
import { DatabaseModule } from '@pulp/database';
import { PluginsModule, type PluginDefinition } from '@pulp/plugin-api';
import { fencedPool, TaskingModule, TaskRunnerModule } from '@pulp/tasking';
import { TelemetryModule } from '@pulp/telemetry/nest';
import { TaskProcess } from './task-process';
import { WORKER_OPTIONS, type WorkerOptions } from './worker.constants';
import { WorkerHousekeeping } from './worker-housekeeping';
import { WorkerLoop } from './worker-loop';

/** pulpcore-worker: heartbeat, housekeeping and the task loop; tasks themselves run in the task process. */
@Module({})
export class WorkerModule {
  static forRoot(context: ProcessContext, identity: ProcessIdentity, options: WorkerOptions): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        SettingsModule.forRoot(context.loaded.settings),
        TelemetryModule,
        DatabaseModule.forRoot(context.dataSource, context.encryption),
        AppStatusModule.forRoot(identity, context.components),
        TaskingModule,
        ScheduleModule.forRoot(),
      ],
      providers: [WorkerHousekeeping, TaskProcess, WorkerLoop, { provide: WORKER_OPTIONS, useValue: options }],
    };
  }
}

/**
 * The worker's task process (src/pulpcore-task-runner.ts): core's task handlers and each plugin's
 * worker module, and the executor that runs the tasks the worker hands over. Its pool is fenced:
 * whatever a handler writes, through its context or any service, commits only while its task runs
 * for this worker (see docs/tasking.md).
 */
@Module({})
export class TaskProcessModule {
  static forRoot(context: ProcessContext, plugins: readonly PluginDefinition[]): DynamicModule {
    return {
      module: TaskProcessModule,
      imports: [
        SettingsModule.forRoot(context.loaded.settings),
        TelemetryModule,
        DatabaseModule.forRoot(context.dataSource, context.encryption, fencedPool),
        TaskingModule,
        TaskRunnerModule,
        ContentTasksModule.forRoot(plugins.flatMap((plugin) => plugin.detailTypes ?? [])),
        AnalyticsTasksModule.forRoot(context.components),
        PluginsModule.forRoot(plugins, 'worker'),
      ],
    };
  }
}
