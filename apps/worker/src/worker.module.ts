import { Module, type DynamicModule } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { SettingsModule } from '@pulp/config';
import { AppStatusModule, type ProcessContext, type ProcessIdentity } from '@pulp/core';
import { DatabaseModule } from '@pulp/database';
import { PluginsModule, type PluginDefinition } from '@pulp/plugin-api';
import { MissingAppsCleaner } from './missing-apps.cleaner';

/** pulpcore-worker: heartbeat and housekeeping now; the task loop joins with the tasking system. */
@Module({})
export class WorkerModule {
  static forRoot(
    context: ProcessContext,
    identity: ProcessIdentity,
    plugins: readonly PluginDefinition[],
  ): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        SettingsModule.forRoot(context.loaded.settings),
        DatabaseModule.forRoot(context.dataSource),
        AppStatusModule.forRoot(identity, context.components),
        ScheduleModule.forRoot(),
        PluginsModule.forRoot(plugins, 'worker'),
      ],
      providers: [MissingAppsCleaner],
    };
  }
}
