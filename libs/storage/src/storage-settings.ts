// Nest-free on purpose: the domains API validates `storage_settings` with it, and unit tests load it.
import type { ArtifactStorage } from './artifact-storage';
import { FileSystemStorage } from './filesystem-storage';

export const FILESYSTEM_STORAGE = 'pulpcore.app.models.storage.FileSystem';
export const S3BOTO3_STORAGE = 'storages.backends.s3boto3.S3Boto3Storage';
export const S3_STORAGE = 'storages.backends.s3.S3Storage';
export const AZURE_STORAGE = 'storages.backends.azure_storage.AzureStorage';
/** The storage classes a domain may use, in Pulp's BACKEND_CHOICES order. */
export const STORAGE_CLASSES = [FILESYSTEM_STORAGE, S3BOTO3_STORAGE, S3_STORAGE, AZURE_STORAGE] as const;

/** Longest string option accepted: far beyond any real bucket, key, URL or prefix, short of abuse. */
const MAX_STRING = 1024;
const INT32_MAX = 2 ** 31 - 1;
/** SigV4 presigned URLs live at most 7 days; S3 refuses longer. */
const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;

type FieldSpec =
  | { kind: 'string'; required?: boolean; nullable?: boolean; blank?: boolean; default?: string | null }
  | { kind: 'integer'; nullable?: boolean; default: number | null; min: number; max: number }
  | { kind: 'boolean'; nullable?: boolean; default: boolean | null }
  | { kind: 'choice'; choices: readonly string[]; default: string }
  | { kind: 'dict'; nullable?: boolean; default: Record<string, unknown> | null }
  | { kind: 'list'; default: readonly string[] }
  | { kind: 'nested'; nullable: true; default: null; fields: FieldTable }
  /** Pulp's HiddenField: whatever is sent, the default is used. */
  | { kind: 'hidden'; default: unknown };

/** A field with its spec, and whether Pulp's serializer has it write-only (a secret). */
type FieldTable = ReadonlyMap<string, FieldSpec & { secret?: boolean }>;

interface SettingsClass {
  /** Setting name (lower case) → storage init argument, as Pulp's SETTING_MAPPING. */
  mapping: ReadonlyMap<string, string>;
  fields: FieldTable;
  /** A rule across fields, as the serializer's validate(); its message is a non-field error. */
  check?: (settings: Record<string, unknown>) => string | undefined;
}

const int = (value: number | null, min: number, max: number, nullable = false): FieldSpec => ({
  kind: 'integer',
  default: value,
  min,
  max,
  nullable,
});
const bool = (value: boolean | null, nullable = false): FieldSpec => ({ kind: 'boolean', default: value, nullable });
const optionalString = (value: string | null = null): FieldSpec => ({ kind: 'string', nullable: true, default: value });
const secret = <T extends FieldSpec>(spec: T): T & { secret: true } => ({ ...spec, secret: true });

const GZIP_TYPES = [
  'text/css',
  'text/javascript',
  'application/javascript',
  'application/x-javascript',
  'image/svg+xml',
];

const FILESYSTEM: SettingsClass = {
  mapping: new Map([
    ['media_root', 'location'],
    ['media_url', 'base_url'],
    ['file_upload_permissions', 'file_permissions_mode'],
    ['file_upload_directory_permissions', 'directory_permissions_mode'],
  ]),
  fields: new Map<string, FieldSpec>([
    ['location', { kind: 'string', required: true, blank: true }],
    ['base_url', { kind: 'string', blank: true, default: '' }],
    ['file_permissions_mode', int(0o644, 0, 0o7777)],
    ['directory_permissions_mode', int(null, 0, 0o7777, true)],
  ]),
};

const TRANSFER_CONFIG: FieldTable = new Map<string, FieldSpec>([
  ['multipart_threshold', int(8 * 1024 * 1024, 5 * 1024 * 1024, INT32_MAX)],
  ['max_concurrency', int(10, 1, 1000)],
  ['multipart_chunksize', int(8 * 1024 * 1024, 5 * 1024 * 1024, INT32_MAX)],
  ['num_download_attempts', int(5, 1, 100)],
  ['max_io_queue', int(100, 1, 10000)],
  ['io_chunksize', int(256 * 1024, 1, INT32_MAX)],
  ['use_threads', bool(true)],
  ['max_bandwidth', int(null, 1, Number.MAX_SAFE_INTEGER, true)],
  ['preferred_transfer_client', { kind: 'choice', choices: ['auto', 'classic'], default: 'auto' }],
]);

