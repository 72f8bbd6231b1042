export { contentPathPrefix, DEFAULT_DOMAIN_NAME, resourceApiPath, rootApiPath } from './api-paths';
export { parseEnvValue } from './env-value';
export { findSettingsFile, loadSettings, type LoadedSettings } from './load-settings';
export { KNOWN_CHECKSUMS, PulpSettings, type DatabaseSettings } from './pulp-settings';
export { describeSettings, type SettingDescription } from './setting.decorator';
export { SettingsError } from './settings-error';
export { SettingsModule } from './settings.module';
export { renderSettingsReference } from './settings-reference';
