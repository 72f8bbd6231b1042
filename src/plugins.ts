import type { PluginDefinition } from '@pulp/plugin-api';
import { filePlugin } from '@pulp/file';

/**
 * The plugins bundled with this server, from which INSTALLED_PLUGINS picks.
 * A new content type adds its folder under plugins/ and one line here.
 */
export const BUNDLED_PLUGINS: readonly PluginDefinition[] = [filePlugin];
