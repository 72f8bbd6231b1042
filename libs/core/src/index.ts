export { AppStatus, type AppType } from './app-status/app-status.entity';
export { AppStatusModule } from './app-status/app-status.module';
export { AppStatusConflictError, AppStatusService, type OnlineApp } from './app-status/app-status.service';
export { processIdentity, processName, type ProcessIdentity } from './app-status/process-identity';
export { componentVersions, CORE_COMPONENT, VERSION_COMPONENTS, type VersionComponent } from './components';
export { StatusModule } from './status/status.module';
export { type ProcessContext } from './process-context';
export { ContentApiModule } from './content-api.module';
export { CORE_DETAIL_TYPES, DetailTypes, type DetailType, type Master } from './detail-types/detail-types';
export { ContentTasksModule } from './content-tasks.module';
export {
  contentInVersion,
  createRepository,
  inVersion,
  latestNumber,
  NewVersion,
  RepositoryVersions,
  type CompletedVersion,
  type ContentQuery,
  type ContentSelection,
  type ContentSummary,
  type NewRepository,
  type NewVersionOptions,
  type VersionRef,
  type VersionValidator,
  validateVersionPaths,
  versionHolds,
} from './repository';
export { recordCreatedVersion } from './repository/created-version';
export {
  RepositoryHooks,
  RepositoryTypes,
  type RepositoryTypeHooks,
  type VersionChangeOptions,
} from './repository/repository-hooks';
export { typedRepositoryEndpoints, type RepositoryType } from './typed/typed-repositories';
export { typedDistributionEndpoints, type DistributionType } from './typed/typed-distributions';
export { insertDetail, type DetailFields } from './typed/detail-fields';
export { typedRemoteEndpoints, type RemoteType } from './typed/typed-remotes';
export { remoteDownloaderConfig } from './remotes/remote-downloader-config';
export { decryptRemoteSecrets, encryptSecretColumns, REMOTE_SECRETS } from './remotes/remote-secrets';
export { urlProblem as remoteUrlProblem } from './typed/remote-checks';
export type { RemoteRow } from './lists/remote-view';
export { typedAcsEndpoints, type AcsType } from './acs/typed-acs';
export { typedContentEndpoints, type ContentRow, type ContentType } from './typed/typed-content';
export { ContentCreateDto, ContentUploadDto, SingleArtifactContentResponse } from './typed/content.dto';
export { type NewContent } from './typed/content-creation';
export { typedPublicationEndpoints, type PublicationBodies, type PublicationType } from './typed/typed-publications';
export {
  addPublishedMetadata,
  completePublication,
  insertPublication,
  MetadataFiles,
  type NewPublication,
} from './publications';
export { ArtifactStore, type ArtifactRow } from './artifacts/artifact-store';
export { RepositoryWrites } from './typed/repository-writes';
export { RepositorySyncURLDto } from './typed/repository.dto';
export { ANY_BODY } from '@pulp/http';
export { RepositoryVersionView } from './lists/repository-version-view';
export {
  DistributionServing,
  type DistributionAnswer,
  type DistributionRequest,
  type DistributionServingHooks,
  type ServedDistribution,
} from './serving/distribution-serving';
export { discoveredByType } from './discovered-by-type';
export { ARTIFACT_STORE_PROVIDER } from './artifacts/artifact-store.provider';
// Content guards: the API's header and composite endpoints, and what the content app checks
// (ContentGuardsModule → ContentGuards.load(id) → LoadedGuard.denial(request)).
export {
  typedContentGuardEndpoints,
  type ContentGuardEndpointsType,
  type GuardFieldsWrite,
  type GuardRelations,
} from './content-guards/typed-content-guards';
export { ContentGuardType, type ContentGuardTypeLoader, type GuardLoader } from './content-guards/content-guard-type';
export { ContentGuards } from './content-guards/content-guards.service';
export { ContentGuardsModule } from './content-guards/content-guards.module';
export {
  ACCESS_DENIED,
  compositeGuard,
  headerGuard,
  refusingGuard,
  unknownGuardType,
  type CompositeMember,
  type GuardRequest,
  type HeaderGuardFields,
  type LoadedGuard,
} from './content-guards/guard-check';
