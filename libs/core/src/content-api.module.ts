import { Module } from '@nestjs/common';
import { StorageModule } from '@pulp/storage';
import { ARTIFACT_STORE_PROVIDER } from './artifacts/artifact-store.provider';
import { ArtifactViewService } from './artifacts/artifact-view.service';
import { ArtifactsController } from './artifacts/artifacts.controller';
import { RepairController } from './repair/repair.controller';
import { UploadViewService } from './uploads/upload-view.service';
import { UploadsController } from './uploads/uploads.controller';

/** pulpcore-api's core content endpoints: artifacts, uploads, generic lists, orphans. */
@Module({
  imports: [StorageModule],
  controllers: [ArtifactsController, UploadsController, RepairController],
  providers: [ARTIFACT_STORE_PROVIDER, ArtifactViewService, UploadViewService],
})
export class ContentApiModule {}
