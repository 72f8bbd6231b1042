import { Module, type DynamicModule } from '@nestjs/common';
import { ArtifactStore } from './artifacts/artifact-store';
import { DiscoveryModule } from '@nestjs/core';
import { DomainStoragesModule } from '@pulp/domains';
import { ARTIFACT_STORE_PROVIDER } from './artifacts/artifact-store.provider';
import { UnfinishedWritesSweep } from './artifacts/unfinished-writes-sweep';
import { DetailTypes, type DetailType } from './detail-types/detail-types';
import { DomainMigrationTask } from './domains/domain-migration.task';
import { DomainTasks } from './domains/domain.tasks';
import { DomainView } from './domains/domain-view';
import { OPENPGP_DISTRIBUTION_ENDPOINTS } from './openpgp/openpgp-distribution';
import { OPENPGP_KEYRING_ENDPOINTS } from './openpgp/openpgp-keyring';
import { RepositoryVersionView } from './lists/repository-version-view';
import { MetadataFiles } from './publications/metadata-files';
import { OrphanTasks } from './orphans/orphan.tasks';
import { ReclaimSpaceTask } from './reclaim/reclaim-space.task';
import { RepairTasks } from './repair/repair.task';
import { RepositoryTypes } from './repository/repository-hooks';
import { RepositoryTasks } from './repository/repository.tasks';
import { CommitUploadTask } from './uploads/commit-upload.task';
import { UploadCommits } from './uploads/upload-commits';
import { ContentCreation } from './typed/content-creation';
import { GeneralTasks } from './typed/general.tasks';
import { TypedBodies } from './typed/typed-bodies';
import { UploadCleanupTask } from './uploads/upload-cleanup.task';

/** Core's content task handlers, run by the worker's task process. */
@Module({})
export class ContentTasksModule {
  /** `detailTypes`: those the loaded plugins declare, beside core's (hrefs of created objects, reclaimable types). */
  static forRoot(detailTypes: readonly DetailType[]): DynamicModule {
    return {
      module: ContentTasksModule,
      // Global: plugin modules build their typed endpoints and tasks on these providers.
      global: true,
      imports: [DomainStoragesModule, DiscoveryModule],
      providers: [
        { provide: DetailTypes, useValue: new DetailTypes(detailTypes) },
        ARTIFACT_STORE_PROVIDER,
        UnfinishedWritesSweep,
        MetadataFiles,
        UploadCommits,
        CommitUploadTask,
        ContentCreation,
        RepairTasks,
        UploadCleanupTask,
        OrphanTasks,
        RepositoryTypes,
        RepositoryTasks,
        ReclaimSpaceTask,
        GeneralTasks,
        DomainTasks,
        DomainMigrationTask,
        // A domain's update task answers with its body.
        DomainView,
        TypedBodies,
        // Sync tasks answer with the new version's body.
        RepositoryVersionView,
        // The typed views render create/update results here as the API renders reads.
        ...OPENPGP_KEYRING_ENDPOINTS.providers,
        ...OPENPGP_DISTRIBUTION_ENDPOINTS.providers,
      ],
      exports: [
        DetailTypes,
        TypedBodies,
        RepositoryTypes,
        ContentCreation,
        ArtifactStore,
        MetadataFiles,
        DomainStoragesModule,
        RepositoryVersionView,
      ],
    };
  }
}
