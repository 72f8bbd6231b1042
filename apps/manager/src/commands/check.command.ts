import { existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { PulpSettings } from '@pulp/config';
import { DatabaseEncryption, EncryptionKeyError, pendingMigrations } from '@pulp/database';
import { FILESYSTEM_STORAGE, storageFromSettings } from '@pulp/storage';
import type { ManagerCommand } from '../manager-tools';

/**
 * Pulp's start-up checks on paths (W001–W003), for filesystem storage only (object storage has no
 * MEDIA_ROOT); settings errors (E001…) already stop loading.
 */
export function pathWarnings(settings: PulpSettings): string[] {
  const warnings: string[] = [];
  if ((settings.STORAGES.default?.BACKEND ?? FILESYSTEM_STORAGE) !== FILESYSTEM_STORAGE) {
    return warnings;
  }
  if (!existsSync(settings.MEDIA_ROOT)) {
    warnings.push(`pulpcore.W001: MEDIA_ROOT (${settings.MEDIA_ROOT}) does not exist.`);
  }
  if (!existsSync(settings.WORKING_DIRECTORY)) {
    warnings.push(`pulpcore.W002: WORKING_DIRECTORY (${settings.WORKING_DIRECTORY}) does not exist.`);
  } else if (
    existsSync(settings.MEDIA_ROOT) &&
    statSync(settings.MEDIA_ROOT).dev !== statSync(settings.WORKING_DIRECTORY).dev
  ) {
    warnings.push(
      'pulpcore.W003: MEDIA_ROOT and WORKING_DIRECTORY are on different filesystems; saving artifacts will copy, not move.',
    );
  }
  return warnings;
}

/**
 * The storage every server builds at start-up (bad OPTIONS stop it), and with object storage, that
 * the bucket answers: the line a server would fail with.
 */
async function storageProblems(settings: PulpSettings): Promise<string[]> {
  try {
    await storageFromSettings(settings).probe();
    return [];
  } catch (error) {
    return [`Storage: ${error instanceof Error ? error.message : String(error)}`];
  }
}

/** The key file every server needs to start: the line it would stop with. */
function keyProblems(settings: PulpSettings): string[] {
  try {
    new DatabaseEncryption(settings.DB_ENCRYPTION_KEY).load();
    return [];
  } catch (error) {
    if (!(error instanceof EncryptionKeyError)) {
      throw error;
    }
    return [error.message];
  }
}

export const checkCommand: ManagerCommand = {
  name: 'check',
  summary: 'Check settings, paths, storage, the database encryption key, database connection and migrations',
  usage: 'pulpcore-manager check [--deploy]\n\n  --deploy   accepted for compatibility (all checks always run)\n',
  async run(args, tools) {
    parseArgs({ args, options: { deploy: { type: 'boolean' } } });
    const { loaded } = tools.configuration();
    const storage = await storageProblems(loaded.settings);
    const issues = [...loaded.warnings, ...pathWarnings(loaded.settings), ...keyProblems(loaded.settings), ...storage];
    const pending = await tools.withDatabase((context) => pendingMigrations(context.dataSource), {
      allowPending: true,
    });
    if (pending.length > 0) {
      issues.push(`${pending.length} unapplied migration(s): run \`pulpcore-manager migrate\`.`);
    }
    if (issues.length === 0) {
      tools.print('System check identified no issues (0 silenced).');
      return 0;
    }
    tools.print(`System check identified some issues:\n${issues.map((issue) => `  ${issue}`).join('\n')}`);
    return pending.length > 0 || storage.length > 0 ? 1 : 0;
  },
};