const AMAZON_S3: SettingsClass = {
  mapping: new Map([
    ['aws_s3_access_key_id', 'access_key'],
    ['aws_access_key_id', 'access_key'],
    ['aws_s3_secret_access_key', 'secret_key'],
    ['aws_secret_access_key', 'secret_key'],
    ['aws_session_token', 'security_token'],
    ['aws_security_token', 'security_token'],
    ['aws_s3_session_profile', 'session_profile'],
    ['aws_s3_file_overwrite', 'file_overwrite'],
    ['aws_s3_object_parameters', 'object_parameters'],
    ['aws_storage_bucket_name', 'bucket_name'],
    ['aws_querystring_auth', 'querystring_auth'],
    ['aws_querystring_expire', 'querystring_expire'],
    ['aws_s3_signature_version', 'signature_version'],
    ['aws_location', 'location'],
    ['aws_s3_custom_domain', 'custom_domain'],
    ['aws_cloudfront_key_id', 'cloudfront_key_id'],
    ['aws_cloudfront_key', 'cloudfront_key'],
    ['aws_s3_addressing_style', 'addressing_style'],
    ['aws_s3_file_name_charset', 'file_name_charset'],
    ['aws_is_gzipped', 'gzip'],
    ['gzip_content_types', 'gzip_content_types'],
    ['aws_s3_url_protocol', 'url_protocol'],
    ['aws_s3_endpoint_url', 'endpoint_url'],
    ['aws_s3_proxies', 'proxies'],
    ['aws_s3_region_name', 'region_name'],
    ['aws_s3_use_ssl', 'use_ssl'],
    ['aws_s3_verify', 'verify'],
    ['aws_s3_max_memory_size', 'max_memory_size'],
    ['aws_default_acl', 'default_acl'],
    ['aws_s3_use_threads', 'use_threads'],
    ['aws_s3_transfer_config', 'transfer_config'],
    ['aws_s3_client_config', 'client_config'],
  ]),
  fields: new Map<string, FieldSpec & { secret?: boolean }>([
    ['access_key', secret({ kind: 'string', required: true })],
    ['secret_key', secret(optionalString())],
    ['security_token', secret(optionalString())],
    ['session_profile', { kind: 'hidden', default: false }],
    ['file_overwrite', bool(true)],
    ['object_parameters', { kind: 'dict', default: {} }],
    ['bucket_name', { kind: 'string', required: true }],
    ['querystring_auth', bool(true)],
    ['querystring_expire', int(3600, 1, MAX_PRESIGN_SECONDS)],
    ['signature_version', optionalString()],
    ['location', { kind: 'string', blank: true, default: '' }],
    ['custom_domain', optionalString()],
    ['cloudfront_key_id', optionalString()],
    ['cloudfront_key', secret(optionalString())],
    ['addressing_style', optionalString()],
    ['file_name_charset', { kind: 'string', default: 'utf-8' }],
    ['gzip', bool(false)],
    ['gzip_content_types', { kind: 'list', default: GZIP_TYPES }],
    ['url_protocol', { kind: 'string', default: 'https:' }],
    ['endpoint_url', optionalString()],
    ['proxies', { kind: 'dict', nullable: true, default: null }],
    ['region_name', optionalString()],
    ['use_ssl', bool(true)],
    // Pulp: verify can only be None (verify TLS) or False; a true value means None.
    ['verify', bool(null, true)],
    ['max_memory_size', int(0, 0, INT32_MAX)],
    ['default_acl', optionalString()],
    ['use_threads', bool(true)],
    ['transfer_config', { kind: 'nested', nullable: true, default: null, fields: TRANSFER_CONFIG }],
    ['client_config', { kind: 'hidden', default: null }],
  ]),
  check: (settings) =>
    settings.secret_key || settings.security_token ? undefined : "One of 'secret_key' or 'security_token' must be set.",
};

