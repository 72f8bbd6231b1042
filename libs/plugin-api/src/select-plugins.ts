import type { PulpSettings } from '@pulp/config';
import { pluginSetProblems, type PluginDefinition } from './plugin-definition';

/**
 * The plugins this process loads: every bundled one, or those INSTALLED_PLUGINS (ENABLED_PLUGINS) names.
 * Throws on a label that is not bundled and on a set that cannot be loaded together.
 */
export function selectPlugins(bundled: readonly PluginDefinition[], settings: PulpSettings): PluginDefinition[] {
  const wanted = settings.INSTALLED_PLUGINS ?? settings.ENABLED_PLUGINS;
  const byLabel = new Map(bundled.map((plugin) => [plugin.label, plugin]));
  const unknown = (wanted ?? []).filter((label) => !byLabel.has(label));
  if (unknown.length > 0) {
    const available = [...byLabel.keys()].join(', ') || 'none';
    throw new Error(`INSTALLED_PLUGINS names unknown plugins: ${unknown.join(', ')} (bundled: ${available})`);
  }
  const selected = wanted ? wanted.map((label) => byLabel.get(label)!) : [...bundled];
  const problems = pluginSetProblems(selected);
  if (problems.length > 0) {
    throw new Error(`The plugins cannot be loaded together: ${problems.join('; ')}`);
  }
  return selected;
}
