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
  type CompletedVersion,
  type ContentSelection,
  type ContentSummary,
  type NewRepository,
  type NewVersion,
  type VersionRef,
  type VersionValidator,
} from '@pulp/core';
// Typed endpoints: what every repository and distribution type's API has, and a type's own
// fields in its plugin's table (docs/plugins.md).
export {
  insertDetail,
  typedDistributionEndpoints,
  typedRepositoryEndpoints,
  type DetailFields,
  type DistributionType,
  type RepositoryType,
} from '@pulp/core';
// Migrations: a plugin's tables notify changes as core's do, so cached list pages drop them.
export { notifyTableChangesSql } from '@pulp/database';
