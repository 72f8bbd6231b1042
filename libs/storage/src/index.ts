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
