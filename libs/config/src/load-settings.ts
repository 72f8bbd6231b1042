import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { validateSync, type ValidationError } from 'class-validator';
import { parseDocument } from 'yaml';
import { envSettingPath, parseEnvValue } from './env-value';
import { JQ_SUBSET, parseJqPath } from './jq-path';
import { DERIVED_PATHS, KNOWN_CHECKSUMS, PulpSettings } from './pulp-settings';
import { describeSettings } from './setting.decorator';
import { SettingsError } from './settings-error';

export interface LoadedSettings {
  settings: PulpSettings;
  /** Non-fatal findings (unknown settings) for the caller to log. */
  warnings: string[];
  /** True when no layer set DATABASES: use the embedded PostgreSQL. */
  embeddedDatabase: boolean;
  /** The settings file that was read, if any. */
  settingsFile: string | null;
}

/** Environment variables with the PULP_ prefix that are not settings. */
const NOT_SETTINGS = /^PULP_(SETTINGS|ENV|TEST_.*)$/;
const SYSTEM_SETTINGS_FILE = '/etc/pulp/settings.yaml';

type Layer = Record<string, unknown>;

/**
 * Builds the settings of this process: code defaults < settings file < `PULP_*` environment.
 * Throws SettingsError listing every ill-typed or contradictory setting.
 */
export function loadSettings(
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
  systemSettingsFile: string = SYSTEM_SETTINGS_FILE,
): LoadedSettings {
  const known = new Set(describeSettings(PulpSettings).map((setting) => setting.name));
  const sources = new Map<string, string>();
  const problems: string[] = [];
  const warnings: string[] = [];
  const values: Layer = { ...new PulpSettings() };

  const settingsFile = findSettingsFile(env, cwd, systemSettingsFile);
  if (settingsFile) {
    for (const [name, value] of Object.entries(readSettingsFile(settingsFile))) {
      values[name] = value;
      sources.set(name, settingsFile);
    }
  }

  for (const [variable, raw] of Object.entries(env)) {
    const path = envSettingPath(variable);
    if (!path || raw === undefined || NOT_SETTINGS.test(variable)) {
      continue;
    }
    try {
      setPath(values, path, parseEnvValue(raw));
      sources.set(path[0], variable);
    } catch (error) {
      problems.push(`${path[0]} (from ${variable}): ${(error as Error).message}`);
    }
  }

  for (const name of sources.keys()) {
    if (!known.has(name)) {
      warnings.push(
        `Unknown setting ${name} (from ${sources.get(name)}) is ignored; it may belong to a plugin that is not installed.`,
      );
      delete values[name];
    }
  }

  const settings = Object.assign(new PulpSettings(), values);
  const describe = (name: string) => `${name} (from ${sources.get(name) ?? 'default'})`;
  for (const error of validateSync(settings, { forbidUnknownValues: false })) {
    problems.push(`${describe(error.property)}: ${messages(error).join('; ')} (got ${JSON.stringify(error.value)})`);
  }
  if (sources.has('TELEMETRY')) {
    warnings.push(`TELEMETRY (from ${sources.get('TELEMETRY')}) is deprecated: set ANALYTICS instead.`);
  }
  if (problems.length === 0) {
    completeDerivedValues(settings, sources, cwd);
    problems.push(...contradictions(settings).map(([name, message]) => `${describe(name)}: ${message}`));
  }
  if (problems.length > 0) {
    throw new SettingsError(problems);
  }
  return { settings, warnings, embeddedDatabase: !sources.has('DATABASES'), settingsFile };
}

/**
 * The settings file this process reads: PULP_SETTINGS (which must exist), else the system file,
 * else ./settings.yaml; null when there is none.
 */
export function findSettingsFile(
  env: NodeJS.ProcessEnv,
  cwd: string,
  systemSettingsFile: string = SYSTEM_SETTINGS_FILE,
): string | null {
  if (env.PULP_SETTINGS) {
    const file = resolve(cwd, env.PULP_SETTINGS);
    if (!existsSync(file)) {
      throw new SettingsError([`PULP_SETTINGS names ${file}, which does not exist`]);
    }
    return file;
  }
  return [systemSettingsFile, resolve(cwd, 'settings.yaml')].find((file) => existsSync(file)) ?? null;
}

function readSettingsFile(file: string): Layer {
  if (file.endsWith('.py')) {
    throw new SettingsError([`${file}: Python settings files are not supported; write it as YAML`]);
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new SettingsError([`${file}: cannot be read (${(error as Error).message})`]);
  }
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) {
    throw new SettingsError(document.errors.map((error) => `${file} is not valid YAML: ${error.message}`));
  }
  const content: unknown = document.toJS();
  if (content === null || content === undefined) {
    return {};
  }
  if (typeof content !== 'object' || Array.isArray(content)) {
    throw new SettingsError([`${file} must be a mapping of setting names to values`]);
  }
  return content as Layer;
}

/** Nested environment keys merge into the existing value, as Dynaconf's `__` does. */
function setPath(target: Layer, path: string[], value: unknown): void {
  const [name, ...nested] = path;
  if (nested.length === 0) {
    target[name] = value;
    return;
  }
  const current = target[name];
  const copy: Layer = isMapping(current) ? { ...current } : {};
  setPath(copy, nested, value);
  target[name] = copy;
}