const AZURE: SettingsClass = {
  mapping: new Map([
    ['azure_account_name', 'account_name'],
    ['azure_account_key', 'account_key'],
    ['azure_object_parameters', 'object_parameters'],
    ['azure_container', 'azure_container'],
    ['azure_ssl', 'azure_ssl'],
    ['azure_upload_max_conn', 'upload_max_conn'],
    ['azure_connection_timeout_secs', 'timeout'],
    ['azure_blob_max_memory_size', 'max_memory_size'],
    ['azure_url_expiration_secs', 'expiration_secs'],
    ['azure_overwrite_files', 'overwrite_files'],
    ['azure_location', 'location'],
    ['azure_cache_control', 'cache_control'],
    ['azure_sas_token', 'sas_token'],
    ['azure_endpoint_suffix', 'endpoint_suffix'],
    ['azure_custom_domain', 'custom_domain'],
    ['azure_connection_string', 'connection_string'],
    ['azure_token_credential', 'token_credential'],
    ['azure_api_version', 'api_version'],
  ]),
  fields: new Map<string, FieldSpec & { secret?: boolean }>([
    ['account_name', secret({ kind: 'string', required: true })],
    ['account_key', secret({ kind: 'string', required: true })],
    ['object_parameters', { kind: 'dict', default: {} }],
    ['azure_container', { kind: 'string', required: true }],
    ['azure_ssl', bool(true)],
    ['upload_max_conn', int(2, 1, 1000)],
    ['timeout', int(20, 1, 86400)],
    ['max_memory_size', int(2 * 1024 * 1024, 0, INT32_MAX)],
    ['expiration_secs', int(null, 1, INT32_MAX, true)],
    ['overwrite_files', bool(true)],
    ['location', { kind: 'string', blank: true, default: '' }],
    ['cache_control', optionalString()],
    // Pulp shows these two; they carry credentials, so they are write-only here (DESIGN.md §4).
    ['sas_token', secret(optionalString())],
    ['endpoint_suffix', { kind: 'string', default: 'core.windows.net' }],
    ['custom_domain', optionalString()],
    ['connection_string', secret(optionalString())],
    ['token_credential', optionalString()],
    ['api_version', optionalString()],
  ]),
};

const SETTINGS_CLASSES: ReadonlyMap<string, SettingsClass> = new Map([
  [FILESYSTEM_STORAGE, FILESYSTEM],
  [S3BOTO3_STORAGE, AMAZON_S3],
  [S3_STORAGE, AMAZON_S3],
  [AZURE_STORAGE, AZURE],
]);

export type StorageSettings = Record<string, unknown>;
export type StorageSettingsResult = { settings: StorageSettings } | { errors: Record<string, string[]> };

function settingsClass(storageClass: string): SettingsClass {
  const found = SETTINGS_CLASSES.get(storageClass);
  if (!found) {
    throw new Error(`Unknown storage class "${storageClass}"; one of ${STORAGE_CLASSES.join(', ')}.`);
  }
  return found;
}

/**
 * Validates storage settings as Pulp's per-class settings serializer does: setting names (any
 * case, `AWS_STORAGE_BUCKET_NAME`) are mapped to the storage's own argument names (`bucket_name`),
 * anything else is an "Unexpected field", required fields are checked, values typed and bounded,
 * and defaults filled in. An unknown storage class is the caller's error (it validates the class).
 */
export function parseStorageSettings(storageClass: string, raw: unknown): StorageSettingsResult {
  const spec = settingsClass(storageClass);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { errors: { non_field_errors: [`Invalid data. Expected a dictionary, but got ${typeName(raw)}.`] } };
  }
  const given = new Map<string, unknown>();
  // Keys are the user's: a Map, then own properties (`__proto__` must stay a key, not a prototype).
  const unexpected = new Map<string, string[]>();
  for (const [key, value] of Object.entries(raw)) {
    const mapped = spec.mapping.get(key.toLowerCase());
    if (mapped !== undefined) {
      given.set(mapped, value);
    } else if (spec.fields.has(key)) {
      given.set(key, value);
    } else {
      unexpected.set(key, ['Unexpected field']);
    }
  }
  if (unexpected.size > 0) {
    return { errors: Object.fromEntries(unexpected) };
  }
  const result = parseFields(spec.fields, given);
  if ('errors' in result) {
    return result;
  }
  const problem = spec.check?.(result.settings);
  return problem ? { errors: { non_field_errors: [problem] } } : result;
}

/** The write-only fields of a class: accepted, stored, never shown. */
export function secretStorageFields(storageClass: string): readonly string[] {
  return [...settingsClass(storageClass).fields].filter(([, spec]) => spec.secret).map(([name]) => name);
}

function parseFields(fields: FieldTable, given: ReadonlyMap<string, unknown>): StorageSettingsResult {
  const settings: StorageSettings = {};
  const errors: Record<string, string[]> = {};
  for (const [name, spec] of fields) {
    const outcome = given.has(name) ? parseValue(spec, given.get(name)) : missing(spec);
    if ('error' in outcome) {
      errors[name] = [outcome.error];
    } else {
      settings[name] = outcome.value;
    }
  }
  return Object.keys(errors).length > 0 ? { errors } : { settings };
}

type Outcome = { value: unknown } | { error: string };

function missing(spec: FieldSpec): Outcome {
  return spec.kind === 'string' && spec.required
    ? { error: 'This field is required.' }
    : { value: structuredClone(spec.default ?? null) };
}

