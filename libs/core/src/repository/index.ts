export { type ContentQuery, type ContentSelection } from './content-selection';
export { createRepository, type NewRepository } from './create-repository';
export { contentInVersion, inVersion, latestNumber, versionHolds } from './membership';
export { NewVersion, type VersionRef } from './new-version';
export {
  RepositoryVersions,
  type CompletedVersion,
  type NewVersionOptions,
  type VersionValidator,
} from './repository-versions';
export { type ContentSummary } from './version-summary';
export { validateVersionPaths } from './version-paths';
