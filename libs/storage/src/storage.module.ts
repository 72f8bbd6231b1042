import { Global, Module } from '@nestjs/common';
import { PulpSettings } from '@pulp/config';
import { ArtifactStorage } from './artifact-storage';
import { FileSystemStorage } from './filesystem-storage';

const FILESYSTEM = 'pulpcore.app.models.storage.FileSystem';

/** The configured artifact storage (STORAGES.default); a backend not implemented yet stops start-up. */
export function storageFromSettings(settings: PulpSettings): ArtifactStorage {
  const backend = settings.STORAGES.default?.BACKEND ?? FILESYSTEM;
  if (backend !== FILESYSTEM) {
    throw new Error(`STORAGES.default.BACKEND "${backend}" is not supported yet; use ${FILESYSTEM}.`);
  }
  return new FileSystemStorage(settings.MEDIA_ROOT);
}

@Global()
@Module({
  providers: [{ provide: ArtifactStorage, useFactory: storageFromSettings, inject: [PulpSettings] }],
  exports: [ArtifactStorage],
})
export class StorageModule {}
