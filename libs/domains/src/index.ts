export { DEFAULT_DOMAIN_ID_SQL, Domain, DOMAIN_STORAGE_SETTINGS } from './domain.entity';
export { DEFAULT_DOMAIN_NAME, DOMAIN_NAME_MAX_LENGTH, domainNameProblems, isDefaultDomain } from './domain-names';
export {
  domainStorageSettings,
  globalStorageSettings,
  storageSettingsBody,
  storageSettingsInput,
  type DomainStorage,
  type GlobalStorage,
  type StorageSettings,
} from './domain-storage';
export { currentDomain, inDomain, type DomainRef } from './domain-context';
export { DomainStorages, type DomainStore } from './domain-storages';
export { DomainStoragesModule } from './domain-storages.module';
