import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { SettingsModule } from '@pulp/config';
import { AppStatusModule, ContentApiModule, StatusModule, type ProcessContext, type ProcessIdentity } from '@pulp/core';
import { DatabaseModule } from '@pulp/database';
import { PulpExceptionFilter } from '@pulp/http';
import { PluginsModule, type PluginDefinition } from '@pulp/plugin-api';
import { RbacApiModule, RbacModule } from '@pulp/rbac';
import { CachedListsModule } from '@pulp/rest';
import { TaskingModule, TasksApiModule } from '@pulp/tasking';
import { TelemetryModule } from '@pulp/telemetry/nest';
import { LivezController } from './livez/livez.controller';
import { AuthLoginController } from './login/auth-login.controller';
import { LoginController } from './login/login.controller';
import { OpenApiController } from './openapi/openapi.controller';
import { OpenApiDocumentService } from './openapi/openapi-document.service';

/** pulpcore-api: core endpoints plus each plugin's API module. */
@Module({})
export class ApiModule {
  static forRoot(
    context: ProcessContext,
    identity: ProcessIdentity,
    plugins: readonly PluginDefinition[],
  ): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        SettingsModule.forRoot(context.loaded.settings),
        TelemetryModule,
        DatabaseModule.forRoot(context.dataSource, context.encryption),
        AppStatusModule.forRoot(identity, context.components),
        RbacModule,
        RbacApiModule.forRoot(plugins.flatMap((plugin) => plugin.rbac ?? [])),
        StatusModule,
        TaskingModule,
        TasksApiModule,
        CachedListsModule,
        ContentApiModule.forRoot(plugins.flatMap((plugin) => plugin.detailTypes ?? [])),
        PluginsModule.forRoot(plugins, 'api'),
      ],
      controllers: [LivezController, LoginController, AuthLoginController, OpenApiController],
      providers: [OpenApiDocumentService, { provide: APP_FILTER, useClass: PulpExceptionFilter }],
    };
  }
}
