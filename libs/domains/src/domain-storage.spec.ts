import {
  domainStorageSettings,
  globalStorageSettings,
  storageSettingsBody,
  storageSettingsInput,
} from './domain-storage';

const FILESYSTEM = 'pulpcore.app.models.storage.FileSystem';
const S3 = 'storages.backends.s3.S3Storage';

describe('storageSettingsInput', () => {
  it('takes an object, or its JSON text as a form sends it', () => {
    expect(storageSettingsInput({ location: '' })).toEqual({ value: { location: '' } });
    expect(storageSettingsInput('{"location": "/x"}')).toEqual({ value: { location: '/x' } });
  });

  it("refuses anything else with Pulp's messages", () => {
    expect(storageSettingsInput('{')).toEqual({ problem: 'Improper JSON string passed in' });
    expect(storageSettingsInput([])).toEqual({ problem: 'Storage settings should be a JSON object.' });
    expect(storageSettingsInput('3')).toEqual({ problem: 'Storage settings should be a JSON object.' });
    expect(storageSettingsInput(null)).toEqual({ problem: 'Storage settings should be a JSON object.' });
  });
});

describe('domainStorageSettings', () => {
  const current = {
    storageClass: S3,
    settings: (
      domainStorageSettings(S3, { access_key: 'a', secret_key: 's', bucket_name: 'b' }) as { settings: object }
    ).settings as Record<string, unknown>,
  };

  it('merges an update of the same class into the current settings, secrets included', () => {
    const updated = domainStorageSettings(S3, { bucket_name: 'other' }, current);
    expect(updated).toEqual({
      settings: expect.objectContaining({ access_key: 'a', secret_key: 's', bucket_name: 'other' }),
    });
  });

  it('starts a new class from nothing', () => {
    expect(domainStorageSettings(FILESYSTEM, {}, current)).toEqual({
      errors: { location: ['This field is required.'] },
    });
  });
});

describe('storageSettingsBody', () => {
  it('leaves the secrets out and says which are set', () => {
    const body = storageSettingsBody(S3, { access_key: 'a', secret_key: '', bucket_name: 'b', security_token: null });
    expect(body).toEqual({
      bucket_name: 'b',
      hidden_fields: [
        { name: 'access_key', is_set: true },
        { name: 'secret_key', is_set: false },
        { name: 'security_token', is_set: false },
        { name: 'cloudfront_key', is_set: false },
      ],
    });
  });

  it('shows nothing of a global backend no domain can use', () => {
    expect(storageSettingsBody('storages.backends.gcloud.GoogleCloudStorage', { credentials: 'x' })).toEqual({
      hidden_fields: [],
    });
  });
});

describe('globalStorageSettings', () => {
  it("reports MEDIA_ROOT as a filesystem's location, with the class's defaults", () => {
    expect(globalStorageSettings({ backend: FILESYSTEM, options: {}, mediaRoot: '/var/lib/pulp/media' })).toEqual({
      storageClass: FILESYSTEM,
      settings: {
        location: '/var/lib/pulp/media',
        base_url: '',
        file_permissions_mode: 0o644,
        directory_permissions_mode: null,
      },
    });
  });

  it('shows the options as they are when the class would refuse them', () => {
    expect(globalStorageSettings({ backend: S3, options: { bucket_name: 'b' }, mediaRoot: '' })).toEqual({
      storageClass: S3,
      settings: { bucket_name: 'b' },
    });
  });
});
