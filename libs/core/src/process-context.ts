import type { LoadedSettings } from '@pulp/config';
import type { DatabaseEncryption } from '@pulp/database';
import type { PulpLogger } from '@pulp/logging';
import type { DataSource } from 'typeorm';
import type { VersionComponent } from './components';

/** What the entrypoint assembled before any Nest application exists; every app is built from it. */
export interface ProcessContext {
  loaded: LoadedSettings;
  logger: PulpLogger;
  dataSource: DataSource;
  /** The DB_ENCRYPTION_KEY file's keys: what secret fields and task arguments are encrypted with. */
  encryption: DatabaseEncryption;
  /** Core, then each loaded plugin: status `versions` and the schema's `x-pulp-app-versions`. */
  components: VersionComponent[];
}
