import {
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsPositive,
  IsString,
  Matches,
  Min,
  ValidateIf,
} from 'class-validator';
import { Setting } from './setting.decorator';

/** One entry of DATABASES, in Django's vocabulary (only PostgreSQL is supported). */
export interface DatabaseSettings {
  ENGINE?: string;
  NAME: string;
  USER: string;
  PASSWORD?: string;
  HOST?: string;
  PORT?: number | string;
  CONN_MAX_AGE?: number;
  OPTIONS?: Record<string, unknown>;
}

export const KNOWN_CHECKSUMS = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'] as const;

const nullable = ValidateIf((_object, value) => value !== null && value !== undefined);

/**
 * Every setting the server honours, with Pulp's names and defaults (initialisers).
 * Loaded once per process by `loadSettings()`; never read `process.env` elsewhere.
 */
export class PulpSettings {
  // --- core, paths, security -------------------------------------------------
  @Setting('Core', 'Secret used to sign sessions and derive keys. Required.', { secret: true })
  @IsString()
  @Matches(/\S/, { message: 'must not be empty' })
  SECRET_KEY = '';

  @Setting('Core', 'Verbose error pages and logs. Never in production.')
  @IsBoolean()
  DEBUG = false;

  @Setting('Core', 'Host names the API and content app answer to (`*` for any).')
  @IsArray()
  @IsString({ each: true })
  ALLOWED_HOSTS: string[] = ['*'];

  @Setting(
    'Database',
    'PostgreSQL connection, as Django spells it: `{default: {NAME, USER, PASSWORD, HOST, PORT}}`. ' +
      'When no layer sets it, every process uses the embedded PostgreSQL (EMBEDDED_POSTGRES_DIR).',
    { secret: true },
  )
  @IsObject()
  DATABASES: Record<string, DatabaseSettings> = {
    default: { ENGINE: 'django.db.backends.postgresql', NAME: 'pulp', USER: 'pulp', CONN_MAX_AGE: 0 },
  };

  @Setting('Database', 'Data directory of the embedded PostgreSQL. Default: `<DEPLOY_ROOT>/postgres`.')
  @IsString()
  EMBEDDED_POSTGRES_DIR = '';

  @Setting('Database', 'TCP port (on 127.0.0.1) of the embedded PostgreSQL.')
  @IsInt()
  @Min(1)
  EMBEDDED_POSTGRES_PORT = 24818;

  @Setting(
    'Core',
    'File of Fernet keys, one a line, that encrypt the secrets in the database (remote passwords and client keys, task arguments): the first encrypts, each decrypts. Every process needs the same file; `pulpcore-manager rotate-db-key` re-encrypts with the first key.',
  )
  @IsString()
  DB_ENCRYPTION_KEY = '/etc/pulp/certs/database_fields.symmetric.key';

  @Setting('Paths', 'Base directory of the other paths when they are not set.')
  @IsString()
  DEPLOY_ROOT = '/var/lib/pulp';

  @Setting('Paths', 'Root of the filesystem artifact storage. Default: `<DEPLOY_ROOT>/media`.')
  @IsString()
  MEDIA_ROOT = '';

  @Setting('Paths', 'Temporary files of workers, downloads and uploads. Default: `<DEPLOY_ROOT>/tmp`.')
  @IsString()
  WORKING_DIRECTORY = '';

  @Setting('Paths', 'Where uploads are spooled. Default: WORKING_DIRECTORY.')
  @IsString()
  FILE_UPLOAD_TEMP_DIR = '';

  @Setting('Paths', 'Storage-relative directory of upload chunks.')
  @IsString()
  CHUNKED_UPLOAD_DIR = 'upload';

  @Setting('Paths', 'URL prefix of static assets served by the API.')
  @IsString()
  @Matches(/^\/(.*\/)?$/, { message: 'must start and end with "/"' })
  STATIC_URL = '/assets/';

