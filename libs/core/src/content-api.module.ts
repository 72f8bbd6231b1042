import { Module, type DynamicModule } from '@nestjs/common';
import { ArtifactStore } from './artifacts/artifact-store';
import { DiscoveryModule } from '@nestjs/core';
import { DomainStoragesModule } from '@pulp/domains';
import { ARTIFACT_STORE_PROVIDER } from './artifacts/artifact-store.provider';
import { AcsWrites } from './acs/acs-writes';
import { ArtifactViewService } from './artifacts/artifact-view.service';
import { ArtifactsController } from './artifacts/artifacts.controller';
import { OBJECT_REFERENCES } from '@pulp/rbac';
import { DetailTypes, type DetailType } from './detail-types/detail-types';
import { DomainView } from './domains/domain-view';
import { DomainWrites } from './domains/domain-writes';
import { DomainsController } from './domains/domains.controller';
import { ApiObjectReferences } from './detail-types/object-references';
import { ArtifactDistributionsController } from './lists/artifact-distributions.controller';
import { ContentGuardView } from './lists/content-guard-view';
import { ContentView } from './lists/content-view';
import { ArtifactDistributionView, DistributionView } from './lists/distribution-view';
import { MasterListsController } from './lists/master-lists.controller';
import { PublicationView } from './lists/publication-view';
import { RemoteView } from './lists/remote-view';
import { RepositoryView } from './lists/repository-view';
import { RepositoryVersionView } from './lists/repository-version-view';
import { SigningServicesController } from './lists/signing-services.controller';
import { SigningServiceView } from './lists/signing-service-view';
import {
  COMPOSITE_GUARD_ENDPOINTS,
  HEADER_GUARD_ENDPOINTS,
  RBAC_GUARD_ENDPOINTS,
} from './content-guards/core-guard-endpoints';
import { OPENPGP_DISTRIBUTION_ENDPOINTS } from './openpgp/openpgp-distribution';
import { OPENPGP_KEYRING_ENDPOINTS } from './openpgp/openpgp-keyring';
import { OrphansController } from './orphans/orphans.controller';
import { ReclaimSpaceController } from './reclaim/reclaim-space.controller';
import { RepairController } from './repair/repair.controller';
import { ContentCreation } from './typed/content-creation';
import { ContentRequests } from './typed/content-requests';
import { DistributionWrites } from './typed/distribution-writes';
import { RemoteWrites } from './typed/remote-writes';
import { RepositoryWrites } from './typed/repository-writes';
import { UploadCommits } from './uploads/upload-commits';
import { UploadViewService } from './uploads/upload-view.service';
import { UploadsController } from './uploads/uploads.controller';

/** pulpcore-api's core content endpoints: artifacts, uploads, generic lists, repair, orphans, domains. */
@Module({})
export class ContentApiModule {
  /** `detailTypes`: those the loaded plugins declare, beside core's. */
  static forRoot(detailTypes: readonly DetailType[]): DynamicModule {
    return {
      module: ContentApiModule,
      // Global: plugin modules build their typed endpoints and tasks on these providers.
      global: true,
      imports: [DomainStoragesModule, DiscoveryModule],
      controllers: [
        ArtifactsController,
        UploadsController,
        RepairController,
        OrphansController,
        ReclaimSpaceController,
        DomainsController,
        MasterListsController,
        SigningServicesController,
        ArtifactDistributionsController,
        ...OPENPGP_KEYRING_ENDPOINTS.controllers,
        ...OPENPGP_DISTRIBUTION_ENDPOINTS.controllers,
        ...HEADER_GUARD_ENDPOINTS.controllers,
        ...COMPOSITE_GUARD_ENDPOINTS.controllers,
        ...RBAC_GUARD_ENDPOINTS.controllers,
      ],
      providers: [
        ARTIFACT_STORE_PROVIDER,
        ArtifactViewService,
        UploadViewService,
        { provide: DetailTypes, useValue: new DetailTypes(detailTypes) },
        { provide: OBJECT_REFERENCES, useClass: ApiObjectReferences },
        RepositoryView,
        RepositoryVersionView,
        RemoteView,
        PublicationView,
        DistributionView,
        ArtifactDistributionView,
        ContentGuardView,
        ContentView,
        SigningServiceView,
        DomainView,
        DomainWrites,
        RepositoryWrites,
        ...OPENPGP_KEYRING_ENDPOINTS.providers,
        DistributionWrites,
        RemoteWrites,
        AcsWrites,
        ...OPENPGP_DISTRIBUTION_ENDPOINTS.providers,
        ...HEADER_GUARD_ENDPOINTS.providers,
        ...COMPOSITE_GUARD_ENDPOINTS.providers,
        ...RBAC_GUARD_ENDPOINTS.providers,
        UploadCommits,
        ContentCreation,
        ContentRequests,
      ],
      exports: [
        DetailTypes,
        OBJECT_REFERENCES,
        RepositoryWrites,
        DistributionWrites,
        RepositoryVersionView,
        RemoteWrites,
        AcsWrites,
        ArtifactStore,
        DomainStoragesModule,
        ContentCreation,
        ContentRequests,
      ],
    };
  }
}
