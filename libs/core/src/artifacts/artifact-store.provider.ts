import type { Provider } from '@nestjs/common';
import { PulpSettings } from '@pulp/config';
import { databaseOf, PG_POOL, type PgPoolLike } from '@pulp/database';
import { ArtifactStorage } from '@pulp/storage';
import { ArtifactStore } from './artifact-store';

/** The process's ArtifactStore: its database, its storage, the instance's allowed checksums. */
export const ARTIFACT_STORE_PROVIDER: Provider = {
  provide: ArtifactStore,
  useFactory: (pool: PgPoolLike, storage: ArtifactStorage, settings: PulpSettings) =>
    new ArtifactStore(databaseOf(pool), storage, settings.ALLOWED_CONTENT_CHECKSUMS),
  inject: [PG_POOL, ArtifactStorage, PulpSettings],
};
