import { Module } from '@nestjs/common';
import { StorageModule } from '@pulp/storage';
import { ARTIFACT_STORE_PROVIDER } from './artifacts/artifact-store.provider';
import { ArtifactViewService } from './artifacts/artifact-view.service';
import { ArtifactsController } from './artifacts/artifacts.controller';

/** pulpcore-api's core content endpoints: artifacts, uploads, generic lists, orphans. */
@Module({
  imports: [StorageModule],
  controllers: [ArtifactsController],
  providers: [ARTIFACT_STORE_PROVIDER, ArtifactViewService],
})
export class ContentApiModule {}
