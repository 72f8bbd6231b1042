// Nest-free, so that unit tests load it: the storage settings come from '@pulp/storage/storage-settings'.
import {
  FILESYSTEM_STORAGE,
  parseStorageSettings,
  secretStorageFields,
  STORAGE_CLASSES,
} from '@pulp/storage/storage-settings';

export type StorageSettings = Record<string, unknown>;

/** The storage settings a domain keeps (a Domain row, decrypted). */
export interface DomainStorage {
  storageClass: string;
  settings: StorageSettings;
}

/** The global storage settings: what the `default` domain uses and shows (STORAGES.default, MEDIA_ROOT). */
export interface GlobalStorage {
  backend: string;
  options: StorageSettings;
  mediaRoot: string;
}

/**
 * A body's `storage_settings` as an object: a form sends it as JSON text. Pulp's messages for what
 * is neither.
 */
export function storageSettingsInput(raw: unknown): { value: StorageSettings } | { problem: string } {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      return { problem: 'Improper JSON string passed in' };
    }
  }
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? { value: value as StorageSettings }
    : { problem: 'Storage settings should be a JSON object.' };
}

/**
 * The settings a domain of `storageClass` keeps from `input`, checked for that class. An update that
 * keeps the class changes only what it sends (the current settings fill in the rest, secrets
 * included), as Pulp's StorageSettingsSerializer merges them; a new class starts from nothing.
 */
export function domainStorageSettings(
  storageClass: string,
  input: StorageSettings,
  current?: DomainStorage,
): { settings: StorageSettings } | { errors: Record<string, string[]> } {
  const merged = current?.storageClass === storageClass ? { ...current.settings, ...input } : input;
  return parseStorageSettings(storageClass, merged);
}

/**
 * A domain's `storage_settings` as the API shows them: the write-only fields (credentials) left
 * out, and `hidden_fields` saying of each whether it holds a value (not null, not ""), as Pulp's
 * HiddenFieldsMixin does.
 */
export function storageSettingsBody(storageClass: string, settings: StorageSettings): StorageSettings {
  if (!isDomainStorageClass(storageClass)) {
    // A global backend a domain cannot use (Google Cloud…): which of its options are secret is unknown.
    return { hidden_fields: [] };
  }
  const secrets = secretStorageFields(storageClass);
  const shown = Object.entries(settings).filter(([name]) => !secrets.includes(name));
  const hiddenFields = secrets.map((name) => ({
    name,
    is_set: settings[name] !== undefined && settings[name] !== null && settings[name] !== '',
  }));
  return { ...Object.fromEntries(shown), hidden_fields: hiddenFields };
}

/**
 * The `default` domain's storage settings: the global ones, as Pulp reports them (each field from
 * its setting, MEDIA_ROOT for a filesystem's `location`, else from STORAGES.default.OPTIONS, then
 * the class's defaults). Options the class would refuse are shown as they are, secrets still hidden.
 */
export function globalStorageSettings({ backend, options, mediaRoot }: GlobalStorage): DomainStorage {
  const raw: StorageSettings = { ...options };
  if (backend === FILESYSTEM_STORAGE && mediaRoot) {
    raw.location = mediaRoot;
  }
  const parsed = isDomainStorageClass(backend) ? parseStorageSettings(backend, raw) : undefined;
  return { storageClass: backend, settings: parsed && 'settings' in parsed ? parsed.settings : raw };
}

const isDomainStorageClass = (storageClass: string) => (STORAGE_CLASSES as readonly string[]).includes(storageClass);
