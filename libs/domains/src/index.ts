export { DEFAULT_DOMAIN_ID_SQL, DEFAULT_DOMAIN_NAME, Domain, DOMAIN_STORAGE_SETTINGS } from './domain.entity';
export { DOMAIN_NAME_MAX_LENGTH, domainNameProblems, isDefaultDomain } from './domain-names';
export {
  domainStorageSettings,
  globalStorageSettings,
  storageSettingsBody,
  storageSettingsInput,
  type DomainStorage,
  type GlobalStorage,
  type StorageSettings,
} from './domain-storage';