function parseValue(spec: FieldSpec, value: unknown): Outcome {
  if (spec.kind === 'hidden') {
    return { value: spec.default };
  }
  if (value === null) {
    return 'nullable' in spec && spec.nullable ? { value: null } : { error: 'This field may not be null.' };
  }
  switch (spec.kind) {
    case 'string':
      return parseString(value, spec.blank ?? false);
    case 'integer':
      return parseInteger(value, spec.min, spec.max);
    case 'boolean':
      return parseBoolean(value);
    case 'choice':
      return typeof value === 'string' && spec.choices.includes(value)
        ? { value }
        : { error: `${JSON.stringify(value).slice(0, 50)} is not a valid choice.` };
    case 'dict':
      return parseDict(value);
    case 'list':
      return parseList(value);
    case 'nested': {
      if (typeof value !== 'object' || Array.isArray(value)) {
        return { error: `Invalid data. Expected a dictionary, but got ${typeName(value)}.` };
      }
      const parsed = parseFields(spec.fields, new Map(Object.entries(value)));
      return 'errors' in parsed ? { error: JSON.stringify(parsed.errors) } : { value: parsed.settings };
    }
  }
}

function parseString(value: unknown, blank: boolean): Outcome {
  if (typeof value !== 'string' && typeof value !== 'number') {
    return { error: 'Not a valid string.' };
  }
  // DRF's CharField: numbers become strings, surrounding whitespace is trimmed.
  const text = String(value).trim();
  if (text.includes('\0')) {
    return { error: 'Null characters are not allowed.' };
  }
  if (text.length > MAX_STRING) {
    return { error: `Ensure this field has no more than ${MAX_STRING} characters.` };
  }
  if (text === '' && !blank) {
    return { error: 'This field may not be blank.' };
  }
  return { value: text };
}

function parseInteger(value: unknown, min: number, max: number): Outcome {
  const number = typeof value === 'string' && /^\s*-?\d{1,20}\s*$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number)) {
    return { error: 'A valid integer is required.' };
  }
  if (number < min) {
    return { error: `Ensure this value is greater than or equal to ${min}.` };
  }
  if (number > max) {
    return { error: `Ensure this value is less than or equal to ${max}.` };
  }
  return { value: number };
}

const TRUE = new Set<unknown>([true, 1, 'true', 'True', 'TRUE', '1', 'yes', 'on', 'y']);
const FALSE = new Set<unknown>([false, 0, 'false', 'False', 'FALSE', '0', 'no', 'off', 'n']);

function parseBoolean(value: unknown): Outcome {
  if (TRUE.has(value)) {
    return { value: true };
  }
  return FALSE.has(value) ? { value: false } : { error: 'Must be a valid boolean.' };
}

function parseDict(value: unknown): Outcome {
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { error: `Expected a dictionary of items but got type "${typeName(value)}".` };
  }
  const text = JSON.stringify(value);
  if (text.includes('\\u0000')) {
    return { error: 'Null characters are not allowed.' };
  }
  if (text.length > 16 * MAX_STRING) {
    return { error: 'This dictionary is too large.' };
  }
  return { value: JSON.parse(text) as unknown };
}

function parseList(value: unknown): Outcome {
  if (!Array.isArray(value)) {
    return { error: `Expected a list of items but got type "${typeName(value)}".` };
  }
  if (value.length > 100) {
    return { error: 'Ensure this field has no more than 100 elements.' };
  }
  const items: string[] = [];
  for (const item of value) {
    const parsed = parseString(item, false);
    if ('error' in parsed) {
      return parsed;
    }
    items.push(parsed.value as string);
  }
  return { value: items };
}

function typeName(value: unknown): string {
  if (value === null) {
    return 'NoneType';
  }
  if (Array.isArray(value)) {
    return 'list';
  }
  return { string: 'str', number: 'int', boolean: 'bool' }[typeof value as string] ?? typeof value;
}

/**
 * Builds the storage a class and its parsed settings describe. The S3 driver (and the AWS SDK
 * under it) is loaded only here, so a filesystem-only process never pays for it.
 */
export function createStorage(storageClass: string, settings: StorageSettings): ArtifactStorage {
  switch (storageClass) {
    case FILESYSTEM_STORAGE:
      return new FileSystemStorage(String(settings.location));
    case S3_STORAGE:
    case S3BOTO3_STORAGE: {
      // `require`, not `import()`: jest cannot run a dynamic import (as libs/telemetry's loader).
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { S3Storage } = require('./s3-storage') as typeof import('./s3-storage');
      return new S3Storage(settings);
    }
    case AZURE_STORAGE:
      throw new Error(`Storage class ${AZURE_STORAGE} is not supported yet.`);
    default:
      throw new Error(`Unknown storage class "${storageClass}"; one of ${STORAGE_CLASSES.join(', ')}.`);
  }
}
