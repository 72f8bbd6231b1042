import { AppStatus } from '@pulp/core';
import type { DatabaseEncryption, DataSourceParts } from '@pulp/database';
import { Domain } from '@pulp/domains';
import type { PluginDefinition } from '@pulp/plugin-api';
import { User } from '@pulp/rbac';
import { CreateDomains1764000000000 } from './1764000000000-create-domains';
import { CreateAppStatus1764000001000 } from './1764000001000-create-app-status';
import { CreateUsers1764000002000 } from './1764000002000-create-users';
import { CreateTasking1764000003000 } from './1764000003000-create-tasking';
import { CreateGroupProgressReports1764000004000 } from './1764000004000-create-group-progress-reports';
import { IndexReadyTasksByClaimOrder1764000005000 } from './1764000005000-index-ready-tasks-by-claim-order';
import { PartialTaskReferenceIndexes1764000006000 } from './1764000006000-partial-task-reference-indexes';
import { CreateContentModel1764000007000 } from './1764000007000-create-content-model';
import { NotifyContentChanges1764000008000 } from './1764000008000-notify-content-changes';
import { CreateAlternateContentSources1764000009000 } from './1764000009000-create-alternate-content-sources';
import { IndexRemoteArtifactsBySha2561764000010000 } from './1764000010000-index-remote-artifacts-by-sha256';
import { EncryptTaskArguments1764000011000 } from './1764000011000-encrypt-task-arguments';
import { CreateContentGuardTypes1764000012000 } from './1764000012000-create-content-guard-types';
import { IndexContentArtifactPaths1764000013000 } from './1764000013000-index-content-artifact-paths';
import { encryptSecretFields } from './1764000024000-encrypt-secret-fields';
import { CreateRbac1764000025000 } from './1764000025000-create-rbac';
import { CreateSessions1764000027000 } from './1764000027000-create-sessions';
import { DropObjectRolesWithTheirObjects1764000029000 } from './1764000029000-drop-object-roles-with-their-objects';
import { CreateCreationHooks1764000030000 } from './1764000030000-create-creation-hooks';
import { CreateSystemId1764000040000 } from './1764000040000-create-system-id';
import { TaskTelemetry1764000044000 } from './1764000044000-task-telemetry';
import { DropDomainObjectRoles1764000045000 } from './1764000045000-drop-domain-object-roles';
import { NotifyDomainChanges1764000048000 } from './1764000048000-notify-domain-changes';
import { CreateArtifactWrites1764000049000 } from './1764000049000-create-artifact-writes';

/**
 * Core migrations, oldest first. Never edit one that has landed: add a new one. Those that rewrite
 * secrets take the site's key file (read only if they have a value to encrypt).
 */
export const coreMigrations = (encryption: DatabaseEncryption) => [
  CreateDomains1764000000000,
  CreateAppStatus1764000001000,
  CreateUsers1764000002000,
  CreateTasking1764000003000,
  CreateGroupProgressReports1764000004000,
  IndexReadyTasksByClaimOrder1764000005000,
  PartialTaskReferenceIndexes1764000006000,
  CreateContentModel1764000007000,
  NotifyContentChanges1764000008000,
  CreateAlternateContentSources1764000009000,
  IndexRemoteArtifactsBySha2561764000010000,
  EncryptTaskArguments1764000011000,
  CreateContentGuardTypes1764000012000,
  IndexContentArtifactPaths1764000013000,
  encryptSecretFields(encryption),
  CreateRbac1764000025000,
  CreateSessions1764000027000,
  DropObjectRolesWithTheirObjects1764000029000,
  CreateCreationHooks1764000030000,
  CreateSystemId1764000040000,
  TaskTelemetry1764000044000,
  DropDomainObjectRoles1764000045000,
  NotifyDomainChanges1764000048000,
  CreateArtifactWrites1764000049000,
];

export const CORE_ENTITIES = [Domain, AppStatus, User];

/** Entities and migrations of core plus the loaded plugins: what every process's DataSource knows. */
export function dataSourceParts(
  plugins: readonly PluginDefinition[],
  { poolSize, encryption }: { poolSize?: number; encryption: DatabaseEncryption },
): DataSourceParts {
  return {
    entities: [...CORE_ENTITIES, ...plugins.flatMap((plugin) => plugin.entities ?? [])],
    migrations: [...coreMigrations(encryption), ...plugins.flatMap((plugin) => plugin.migrations ?? [])],
    poolSize,
  };
}
