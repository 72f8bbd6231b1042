import { Global, Module } from '@nestjs/common';
import { PulpSettings } from '@pulp/config';
import { ArtifactStorage } from './artifact-storage';
import { createStorage, FILESYSTEM_STORAGE, parseStorageSettings } from './storage-settings';

/**
 * The configured artifact storage (STORAGES.default: BACKEND and OPTIONS, validated as a domain's
 * storage settings are); the filesystem's location defaults to MEDIA_ROOT. Bad OPTIONS stop start-up.
 */
export function storageFromSettings(settings: PulpSettings): ArtifactStorage {
  const { BACKEND: backend = FILESYSTEM_STORAGE, OPTIONS: options = {} } = settings.STORAGES.default ?? {};
  const given = backend === FILESYSTEM_STORAGE ? { location: settings.MEDIA_ROOT, ...options } : options;
  const parsed = parseStorageSettings(backend, given);
  if ('errors' in parsed) {
    const problems = Object.entries(parsed.errors).map(([field, messages]) => `${field}: ${messages.join(' ')}`);
    throw new Error(`STORAGES.default.OPTIONS for ${backend} are invalid: ${problems.join('; ')}`);
  }
  return createStorage(backend, parsed.settings);
}

@Global()
@Module({
  providers: [{ provide: ArtifactStorage, useFactory: storageFromSettings, inject: [PulpSettings] }],
  exports: [ArtifactStorage],
})
export class StorageModule {}
