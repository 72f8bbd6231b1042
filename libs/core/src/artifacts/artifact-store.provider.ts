import type { Provider } from '@nestjs/common';
import { PulpSettings } from '@pulp/config';
import { databaseOf, PG_POOL, type PgPoolLike } from '@pulp/database';
import { DomainStorages } from '@pulp/domains';
import { ArtifactStore } from './artifact-store';

/** The process's ArtifactStore: its database, the domains' storages, the instance's allowed checksums. */
export const ARTIFACT_STORE_PROVIDER: Provider = {
  provide: ArtifactStore,
  useFactory: (pool: PgPoolLike, storages: DomainStorages, settings: PulpSettings) =>
    new ArtifactStore(databaseOf(pool), storages, settings.ALLOWED_CONTENT_CHECKSUMS),
  inject: [PG_POOL, DomainStorages, PulpSettings],
};
