import {
  AZURE_STORAGE,
  createStorage,
  FILESYSTEM_STORAGE,
  parseStorageSettings,
  S3_STORAGE,
  S3BOTO3_STORAGE,
  secretStorageFields,
  STORAGE_CLASSES,
} from './storage-settings';
import { FileSystemStorage } from './filesystem-storage';

const S3_MINIMAL = { bucket_name: 'pulp', access_key: 'AKIA', secret_key: 'secret' };

describe('parseStorageSettings', () => {
  it("lists the classes in Pulp's order", () => {
    expect(STORAGE_CLASSES).toEqual([FILESYSTEM_STORAGE, S3BOTO3_STORAGE, S3_STORAGE, AZURE_STORAGE]);
  });

  it('maps setting names of any case to the storage arguments and fills defaults', () => {
    const result = parseStorageSettings(S3_STORAGE, {
      AWS_STORAGE_BUCKET_NAME: 'pulp',
      aws_access_key_id: 'AKIA',
      AWS_SECRET_ACCESS_KEY: 'secret',
      aws_s3_endpoint_url: 'http://127.0.0.1:9000',
      addressing_style: 'path',
      querystring_expire: '600',
    });
    expect(result).toEqual({
      settings: expect.objectContaining({
        bucket_name: 'pulp',
        access_key: 'AKIA',
        secret_key: 'secret',
        endpoint_url: 'http://127.0.0.1:9000',
        addressing_style: 'path',
        querystring_expire: 600,
        location: '',
        file_overwrite: true,
        default_acl: null,
        transfer_config: null,
      }),
    });
  });

  it('refuses unknown keys, the names of the object prototype among them', () => {
    expect(parseStorageSettings(S3_STORAGE, JSON.parse('{"__proto__": 1, "constructor": 2, "bucket": "x"}'))).toEqual({
      errors: Object.fromEntries(['__proto__', 'constructor', 'bucket'].map((key) => [key, ['Unexpected field']])),
    });
  });

  it('names missing required fields, then asks for a secret key or a token', () => {
    expect(parseStorageSettings(S3_STORAGE, {})).toEqual({
      errors: { access_key: ['This field is required.'], bucket_name: ['This field is required.'] },
    });
    expect(parseStorageSettings(S3BOTO3_STORAGE, { bucket_name: 'b', access_key: 'a' })).toEqual({
      errors: { non_field_errors: ["One of 'secret_key' or 'security_token' must be set."] },
    });
    expect(parseStorageSettings(S3_STORAGE, { bucket_name: 'b', access_key: 'a', security_token: 't' })).toHaveProperty(
      'settings',
    );
  });

  it('checks types and bounds against where the values go', () => {
    const result = parseStorageSettings(S3_STORAGE, {
      ...S3_MINIMAL,
      bucket_name: 'a\0b',
      location: 'x'.repeat(2000),
      querystring_expire: 10 ** 12,
      file_overwrite: 'perhaps',
      object_parameters: 'CacheControl',
      gzip_content_types: [1, {}],
      transfer_config: { max_concurrency: 0 },
      access_key: null,
    });
    expect(result).toEqual({
      errors: {
        bucket_name: ['Null characters are not allowed.'],
        location: ['Ensure this field has no more than 1024 characters.'],
        querystring_expire: ['Ensure this value is less than or equal to 604800.'],
        file_overwrite: ['Must be a valid boolean.'],
        object_parameters: ['Expected a dictionary of items but got type "str".'],
        gzip_content_types: ['Not a valid string.'],
        transfer_config: [JSON.stringify({ max_concurrency: ['Ensure this value is greater than or equal to 1.'] })],
        access_key: ['This field may not be null.'],
      },
    });
  });

  it('ignores what is sent for hidden fields', () => {
    const result = parseStorageSettings(S3_STORAGE, { ...S3_MINIMAL, session_profile: 'admin' });
    expect(result).toEqual({ settings: expect.objectContaining({ session_profile: false }) });
  });

  it('refuses settings that are no object', () => {
    expect(parseStorageSettings(S3_STORAGE, ['a'])).toEqual({
      errors: { non_field_errors: ['Invalid data. Expected a dictionary, but got list.'] },
    });
  });

  it('parses filesystem settings (location may be blank) and Azure settings', () => {
    expect(parseStorageSettings(FILESYSTEM_STORAGE, { MEDIA_ROOT: '' })).toEqual({
      settings: { location: '', base_url: '', file_permissions_mode: 0o644, directory_permissions_mode: null },
    });
    expect(parseStorageSettings(FILESYSTEM_STORAGE, { file_permissions_mode: 0o10000 })).toEqual({
      errors: {
        location: ['This field is required.'],
        file_permissions_mode: ['Ensure this value is less than or equal to 4095.'],
      },
    });
    expect(
      parseStorageSettings(AZURE_STORAGE, { azure_account_name: 'a', account_key: 'k', AZURE_CONTAINER: 'c' }),
    ).toEqual({ settings: expect.objectContaining({ account_name: 'a', azure_container: 'c', timeout: 20 }) });
  });

  it('names the write-only fields of each class', () => {
    expect(secretStorageFields(S3_STORAGE)).toEqual(['access_key', 'secret_key', 'security_token', 'cloudfront_key']);
    expect(secretStorageFields(AZURE_STORAGE)).toEqual([
      'account_name',
      'account_key',
      'sas_token',
      'connection_string',
    ]);
    expect(secretStorageFields(FILESYSTEM_STORAGE)).toEqual([]);
  });
});

describe('createStorage', () => {
  it('builds a filesystem storage at its location, and refuses Azure for now', () => {
    expect(createStorage(FILESYSTEM_STORAGE, { location: '/tmp/media' })).toBeInstanceOf(FileSystemStorage);
    expect(() => createStorage(AZURE_STORAGE, {})).toThrow('is not supported yet');
    expect(() => createStorage('storages.backends.sftpstorage.SFTPStorage', {})).toThrow('Unknown storage class');
  });
});
