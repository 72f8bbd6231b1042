import { PulpSettings } from './pulp-settings';
import { describeSettings } from './setting.decorator';

/**
 * docs/settings.md, rendered from the settings class itself so the reference cannot drift:
 * a unit test fails when the committed file differs (`npm run docs:settings` rewrites it).
 */
export function renderSettingsReference(): string {
  const defaults = new PulpSettings() as unknown as Record<string, unknown>;
  const groups = new Map<string, string[]>();
  for (const setting of describeSettings(PulpSettings)) {
    const value = defaults[setting.name];
    const shown = value === '' || value === undefined ? '—' : `\`${JSON.stringify(value)}\``;
    const rows = groups.get(setting.group) ?? [];
    rows.push(`| \`${setting.name}\` | ${shown} | ${setting.description}${setting.secret ? ' *(secret)*' : ''} |`);
    groups.set(setting.group, rows);
  }
  const sections = [...groups].map(
    ([group, rows]) => `## ${group}\n\n| setting | default | meaning |\n|---|---|---|\n${rows.join('\n')}\n`,
  );
  return `# Settings reference

<!-- Generated from libs/config/src/pulp-settings.ts by \`npm run docs:settings\`; do not edit by hand. -->

Settings keep Pulp's names. Each is read, lowest precedence first, from:

1. the defaults below;
2. the settings file: \`PULP_SETTINGS\` when set (it must exist), else \`/etc/pulp/settings.yaml\`, else \`./settings.yaml\`
   (YAML; \`npm start\` writes \`./settings.yaml\` on its first run in a fresh checkout);
3. environment variables \`PULP_<NAME>\`, whose values are read as YAML (\`60\` is a number, \`true\` a boolean,
   \`[a, b]\` a list, \`{k: v}\` a map, quotes force a string; Dynaconf's \`@int\`, \`@bool\`, \`@json\`, \`@none\`, \`@str\` prefixes work).
   Nested keys use \`__\` and merge into the current value: \`PULP_DATABASES__default__HOST=db\`.

Every process validates its settings before it starts: an ill-typed or contradictory setting stops it with a
message naming the setting and where its value came from; an unknown setting is logged as a warning (it may
belong to a plugin that is not installed) and ignored. Settings marked *(secret)* are never logged.

${sections.join('\n')}`;
}
