import { Module, type DynamicModule } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { SettingsModule } from '@pulp/config';
import {
  AppStatusModule,
  ARTIFACT_STORE_PROVIDER,
  ContentGuardsModule,
  type ProcessContext,
  type ProcessIdentity,
} from '@pulp/core';
import { DatabaseModule, TableChangesModule } from '@pulp/database';
import { PluginsModule, type PluginDefinition } from '@pulp/plugin-api';
import { DomainStoragesModule } from '@pulp/domains';
import { TelemetryModule } from '@pulp/telemetry/nest';
import { OnDemandStreamer } from './on-demand/on-demand-streamer';
import { ResponseCache } from './response-cache/response-cache';
import { ArtifactSender } from './serving/artifact-sender';
import { ContentServer } from './serving/content-server';
import { DatabaseOutage } from './serving/database-outage';
import { DistributionIndex } from './serving/distribution-index';
import { GuardCheck } from './serving/guard-check';
import { ServedBytes } from './serving/served-bytes';
import { ServedContent } from './serving/served-content';
import { ServedTables } from './serving/served-tables';
import { ServingHooks } from './serving/serving-hooks';

/** pulpcore-content: serves distributions under CONTENT_PATH_PREFIX, with plugins' serving hooks. */
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
        TelemetryModule,
        DatabaseModule.forRoot(context.dataSource, context.encryption),
        TableChangesModule,
        AppStatusModule.forRoot(identity, context.components),
        DomainStoragesModule,
        DiscoveryModule,
        ContentGuardsModule,
        PluginsModule.forRoot(plugins, 'content'),
      ],
      providers: [
        DatabaseOutage,
        ServedTables,
        ARTIFACT_STORE_PROVIDER,
        GuardCheck,
        DistributionIndex,
        ServedContent,
        ServingHooks,
        ServedBytes,
        ArtifactSender,
        OnDemandStreamer,
        ContentServer,
        ...(context.loaded.settings.CACHE_ENABLED ? [ResponseCache] : []),
      ],
    };
  }
}