function isMapping(value: unknown): value is Layer {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function messages(error: ValidationError): string[] {
  return Object.values(error.constraints ?? {}).map((message) => message.replace(`${error.property} `, ''));
}

function completeDerivedValues(settings: PulpSettings, sources: Map<string, string>, cwd: string): void {
  settings.DEPLOY_ROOT = resolve(cwd, settings.DEPLOY_ROOT);
  settings.DB_ENCRYPTION_KEY = resolve(cwd, settings.DB_ENCRYPTION_KEY);
  for (const [name, derive] of DERIVED_PATHS) {
    // A path set by a layer is kept, even "" (MEDIA_ROOT with object storage); unset ones are derived.
    const value = sources.has(name) ? (settings[name] as string) : derive(settings);
    (settings as unknown as Record<string, string>)[name] =
      value === '' || isAbsolute(value) ? value : resolve(cwd, value);
  }
  if (settings.CONTENT_ORIGIN?.endsWith('/')) {
    settings.CONTENT_ORIGIN = settings.CONTENT_ORIGIN.replace(/\/+$/, '');
  }
  if (settings.TELEMETRY !== undefined) {
    settings.ANALYTICS = settings.TELEMETRY;
  }
}

/** Rules across settings, as Pulp's validators; each result names the setting at fault. */
function contradictions(settings: PulpSettings): Array<[string, string]> {
  const found: Array<[string, string]> = [];
  const redisConfigured = settings.REDIS_URL !== null || (settings.REDIS_HOST !== null && settings.REDIS_PORT !== null);
  const database = settings.DATABASES.default as Partial<(typeof settings.DATABASES)['default']> | undefined;
  if (!isMapping(database) || typeof database.NAME !== 'string' || typeof database.USER !== 'string') {
    found.push(['DATABASES', 'needs a "default" entry with at least NAME and USER']);
  } else if (database.ENGINE !== undefined && !/postgres/.test(database.ENGINE)) {
    found.push(['DATABASES', `ENGINE ${database.ENGINE} is not supported: only PostgreSQL is`]);
  }
  if (!settings.ALLOWED_CONTENT_CHECKSUMS.includes('sha256')) {
    found.push(['ALLOWED_CONTENT_CHECKSUMS', `must include sha256 (known: ${KNOWN_CHECKSUMS.join(', ')})`]);
  }
  if (settings.CACHE_ENABLED && !redisConfigured) {
    found.push(['CACHE_ENABLED', 'needs REDIS_URL, or REDIS_HOST and REDIS_PORT']);
  }
  found.push(...jsonHeaderContradictions(settings));
  if (settings.WORKER_TYPE === 'redis') {
    found.push(['WORKER_TYPE', '"redis" workers are not supported by this server; use "pulpcore"']);
  }
  if (settings.ENABLE_V4_API) {
    found.push(['ENABLE_V4_API', 'the v4 API is not available in this server']);
  }
  if (settings.API_ROOT_REWRITE_HEADER !== null) {
    // Refused rather than ignored: hrefs would silently keep API_ROOT behind the proxy that sets it.
    found.push([
      'API_ROOT_REWRITE_HEADER',
      'per-request API roots are not available in this server yet; leave it unset',
    ]);
  }
  const plugins = [settings.INSTALLED_PLUGINS, settings.ENABLED_PLUGINS];
  if (plugins.every((list) => list !== null) && plugins[0].join() !== plugins[1].join()) {
    found.push(['ENABLED_PLUGINS', 'contradicts INSTALLED_PLUGINS; set only one of them']);
  }
  const backend = settings.STORAGES.default?.BACKEND ?? '';
  if (settings.REDIRECT_TO_OBJECT_STORAGE && !/FileSystem|S3|Azure|GoogleCloud|gcloud/.test(backend)) {
    found.push(['REDIRECT_TO_OBJECT_STORAGE', `cannot redirect with storage backend ${backend}; set it to false`]);
  }
  return found;
}

/** JSON-header authentication needs a header (`HTTP_…`, as Pulp checks) and a jq path we can evaluate. */
function jsonHeaderContradictions(settings: PulpSettings): Array<[string, string]> {
  const header = settings.AUTHENTICATION_JSON_HEADER;
  const filter = settings.AUTHENTICATION_JSON_HEADER_JQ_FILTER;
  if (header === '') {
    return filter === '' ? [] : [['AUTHENTICATION_JSON_HEADER_JQ_FILTER', 'needs AUTHENTICATION_JSON_HEADER']];
  }
  const found: Array<[string, string]> = [];
  if (!/^HTTP_[A-Z0-9_]+$/.test(header)) {
    found.push(['AUTHENTICATION_JSON_HEADER', 'must start with "HTTP_" (HTTP_X_IDENTITY is the header X-Identity)']);
  }
  if (!filter.startsWith('.') || parseJqPath(filter) === null) {
    found.push(['AUTHENTICATION_JSON_HEADER_JQ_FILTER', `must be a jq path starting with ".". ${JQ_SUBSET}`]);
  }
  return found;
}