  @Setting('Paths', 'Directory `pulpcore-manager collectstatic` fills. Default: `<DEPLOY_ROOT>/assets`.')
  @IsString()
  STATIC_ROOT = '';

  @Setting('Storage', 'Artifact storage backend and its OPTIONS: FileSystem or S3 (docs/content.md, Storage).')
  @IsObject()
  STORAGES: Record<string, { BACKEND: string; OPTIONS?: Record<string, unknown> }> = {
    default: { BACKEND: 'pulpcore.app.models.storage.FileSystem' },
    staticfiles: { BACKEND: 'django.contrib.staticfiles.storage.StaticFilesStorage' },
  };

  @Setting('Storage', 'With object storage, answer content requests with a redirect to a presigned URL.')
  @IsBoolean()
  REDIRECT_TO_OBJECT_STORAGE = true;

  @Setting('Storage', 'Checksums computed and stored for artifacts; must include sha256.')
  @IsArray()
  @IsIn(KNOWN_CHECKSUMS, { each: true, message: `each value must be one of ${KNOWN_CHECKSUMS.join(', ')}` })
  ALLOWED_CONTENT_CHECKSUMS: string[] = ['sha224', 'sha256', 'sha384', 'sha512'];

  @Setting('Storage', 'Path prefixes that `file://` remotes and imports may read.')
  @IsArray()
  @IsString({ each: true })
  ALLOWED_IMPORT_PATHS: string[] = [];

  @Setting('Storage', 'Path prefixes that exporters may write.')
  @IsArray()
  @IsString({ each: true })
  ALLOWED_EXPORT_PATHS: string[] = [];

  @Setting('Content app', 'Leave guarded distributions out of the content app index pages.')
  @IsBoolean()
  HIDE_GUARDED_DISTRIBUTIONS = false;

  // --- URLs --------------------------------------------------------------------
  @Setting('URLs', 'Prefix of the REST API: it lives at `<API_ROOT>api/v3/`.')
  @IsString()
  @Matches(/^\/(.*\/)?$/, { message: 'must start and end with "/"' })
  API_ROOT = '/pulp/';

  @Setting('URLs', 'Request header that overrides API_ROOT per request (not implemented; must stay null).')
  @nullable
  @IsString()
  API_ROOT_REWRITE_HEADER: string | null = null;

