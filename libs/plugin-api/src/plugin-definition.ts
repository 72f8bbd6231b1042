import type { DynamicModule, Type } from '@nestjs/common';
import type { DetailType } from '@pulp/core';
import type { RbacCatalogue } from '@pulp/rbac';
import { getMetadataArgsStorage } from 'typeorm';

/** The processes a plugin can contribute a Nest module to. */
export type PluginRole = 'api' | 'content' | 'worker';

/**
 * Everything the server needs to know about a plugin. A plugin's folder exports exactly one,
 * made with definePlugin(); every process loads the same list (INSTALLED_PLUGINS).
 */
export interface PluginDefinition {
  /** Short name: table prefix `<label>_`, type prefix `<label>.`, URL segment (e.g. `file`). */
  label: string;
  /** PEP 440 version advertised in status and the schema (pulp-glue compares it). */
  version: string;
  /** Distribution the component comes from, as status `versions[].package` shows it (e.g. `pulp-file`). */
  packageName: string;
  /** Module path status shows (e.g. `pulp_file.app`). */
  module: string;
  /** Whether the plugin works with DOMAIN_ENABLED. */
  domainCompatible: boolean;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's type for entity and migration classes.
  entities?: Function[];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations?: Function[];
  /** Pulp task names the plugin's worker module handles, e.g. `pulp_file.app.tasks.synchronizing.synchronize`. */
  taskNames?: string[];
  /**
   * The plugin's detail types of Pulp's master models (`file.file` content at `content/file/files/`,
   * PRN model `filecontent`): how generic lists name its objects. Each `pulpType` starts with `<label>.`.
   */
  detailTypes?: DetailType[];
  /**
   * The plugin's permissions, and per viewset its default access policy and locked roles, which
   * `migrate` writes (docs/plugins.md, "Access policies and roles"); `label` is the plugin's.
   */
  rbac?: RbacCatalogue;
  /** One Nest module per process role that needs one. */
  modules?: Partial<Record<PluginRole, Type | DynamicModule>>;
}

const LABEL = /^[a-z][a-z0-9_]*$/;
const PEP440 = /^\d+(\.\d+)*((a|b|rc)\d+)?(\.post\d+)?(\.dev\d*)?$/;

/** Declares a plugin; refuses a malformed definition at import time, before any process starts. */
export function definePlugin(definition: PluginDefinition): PluginDefinition {
  const problems = definitionProblems(definition);
  if (problems.length > 0) {
    throw new Error(`Plugin ${definition.label || '(no label)'} is invalid: ${problems.join('; ')}`);
  }
  return Object.freeze({ ...definition });
}

export function definitionProblems(definition: PluginDefinition): string[] {
  const problems: string[] = [];
  if (!LABEL.test(definition.label ?? '')) {
    problems.push('label must match [a-z][a-z0-9_]*');
  }
  if (definition.label === 'core') {
    problems.push('label "core" is reserved');
  }
  if (!PEP440.test(definition.version ?? '')) {
    problems.push(`version "${definition.version}" is not a PEP 440 version`);
  }
  if (!definition.packageName || !definition.module) {
    problems.push('packageName and module are required');
  }
  for (const detail of definition.detailTypes ?? []) {
    if (!detail.pulpType.startsWith(`${definition.label}.`)) {
      problems.push(`detail type ${detail.pulpType} must start with "${definition.label}."`);
    }
  }
  if (definition.rbac && definition.rbac.label !== definition.label) {
    problems.push(`rbac catalogue label "${definition.rbac.label}" must be "${definition.label}"`);
  }
  for (const entity of definition.entities ?? []) {
    const table = tableName(entity);
    if (!table?.startsWith(`${definition.label}_`)) {
      problems.push(`entity ${entity.name} must name its table "${definition.label}_…" (has ${table ?? 'none'})`);
    }
  }
  return problems;
}

/** Problems of a set of plugins loaded together: duplicate labels, a task name claimed twice. */
export function pluginSetProblems(plugins: readonly PluginDefinition[]): string[] {
  const problems: string[] = [];
  const labels = new Set<string>();
  const tasks = new Map<string, string>();
  for (const plugin of plugins) {
    if (labels.has(plugin.label)) {
      problems.push(`plugin label "${plugin.label}" is used twice`);
    }
    labels.add(plugin.label);
    for (const task of plugin.taskNames ?? []) {
      const owner = tasks.get(task);
      if (owner) {
        problems.push(`task ${task} is claimed by both ${owner} and ${plugin.label}`);
      }
      tasks.set(task, plugin.label);
    }
  }
  return problems;
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
function tableName(entity: Function): string | undefined {
  // TypeORM keeps @Entity({name}) in its global metadata storage: readable without a connection.
  return getMetadataArgsStorage().tables.find((table) => table.target === entity)?.name;
}
