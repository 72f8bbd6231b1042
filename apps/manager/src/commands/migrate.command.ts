import { parseArgs } from 'node:util';
import { ensureSystemId } from '@pulp/analytics';
import type { PulpSettings } from '@pulp/config';
import type { ProcessContext } from '@pulp/core';
import { DEFAULT_DOMAIN_NAME, Domain } from '@pulp/domains';
import { pendingMigrations, poolOf, sqlOf } from '@pulp/database';
import type { PluginDefinition } from '@pulp/plugin-api';
import { syncCatalogues } from '@pulp/rbac';
import type { ManagerCommand } from '../manager-tools';

/**
 * Applies pending migrations (each in its own transaction), then the post-migrate step Pulp runs:
 * the default domain follows the storage settings, core's and the plugins' RBAC catalogues
 * (permissions, locked roles, default access policies) are written, and the installation gets its
 * system id if it has none. Returns the names of the applied migrations.
 */
export async function migrate(context: ProcessContext, plugins: readonly PluginDefinition[]): Promise<string[]> {
  const applied = await context.dataSource.runMigrations({ transaction: 'each' });
  await syncDefaultDomain(context, context.loaded.settings);
  await syncCatalogues(
    context.dataSource,
    plugins.flatMap((plugin) => plugin.rbac ?? []),
  );
  await ensureSystemId(sqlOf(poolOf(context.dataSource)));
  return applied.map((migration) => migration.name);
}

async function syncDefaultDomain(context: ProcessContext, settings: PulpSettings): Promise<void> {
  await context.dataSource.getRepository(Domain).update(
    { name: DEFAULT_DOMAIN_NAME },
    {
      storageClass: settings.STORAGES.default?.BACKEND,
      redirectToObjectStorage: settings.REDIRECT_TO_OBJECT_STORAGE,
      hideGuardedDistributions: settings.HIDE_GUARDED_DISTRIBUTIONS,
    },
  );
}

export const migrateCommand: ManagerCommand = {
  name: 'migrate',
  summary: 'Apply pending database migrations',
  usage: 'pulpcore-manager migrate [--plan]\n\n  --plan   list the migrations that would be applied, apply nothing\n',
  async run(args, tools) {
    const { plan } = parseArgs({ args, options: { plan: { type: 'boolean' } } }).values;
    return tools.withDatabase(
      async (context, plugins) => {
        if (plan) {
          const pending = await pendingMigrations(context.dataSource);
          tools.print(
            pending.length ? pending.map((name) => `  ${name}`).join('\n') : 'No planned migration operations.',
          );
          return 0;
        }
        const applied = await migrate(context, plugins);
        tools.print(applied.length ? applied.map((name) => `  Applied ${name}`).join('\n') : 'No migrations to apply.');
        return 0;
      },
      { allowPending: true },
    );
  },
};

export const showMigrationsCommand: ManagerCommand = {
  name: 'showmigrations',
  summary: 'List migrations and whether each is applied',
  usage: 'pulpcore-manager showmigrations\n',
  async run(args, tools) {
    parseArgs({ args, options: {} });
    return tools.withDatabase(
      async (context) => {
        const pending = new Set(await pendingMigrations(context.dataSource));
        for (const migration of context.dataSource.migrations) {
          tools.print(` [${pending.has(migration.name!) ? ' ' : 'X'}] ${migration.name}`);
        }
        return 0;
      },
      { allowPending: true },
    );
  },
};