  @Setting('URLs', '`scheme://host[:port]` of the content app as clients reach it; null makes base URLs relative.')
  @nullable
  @Matches(/^https?:\/\/[^/\s]+\/*$/, { message: 'must be scheme://host[:port] with no path' })
  CONTENT_ORIGIN: string | null = null;

  @Setting('URLs', 'Route prefix of the content app.')
  @IsString()
  @Matches(/^\/(.*\/)?$/, { message: 'must start and end with "/"' })
  CONTENT_PATH_PREFIX = '/pulp/content/';

  @Setting('URLs', 'Also serve the v4 API (not implemented; must stay false).')
  @IsBoolean()
  ENABLE_V4_API = false;

  @Setting('URLs', 'Multi-tenancy: resources live under `<API_ROOT><domain>/api/v3/`.')
  @IsBoolean()
  DOMAIN_ENABLED = false;

  // --- processes and tasking ------------------------------------------------------
  @Setting('Processes', 'Seconds without a heartbeat after which a worker is missing.')
  @IsNumber()
  @IsPositive()
  WORKER_TTL = 30;

  @Setting('Processes', 'Seconds without a heartbeat after which a content app is missing.')
  @IsNumber()
  @IsPositive()
  CONTENT_APP_TTL = 30;

  @Setting('Processes', 'Seconds without a heartbeat after which an API process is missing.')
  @IsNumber()
  @IsPositive()
  API_APP_TTL = 120;

  @Setting('Processes', 'Process name template; `{pid}`, `{hostname}` and `{fqdn}` are substituted.')
  @IsString()
  @Matches(/@/, { message: 'must contain "@" (hosts are counted by splitting on it)' })
  WORKER_NAME_TEMPLATE = '{pid}@{hostname}';

  @Setting('Processes', 'Tasking backend; only `pulpcore` (PostgreSQL) is implemented.')
  @IsIn(['pulpcore', 'redis'])
  WORKER_TYPE = 'pulpcore';

  @Setting('Processes', 'Seconds a worker waits for its task after SIGINT before aborting it.')
  @IsNumber()
  @Min(0)
  TASK_GRACE_INTERVAL = 600;

  @Setting('Processes', 'Always defer tasks that could run immediately in the API process.')
  @IsBoolean()
  TASK_PREFER_DEFER = false;

  @Setting('Processes', 'Profilers clients may request with `X-Task-Diagnostics`.')
  @IsArray()
  @IsString({ each: true })
  TASK_DIAGNOSTICS: string[] = [];

  @Setting('Processes', 'Hide details of unexpected exceptions in task errors.')
  @IsBoolean()
  REDACT_UNSAFE_EXCEPTIONS = false;

  @Setting('Processes', 'Share of online workers one import may occupy.')
  @IsInt()
  @Min(1)
  IMPORT_WORKERS_PERCENT = 100;

  @Setting('Processes', 'Concurrent processes of the vulnerability-report task.')
  @IsInt()
  @Min(1)
  VULN_REPORT_TASK_LIMITER = 10;

  @Setting('Processes', 'Plugins to load (labels); null loads every bundled plugin. Pulp spells it ENABLED_PLUGINS.')
  @nullable
  @IsArray()
  @IsString({ each: true })
  INSTALLED_PLUGINS: string[] | null = null;

  @Setting('Processes', "Pulp's name for INSTALLED_PLUGINS; when set it must be a non-empty list.")
  @nullable
  @IsArray()
  @ArrayNotEmpty()
  @IsString({ each: true })
  ENABLED_PLUGINS: string[] | null = null;

  @Setting('Processes', 'Least severe log level printed: DEBUG, INFO, WARNING or ERROR.')
  @IsIn(['DEBUG', 'INFO', 'WARNING', 'ERROR'])
  LOG_LEVEL = 'INFO';

  // --- cleanup windows (minutes) --------------------------------------------------
  @Setting('Cleanup', 'Minutes before orphaned content may be deleted; also the orphan-cleanup interval.')
  @IsInt()
  @Min(0)
  ORPHAN_PROTECTION_TIME = 1440;

  @Setting('Cleanup', 'Minutes after which uploads are deleted (0: never).')
  @IsInt()
  @Min(0)
  UPLOAD_PROTECTION_TIME = 0;

  @Setting('Cleanup', 'Minutes after which temporary files are deleted (0: never).')
  @IsInt()
  @Min(0)
  TMPFILE_PROTECTION_TIME = 0;

  @Setting('Cleanup', 'Minutes after which finished tasks are purged (0: never).')
  @IsInt()
  @Min(0)
  TASK_PROTECTION_TIME = 0;

  // --- content app ------------------------------------------------------------------
  @Setting(
    'Content app',
    'Redis response cache of the content app (docs/serving.md); needs REDIS_URL, or REDIS_HOST and REDIS_PORT.',
  )
  @IsBoolean()
  CACHE_ENABLED = false;

  @Setting('Content app', 'Response cache options: `EXPIRES_TTL`, seconds an entry is kept (null: until invalidated).')
  @IsObject()
  CACHE_SETTINGS: { EXPIRES_TTL?: number | null } = { EXPIRES_TTL: 600 };

  @Setting('Content app', 'Seconds a remote artifact is skipped after a checksum failure.')
  @IsNumber()
  @Min(0)
  REMOTE_CONTENT_FETCH_FAILURE_COOLDOWN = 300;

  @Setting('Content app', 'Seconds a superseded publication stays servable.')
  @IsInt()
  @Min(0)
  DISTRIBUTED_PUBLICATION_RETENTION_PERIOD = 259200;

  @Setting('Content app', 'Accepted for compatibility; has no effect here.')
  @IsBoolean()
  UVLOOP_ENABLED = false;

  // --- redis --------------------------------------------------------------------------
  @Setting('Redis', 'Redis URL; wins over the other REDIS_* settings.', { secret: true })
  @nullable
  @Matches(/^rediss?:\/\//, { message: 'must be a redis:// or rediss:// URL' })
  REDIS_URL: string | null = null;

  @Setting('Redis', 'Redis host.')
  @nullable
  @IsString()
  REDIS_HOST: string | null = null;

  @Setting('Redis', 'Redis port.')
  @nullable
  @IsInt()
  REDIS_PORT: number | null = null;

  @Setting('Redis', 'Redis database number.')
  @IsInt()
  @Min(0)
  REDIS_DB = 0;

  @Setting('Redis', 'Redis password.', { secret: true })
  @nullable
  @IsString()
  REDIS_PASSWORD: string | null = null;

  @Setting('Redis', 'Use TLS to Redis.')
  @IsBoolean()
  REDIS_SSL = false;

  @Setting('Redis', 'CA bundle for Redis TLS.')
  @nullable
  @IsString()
  REDIS_SSL_CA_CERTS: string | null = null;

  // --- authentication ---------------------------------------------------------------------
  @Setting(
    'Authentication',
    'Trusted proxy header naming an authenticated user, as Django names it: `HTTP_REMOTE_USER` is the header ' +
      '`Remote-User`. Only a name starting with `HTTP_` is a header; the default (a WSGI variable) turns this off. ' +
      'Unknown users are created on first sight. The proxy must strip client-sent copies (docs/running.md).',
  )
  @Matches(/^[A-Z][A-Z0-9_]*$/, { message: 'must be an upper-case variable name such as HTTP_REMOTE_USER' })
  REMOTE_USER_ENVIRON_NAME = 'REMOTE_USER';

  @Setting('Authentication', 'Security scheme the schema declares for REMOTE_USER_ENVIRON_NAME authentication.')
  @IsObject()
  REMOTE_USER_OPENAPI_SECURITY_SCHEME: Record<string, unknown> = { type: 'mutualTLS' };

  @Setting(
    'Authentication',
    'Trusted proxy header (`HTTP_<NAME>`, as REMOTE_USER_ENVIRON_NAME) carrying base64 JSON identity; empty: off. ' +
      'Unknown users are created on first sight. The proxy must strip client-sent copies (docs/running.md).',
  )
  @IsString()
  AUTHENTICATION_JSON_HEADER = '';

  @Setting(
    'Authentication',
    'jq path (`.identity.user.username`) to the username in AUTHENTICATION_JSON_HEADER; required with it.',
  )
  @IsString()
  AUTHENTICATION_JSON_HEADER_JQ_FILTER = '';

  @Setting(
    'Authentication',
    'Security scheme the schema declares for AUTHENTICATION_JSON_HEADER authentication ({}: an `apiKey` in that header).',
  )
  @IsObject()
  AUTHENTICATION_JSON_HEADER_OPENAPI_SECURITY_SCHEME: Record<string, unknown> = {};

  @Setting('Authentication', "Seconds a login session lasts (Django's name).")
  @IsInt()
  @Min(1)
  SESSION_COOKIE_AGE = 1209600;

  @Setting(
    'Authentication',
    'Failed password checks of one username within AUTHENTICATION_FAILURE_WINDOW that lock it out.',
  )
  @IsInt()
  @Min(1)
  AUTHENTICATION_FAILURES_PER_USER = 10;

  @Setting(
    'Authentication',
    'Failed password checks from one client address (an IPv6 client: its /64) within AUTHENTICATION_FAILURE_WINDOW that lock it out.',
  )
  @IsInt()
  @Min(1)
  AUTHENTICATION_FAILURES_PER_ADDRESS = 100;

  @Setting(
    'Authentication',
    'Seconds over which failed password checks are counted; a username or address quiet this long is forgotten.',
  )
  @IsInt()
  @Min(1)
  AUTHENTICATION_FAILURE_WINDOW = 300;

  @Setting(
    'Authentication',
    'Seconds of the first lockout (answers 429); each repeated lockout lasts twice as long, up to AUTHENTICATION_MAX_LOCKOUT.',
  )
  @IsInt()
  @Min(1)
  AUTHENTICATION_LOCKOUT = 60;

  @Setting('Authentication', 'Longest lockout in seconds: no attack locks the real owner out for longer.')
  @IsInt()
  @Min(1)
  AUTHENTICATION_MAX_LOCKOUT = 3600;

  @Setting('Authentication', 'Access policies from settings, keyed by viewset URL pattern.')
  @IsObject()
  ACCESS_POLICIES: Record<string, unknown> = {};

  // --- analytics and telemetry ----------------------------------------------------------------
  @Setting('Telemetry', 'Post anonymous usage statistics every 24 hours.')
  @IsBoolean()
  ANALYTICS = true;

  @Setting('Telemetry', 'Deprecated alias of ANALYTICS; wins when set.')
  @IsOptional()
  @IsBoolean()
  TELEMETRY?: boolean;

  @Setting(
    'Telemetry',
    'Where the daily analytics payload is posted (protobuf over HTTP POST). No default: ' +
      'without it the payload is only logged, and nothing leaves the machine.',
  )
  @nullable
  @IsString()
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'must be an http:// or https:// URL' })
  ANALYTICS_URL: string | null = null;

  @Setting('Telemetry', 'Export OpenTelemetry traces and metrics over OTLP/HTTP.')
  @IsBoolean()
  OTEL_ENABLED = false;

  @Setting('Telemetry', 'Minutes between `space_usage` reports (the otel_metrics schedule, when OTEL_ENABLED).')
  @IsNumber()
  @IsPositive()
  OTEL_METRICS_DISPATCH_INTERVAL_MINUTES = 5;

  @Setting('Telemetry', 'Bucket boundaries of the `api.request_duration` histogram.')
  @IsArray()
  @IsNumber({}, { each: true })
  OTEL_PULP_API_HISTOGRAM_BUCKETS: number[] = [];

  // --- sync pipeline ----------------------------------------------------------------------------
  @Setting('Sync', 'Megabytes of downloaded, not yet saved artifacts a sync may hold.')
  @IsInt()
  @IsPositive()
  SYNC_MAX_IN_FLIGHT_MB = 5120;

  @Setting('Sync', 'Items a sync may hold in flight (null: MAX_CONCURRENT_CONTENT).')
  @nullable
  @IsInt()
  @IsPositive()
  SYNC_MAX_IN_FLIGHT_ITEMS: number | null = null;

  @Setting('Sync', 'Deprecated: concurrent content units in the download stage.')
  @IsInt()
  @IsPositive()
  MAX_CONCURRENT_CONTENT = 200;
}

/** Settings that default to a path below DEPLOY_ROOT when no layer sets them. */
export const DERIVED_PATHS: ReadonlyArray<[keyof PulpSettings, (s: PulpSettings) => string]> = [
  ['MEDIA_ROOT', (s) => `${s.DEPLOY_ROOT}/media`],
  ['STATIC_ROOT', (s) => `${s.DEPLOY_ROOT}/assets`],
  ['WORKING_DIRECTORY', (s) => `${s.DEPLOY_ROOT}/tmp`],
  ['FILE_UPLOAD_TEMP_DIR', (s) => s.WORKING_DIRECTORY],
  ['EMBEDDED_POSTGRES_DIR', (s) => `${s.DEPLOY_ROOT}/postgres`],
];
