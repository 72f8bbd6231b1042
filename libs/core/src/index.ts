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
  versionHolds,
} from './repository';
export { recordCreatedVersion } from './repository/repository.tasks';
export { typedRepositoryEndpoints, type RepositoryType } from './typed/typed-repositories';
export { typedDistributionEndpoints, type DistributionType } from './typed/typed-distributions';
export { insertDetail, type DetailFields } from './typed/detail-fields';
