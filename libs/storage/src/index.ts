export { ArtifactStorage, artifactName, type ByteRange } from './artifact-storage';
export { FileSystemStorage } from './filesystem-storage';
export {
  CHECKSUM_ALGORITHMS,
  digestOf,
  TooLargeError,
  writeHashedFile,
  type ChecksumAlgorithm,
  type Digests,
  type HashedFile,
} from './hashed-file';
export { StorageModule, storageFromSettings } from './storage.module';
export {
  AZURE_STORAGE,
  createStorage,
  FILESYSTEM_STORAGE,
  parseStorageSettings,
  S3_STORAGE,
  S3BOTO3_STORAGE,
  secretStorageFields,
  STORAGE_CLASSES,
  type StorageSettings,
  type StorageSettingsResult,
} from './storage-settings';
