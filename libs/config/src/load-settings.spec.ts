import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSettings } from './load-settings';
import { SettingsError } from './settings-error';

describe('loadSettings', () => {
  let dir: string;
  const file = (text: string) => {
    const path = join(dir, 'settings.yaml');
    writeFileSync(path, text);
    return path;
  };
  // The system file is looked for in the test folder, so a machine's /etc/pulp/settings.yaml cannot interfere.
  const load = (env: Record<string, string>) =>
    loadSettings({ PULP_SECRET_KEY: 'k', ...env }, dir, join(dir, 'etc-pulp-settings.yaml'));
  const problems = (env: Record<string, string>): string => {
    try {
      load(env);
    } catch (error) {
      expect(error).toBeInstanceOf(SettingsError);
      return (error as SettingsError).problems.join('\n');
    }
    throw new Error('expected a SettingsError');
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pulp-settings-'));
  });

  it("uses Pulp's defaults when nothing is configured", () => {
    const { settings, warnings, embeddedDatabase, settingsFile } = load({});
    expect(settings).toMatchObject({
      API_ROOT: '/pulp/',
      CONTENT_PATH_PREFIX: '/pulp/content/',
      CONTENT_ORIGIN: null,
      WORKER_TTL: 30,
      ANALYTICS: true,
      DOMAIN_ENABLED: false,
      STATIC_URL: '/assets/',
      MEDIA_ROOT: '/var/lib/pulp/media',
      STATIC_ROOT: '/var/lib/pulp/assets',
      WORKING_DIRECTORY: '/var/lib/pulp/tmp',
    });
    expect(warnings).toEqual([]);
    expect(embeddedDatabase).toBe(true);
    expect(settingsFile).toBeNull();
  });

  it('lets the settings file override defaults and the environment override the file', () => {
    const path = file('WORKER_TTL: 10\nCONTENT_PATH_PREFIX: /from-file/\nCONTENT_ORIGIN: https://file.example\n');
    const { settings, settingsFile } = load({ PULP_SETTINGS: path, PULP_WORKER_TTL: '20' });
    expect(settingsFile).toBe(path);
    expect(settings.WORKER_TTL).toBe(20);
    expect(settings.CONTENT_PATH_PREFIX).toBe('/from-file/');
    expect(settings.CONTENT_ORIGIN).toBe('https://file.example');
  });

  it('reads ./settings.yaml when PULP_SETTINGS is not set', () => {
    file('API_ROOT: /local/\n');
    expect(load({}).settings.API_ROOT).toBe('/local/');
  });

  it('parses environment values as YAML scalars, lists and maps', () => {
    const { settings } = load({
      PULP_ANALYTICS: 'false',
      PULP_ALLOWED_CONTENT_CHECKSUMS: '["sha256", "sha512"]',
      PULP_CACHE_SETTINGS: '{EXPIRES_TTL: 30}',
      PULP_REDIS_PASSWORD: '"123"',
      PULP_API_APP_TTL: '@int 90',
    });
    expect(settings.ANALYTICS).toBe(false);
    expect(settings.ALLOWED_CONTENT_CHECKSUMS).toEqual(['sha256', 'sha512']);
    expect(settings.CACHE_SETTINGS).toEqual({ EXPIRES_TTL: 30 });
    expect(settings.REDIS_PASSWORD).toBe('123');
    expect(settings.API_APP_TTL).toBe(90);
  });

  it('merges nested environment keys into the configured value', () => {
    const path = file('DATABASES:\n  default:\n    NAME: pulp\n    USER: pulp\n    HOST: db.example\n');
    const { settings, embeddedDatabase } = load({ PULP_SETTINGS: path, PULP_DATABASES__default__PORT: '6432' });
    expect(settings.DATABASES.default).toEqual({ NAME: 'pulp', USER: 'pulp', HOST: 'db.example', PORT: 6432 });
    expect(embeddedDatabase).toBe(false);
  });

  it('merges nested environment keys into the defaults, leaving the embedded database off', () => {
    const { settings, embeddedDatabase } = load({ PULP_DATABASES__default__HOST: 'db' });
    expect(settings.DATABASES.default).toMatchObject({ NAME: 'pulp', USER: 'pulp', HOST: 'db' });
    expect(embeddedDatabase).toBe(false);
  });

  it('derives unset paths from DEPLOY_ROOT, resolved against the working directory', () => {
    const { settings } = load({ PULP_DEPLOY_ROOT: 'var', PULP_STATIC_ROOT: '/srv/static' });
    expect(settings.DEPLOY_ROOT).toBe(join(dir, 'var'));
    expect(settings.MEDIA_ROOT).toBe(join(dir, 'var/media'));
    expect(settings.WORKING_DIRECTORY).toBe(join(dir, 'var/tmp'));
    expect(settings.FILE_UPLOAD_TEMP_DIR).toBe(join(dir, 'var/tmp'));
    expect(settings.EMBEDDED_POSTGRES_DIR).toBe(join(dir, 'var/postgres'));
    expect(settings.STATIC_ROOT).toBe('/srv/static');
  });

  it('resolves a relative DB_ENCRYPTION_KEY against the working directory, keeps the default', () => {
    expect(load({ PULP_DB_ENCRYPTION_KEY: 'certs/db.key' }).settings.DB_ENCRYPTION_KEY).toBe(join(dir, 'certs/db.key'));
    expect(load({}).settings.DB_ENCRYPTION_KEY).toBe('/etc/pulp/certs/database_fields.symmetric.key');
  });

  it('warns about unknown settings, naming them and where they came from', () => {
    const path = file('FILE_SYNC_OPTIMIZATION: true\n');
    const { warnings } = load({ PULP_SETTINGS: path, PULP_WORKER_TLL: '5' });
    expect(warnings).toEqual([
      `Unknown setting FILE_SYNC_OPTIMIZATION (from ${path}) is ignored; it may belong to a plugin that is not installed.`,
      'Unknown setting WORKER_TLL (from PULP_WORKER_TLL) is ignored; it may belong to a plugin that is not installed.',
    ]);
  });

  it.each([
    [{ PULP_WORKER_TTL: 'abc' }, 'must be a number conforming to the specified constraints (got "abc")'],
    [{ PULP_WORKER_TTL: '-1' }, 'WORKER_TTL (from PULP_WORKER_TTL): must be a positive number'],
    [{ PULP_ANALYTICS: 'maybe' }, 'ANALYTICS (from PULP_ANALYTICS): must be a boolean value'],
    [{ PULP_API_ROOT: '/pulp' }, 'API_ROOT (from PULP_API_ROOT): must start and end with "/"'],
    [
      { PULP_CONTENT_ORIGIN: 'pulp.example.com' },
      'CONTENT_ORIGIN (from PULP_CONTENT_ORIGIN): must be scheme://host[:port]',
    ],
    [{ PULP_SECRET_KEY: '' }, 'SECRET_KEY (from PULP_SECRET_KEY): must not be empty'],
    [
      { PULP_ALLOWED_CONTENT_CHECKSUMS: '[sha512]' },
      'ALLOWED_CONTENT_CHECKSUMS (from PULP_ALLOWED_CONTENT_CHECKSUMS): must include sha256',
    ],
    [{ PULP_ALLOWED_CONTENT_CHECKSUMS: '[sha256, crc32]' }, 'each value must be one of md5, sha1'],
    [
      { PULP_CACHE_ENABLED: 'true' },
      'CACHE_ENABLED (from PULP_CACHE_ENABLED): needs REDIS_URL, or REDIS_HOST and REDIS_PORT',
    ],
    [{ PULP_ENABLED_PLUGINS: '[]' }, 'ENABLED_PLUGINS (from PULP_ENABLED_PLUGINS): should not be empty'],
    [{ PULP_ENABLED_PLUGINS: '[file]', PULP_INSTALLED_PLUGINS: '[rpm]' }, 'contradicts INSTALLED_PLUGINS'],
    [
      { PULP_DATABASES: '{default: {HOST: db}}' },
      'DATABASES (from PULP_DATABASES): needs a "default" entry with at least NAME and USER',
    ],
    [{ PULP_DATABASES__default__ENGINE: 'django.db.backends.mysql' }, 'only PostgreSQL is'],
    [{ PULP_WORKER_TYPE: 'redis' }, 'WORKER_TYPE (from PULP_WORKER_TYPE)'],
    [
      { PULP_API_ROOT_REWRITE_HEADER: 'X-API-Root' },
      'API_ROOT_REWRITE_HEADER (from PULP_API_ROOT_REWRITE_HEADER): per-request API roots are not available',
    ],
    [{ PULP_API_APP_TTL: '@int ninety' }, 'API_APP_TTL (from PULP_API_APP_TTL): "ninety" is not a number'],
    [{ PULP_REMOTE_USER_ENVIRON_NAME: 'Remote-User' }, 'REMOTE_USER_ENVIRON_NAME (from PULP_REMOTE_USER_ENVIRON_NAME)'],
    [
      { PULP_AUTHENTICATION_JSON_HEADER: 'X_IDENTITY', PULP_AUTHENTICATION_JSON_HEADER_JQ_FILTER: '.user' },
      'AUTHENTICATION_JSON_HEADER (from PULP_AUTHENTICATION_JSON_HEADER): must start with "HTTP_"',
    ],
    [
      { PULP_AUTHENTICATION_JSON_HEADER: 'HTTP_X_IDENTITY' },
      'AUTHENTICATION_JSON_HEADER_JQ_FILTER (from default): must be a jq path starting with "."',
    ],
    [
      { PULP_AUTHENTICATION_JSON_HEADER: 'HTTP_X_IDENTITY', PULP_AUTHENTICATION_JSON_HEADER_JQ_FILTER: '.a | .b' },
      'AUTHENTICATION_JSON_HEADER_JQ_FILTER (from PULP_AUTHENTICATION_JSON_HEADER_JQ_FILTER): must be a jq path',
    ],
    [
      { PULP_AUTHENTICATION_JSON_HEADER_JQ_FILTER: '.user' },
      'AUTHENTICATION_JSON_HEADER_JQ_FILTER (from PULP_AUTHENTICATION_JSON_HEADER_JQ_FILTER): needs AUTHENTICATION_JSON_HEADER',
    ],
    [{ PULP_AUTHENTICATION_FAILURES_PER_USER: '0' }, 'AUTHENTICATION_FAILURES_PER_USER (from'],
    [{ PULP_SESSION_COOKIE_AGE: '1.5' }, 'SESSION_COOKIE_AGE (from PULP_SESSION_COOKIE_AGE)'],
  ])('refuses %j with a message naming the setting', (env, message) => {
    expect(problems(env)).toContain(message);
  });

  it('accepts JSON-header authentication with a header and a jq path', () => {
    const { settings } = load({
      PULP_AUTHENTICATION_JSON_HEADER: 'HTTP_X_IDENTITY',
      PULP_AUTHENTICATION_JSON_HEADER_JQ_FILTER: '.identity.user.username',
    });
    expect(settings.AUTHENTICATION_JSON_HEADER).toBe('HTTP_X_IDENTITY');
  });

  it('reports every problem at once', () => {
    expect(problems({ PULP_WORKER_TTL: 'x', PULP_API_ROOT: 'x' }).split('\n')).toHaveLength(2);
  });

  it('refuses a malformed settings file, naming it', () => {
    const path = file('WORKER_TTL: [1, 2\nAPI_ROOT: /pulp/\n');
    expect(problems({ PULP_SETTINGS: path })).toContain(`${path} is not valid YAML`);
  });

  it('refuses a settings file that is not a mapping', () => {
    const path = file('- a\n- b\n');
    expect(problems({ PULP_SETTINGS: path })).toContain('must be a mapping of setting names to values');
  });

  it('refuses a PULP_SETTINGS that names no file', () => {
    expect(problems({ PULP_SETTINGS: join(dir, 'missing.yaml') })).toContain('which does not exist');
  });

  it('lets the deprecated TELEMETRY win over ANALYTICS, with a warning', () => {
    const { settings, warnings } = load({ PULP_TELEMETRY: 'false' });
    expect(settings.ANALYTICS).toBe(false);
    expect(warnings).toEqual(['TELEMETRY (from PULP_TELEMETRY) is deprecated: set ANALYTICS instead.']);
  });

  it('reads the system settings file before ./settings.yaml', () => {
    const system = join(dir, 'etc-pulp-settings.yaml');
    writeFileSync(system, 'API_ROOT: /system/\n');
    file('API_ROOT: /local/\n');
    expect(load({}).settings.API_ROOT).toBe('/system/');
  });

  it('keeps a path explicitly set to "" (MEDIA_ROOT with object storage)', () => {
    expect(load({ PULP_MEDIA_ROOT: '""' }).settings.MEDIA_ROOT).toBe('');
  });

  it('drops a trailing slash from CONTENT_ORIGIN', () => {
    expect(load({ PULP_CONTENT_ORIGIN: 'https://pulp.example/' }).settings.CONTENT_ORIGIN).toBe('https://pulp.example');
  });

  it('ignores PULP_ variables that are not settings', () => {
    expect(load({ PULP_TEST_DATABASE_URL: 'postgres://x', PULP_ENV: 'x' }).warnings).toEqual([]);
  });
});
