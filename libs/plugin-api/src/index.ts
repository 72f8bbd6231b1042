export {
  definePlugin,
  definitionProblems,
  pluginSetProblems,
  type PluginDefinition,
  type PluginRole,
} from './plugin-definition';
export { PluginsModule } from './plugins.module';
export { selectPlugins } from './select-plugins';
