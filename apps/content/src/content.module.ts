import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { SettingsModule } from '@pulp/config';
import { AppStatusModule, type ProcessContext, type ProcessIdentity } from '@pulp/core';
import { DatabaseModule } from '@pulp/database';
import { PulpExceptionFilter } from '@pulp/http';
import { PluginsModule, type PluginDefinition } from '@pulp/plugin-api';
import { ContentRootController } from './root/content-root.controller';

/** pulpcore-content: serves distributions under CONTENT_PATH_PREFIX, with plugins' content handlers. */
@Module({})
export class ContentModule {
  static forRoot(
    context: ProcessContext,
    identity: ProcessIdentity,
    plugins: readonly PluginDefinition[],
  ): DynamicModule {
    return {
      module: ContentModule,
      imports: [
        SettingsModule.forRoot(context.loaded.settings),
        DatabaseModule.forRoot(context.dataSource),
        AppStatusModule.forRoot(identity, context.components),
        PluginsModule.forRoot(plugins, 'content'),
      ],
      controllers: [ContentRootController],
      providers: [{ provide: APP_FILTER, useClass: PulpExceptionFilter }],
    };
  }
}
