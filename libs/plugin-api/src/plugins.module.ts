import { Module, type DynamicModule } from '@nestjs/common';
import type { PluginDefinition, PluginRole } from './plugin-definition';

/** Imports each loaded plugin's module for this process role; an empty plugin list is fine. */
@Module({})
export class PluginsModule {
  static forRoot(plugins: readonly PluginDefinition[], role: PluginRole): DynamicModule {
    const imports = plugins.flatMap((plugin) => {
      const module = plugin.modules?.[role];
      return module ? [module] : [];
    });
    return { module: PluginsModule, imports };
  }
}
