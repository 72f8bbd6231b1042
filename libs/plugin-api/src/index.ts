export {
  definePlugin,
  definitionProblems,
  pluginSetProblems,
  type PluginDefinition,
  type PluginRole,
} from './plugin-definition';
export { PluginsModule } from './plugins.module';
// Typed objects: how a plugin's detail types are named in hrefs and PRNs.
export { DetailTypes, type DetailType, type Master } from '@pulp/core';
export { selectPlugins } from './select-plugins';
// Tasks: a plugin's worker module declares handlers; its API dispatches them through the queue.
export {
  TaskHandler,
  TaskQueue,
  type DispatchOptions,
  type ProgressReporter,
  type TaskContext,
  type TaskHandlerFunction,
} from '@pulp/tasking';
// Repository versions: a plugin's tasks build them with the engine (docs/plugins.md).
export {
  contentInVersion,
  createRepository,
  recordCreatedVersion,
  RepositoryVersions,
  validateVersionPaths,
  type CompletedVersion,
  type ContentSelection,
  type ContentSummary,
  type NewRepository,
  type NewVersion,
  type VersionRef,
  type VersionValidator,
} from '@pulp/core';
// Repository types: a worker provider marked @RepositoryHooks('<pulp_type>') finalizes every new
// version of that type (replacements, path checks) and acts after it (autopublish); a plugin's
// tasks build versions through RepositoryTypes.buildVersion so the hooks always run.
export { RepositoryHooks, RepositoryTypes, type RepositoryTypeHooks, type VersionChangeOptions } from '@pulp/core';
// Serving: a content-app provider marked @DistributionServing('<pulp_type>') says how the content app
// serves that distribution type (serve from publications only, answer paths itself, add headers).
export {
  DistributionServing,
  type DistributionAnswer,
  type DistributionRequest,
  type DistributionServingHooks,
  type ServedDistribution,
} from '@pulp/core';
// Typed endpoints: what every repository, distribution and remote type's API has, and a type's
// own fields in its plugin's table (docs/plugins.md).
export {
  insertDetail,
  typedDistributionEndpoints,
  typedRemoteEndpoints,
  typedRepositoryEndpoints,
  type DetailFields,
  type DistributionType,
  type RemoteType,
  type RepositoryType,
} from '@pulp/core';
// Remotes in tasks: a remote row's downloader settings (its secrets opened with the injectable
// DatabaseEncryption), and the url check (ALLOWED_IMPORT_PATHS) to repeat before fetching.
export { remoteDownloaderConfig, remoteUrlProblem, type RemoteRow } from '@pulp/core';
export { DatabaseEncryption } from '@pulp/database';
export { typedAcsEndpoints, type AcsType } from '@pulp/core';
// Typed content: single-artifact content types get list/read/labels/create/upload (docs/plugins.md).
export {
  ContentCreateDto,
  ContentUploadDto,
  SingleArtifactContentResponse,
  typedContentEndpoints,
  type ContentRow,
  type ContentType,
  type NewContent,
} from '@pulp/core';
// Errors and list filters a type declares: Pulp's 400 body, one query parameter of a list.
export { PulpError, PulpValidationError } from '@pulp/errors';
export { type Filter } from '@pulp/rest';
// Typed publications: list, create (dispatching the type's publish task), read, delete; the type's
// own fields are DetailFields, as for repositories.
export { typedPublicationEndpoints, type PublicationBodies, type PublicationType } from '@pulp/core';
// Publishing: a publish task writes its publication (incomplete until the end of its transaction),
// stores the files it writes as artifacts and records them as published metadata.
export {
  addPublishedMetadata,
  completePublication,
  insertPublication,
  MetadataFiles,
  type NewPublication,
} from '@pulp/core';
// Migrations: a plugin's tables notify changes as core's do, so cached list pages drop them.
export { notifyTableChangesSql } from '@pulp/database';
// Sync endpoints: the request body, the remote a sync uses (Pulp's 400s), dispatching the task.
export { ANY_BODY, RepositorySyncURLDto, RepositoryWrites } from '@pulp/core';
export { AsyncOperationResponse, dispatchAccepted, type RequestUser } from '@pulp/tasking';
export { MemberPlaceholder } from '@pulp/http';
export { COLUMNS, isUuid, LandsIn, orNotFound, PulpBody } from '@pulp/rest';
export { PulpSettings } from '@pulp/config';
// Raw, parameterised SQL: what task contexts and creators are handed.
export { SQL, uuid7, type Sql } from '@pulp/database';
// Sync tasks: downloads with a remote's settings, and artifacts stored once per sha256.
export {
  createDownloader,
  DownloadError,
  redactUrl,
  type Downloader,
  type DownloaderConfig,
  type DownloaderOptions,
  type DownloadTarget,
} from '@pulp/download';
export { ArtifactStore, RepositoryVersionView, type ArtifactRow } from '@pulp/core';
// Access policies: a controller of a plugin's own (not made by the typed factories, which name theirs
// from their path) declares Pulp's viewset name, and a handler whose operationId suffix is not its
// DRF action names that action (docs/architecture.md, "Access policies").
export { AccessAction, AccessPolicy } from '@pulp/rbac';
// Authorization catalogue: a plugin's permissions, default access policies and locked roles, given
// to definePlugin as `rbac` (docs/plugins.md, "Access policies and roles").
export {
  type AccessPolicyDefinition,
  type LockedRole,
  type ModelPermissions,
  type PolicyFunction,
  type PolicyStatement,
  type RbacCatalogue,
  type ViewsetAccess,
} from '@pulp/rbac';
// Content guards: a plugin's guard type (pulp_certguard's `certguard.x509`) is a provider marked
// @ContentGuardType('<pulp_type>') implementing ContentGuardTypeLoader: `load(sql, guardId, members)`
// reads the guard and returns a LoadedGuard whose `denial(request)` answers without SQL (undefined:
// permitted; else the 403's reason). Register it in the plugin's content module; its REST endpoints
// come from typedContentGuardEndpoints (docs/plugins.md, "Content guard types").
export {
  ContentGuardType,
  refusingGuard,
  typedContentGuardEndpoints,
  type ContentGuardEndpointsType,
  type ContentGuardTypeLoader,
  type GuardFieldsWrite,
  type GuardLoader,
  type GuardRelations,
  type GuardRequest,
  type LoadedGuard,
} from '@pulp/core';
