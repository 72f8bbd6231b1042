export {
  connectionOptions,
  describeConnection,
  EMBEDDED_DATABASE,
  EMBEDDED_USER,
  type ConnectionOptions,
} from './connection-options';
export { createDataSource, type DataSourceParts } from './create-data-source';
export {
  connectionFailureReason,
  CREATION_HOOK_FAILED,
  CREATION_HOOK_REFUSED,
  databasePulpError,
  isConnectionError,
  uniqueViolation,
} from './database-errors';
export { DatabaseModule } from './database.module';
export { ensureEmbeddedDatabase, type EmbeddedDatabaseHandle, type EmbeddedDatabaseLog } from './embedded-database';
export { pendingMigrations } from './pending-migrations';
export { folderBlockingOthers } from './postgres-cluster';
export { DomainScopedEntity, PulpEntity } from './pulp.entity';
export { SnakeNamingStrategy } from './snake-naming.strategy';
export { uuid7 } from './uuid7';
export {
  databaseOf,
  inTransaction,
  PG_POOL,
  SQL,
  poolOf,
  prepared,
  sqlOf,
  type Database,
  type PgClientLike,
  type PgPoolLike,
  type PreparedQuery,
  type Sql,
} from './sql';
export { notifyTableChangesSql, TABLE_CHANGES_CHANNEL, TABLE_CHANGES_FUNCTION, TableChanges } from './table-changes';
export { TableChangesModule } from './table-changes.module';
export { GenerationCache } from './generation-cache';
export { ReconnectingListener, type ListenerEvents, type ListenerName } from './listener-client';
export {
  createKeyFile,
  DatabaseEncryption,
  decryptJson,
  encryptJson,
  EncryptionKeyError,
  InvalidTokenError,
  rewriteEncryptedColumns,
  type EncryptedColumns,
} from './encryption';
