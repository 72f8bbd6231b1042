import type { Provider } from '@nestjs/common';
import { PulpSettings } from '@pulp/config';
import { PG_POOL, sqlOf, type PgPoolLike } from '@pulp/database';
import { ArtifactStorage } from '@pulp/storage';
import { ArtifactStore } from './artifact-store';

/** The process's ArtifactStore: its database, its storage, the instance's allowed checksums. */
export const ARTIFACT_STORE_PROVIDER: Provider = {
  provide: ArtifactStore,
  useFactory: (pool: PgPoolLike, storage: ArtifactStorage, settings: PulpSettings) =>
    new ArtifactStore(sqlOf(pool), storage, settings.ALLOWED_CONTENT_CHECKSUMS),
  inject: [PG_POOL, ArtifactStorage, PulpSettings],
};
