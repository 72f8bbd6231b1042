export { Domain, DOMAIN_STORAGE_SETTINGS } from './domain.entity';
export { currentDomain, currentDomainIdSql, currentDomainName, inDomain, type DomainRef } from './domain-context';
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
export { DomainDirectory } from './domain-directory';
export { DomainStorages, type DomainStore } from './domain-storages';
export { DomainStoragesModule } from './domain-storages.module';
