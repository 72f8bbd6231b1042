import { parseArgs } from 'node:util';
import { REMOTE_SECRETS } from '@pulp/core';
import {
  EncryptionKeyError,
  inTransaction,
  InvalidTokenError,
  poolOf,
  rewriteEncryptedColumns,
  type DatabaseEncryption,
  type EncryptedColumns,
} from '@pulp/database';
import { DOMAIN_STORAGE_SETTINGS } from '@pulp/domains';
import { TASK_ARGUMENTS } from '@pulp/tasking';
import type { ManagerCommand } from '../manager-tools';

/** Every column that holds a Fernet token: Pulp's EncryptedTextField and EncryptedJSONField. */
const ENCRYPTED_FIELDS: readonly EncryptedColumns[] = [REMOTE_SECRETS, TASK_ARGUMENTS, DOMAIN_STORAGE_SETTINGS];

/** Thrown to roll a table's rewrite back after counting it (`--dry-run`). */
class DryRun extends Error {
  constructor(readonly rows: number) {
    super('dry run');
  }
}

/**
 * Pulp's `rotate-db-key`: every encrypted value is decrypted with whichever key of the
 * DB_ENCRYPTION_KEY file opens it and encrypted again with the first. Each table is rewritten in
 * one transaction, its rows locked as they are read, so a write racing it is never lost and an
 * interrupted run leaves each table all old or all new: running it again is safe.
 */
export const rotateDbKeyCommand: ManagerCommand = {
  name: 'rotate-db-key',
  summary: 'Re-encrypt every encrypted database field with the first key of DB_ENCRYPTION_KEY',
  usage:
    'pulpcore-manager rotate-db-key [--dry-run]\n\n' +
    '  --dry-run   decrypt and re-encrypt everything, then roll back: change nothing\n\n' +
    'Rotating the key: put a new key first in the DB_ENCRYPTION_KEY file (keeping the old one after it),\n' +
    'restart every Pulp process, run this command, then remove the old key and restart again.\n',
  async run(args, tools) {
    const dryRun = parseArgs({ args, options: { 'dry-run': { type: 'boolean' } } }).values['dry-run'] === true;
    return tools.withDatabase(async ({ dataSource, encryption }) => {
      encryption.load();
      for (const fields of ENCRYPTED_FIELDS) {
        const rows = await inTransaction(poolOf(dataSource), async (sql) => {
          const rewritten = await rewriteEncryptedColumns(sql, fields, (token) => rotated(token, fields, encryption));
          if (dryRun) {
            throw new DryRun(rewritten);
          }
          return rewritten;
        }).catch((error: unknown) => {
          if (error instanceof DryRun) {
            return error.rows;
          }
          throw error;
        });
        tools.print(
          `Updated ${fields.columns.join(', ')} on ${fields.table}: ${rows} row(s)${dryRun ? ' (dry run: rolled back)' : ''}.`,
        );
      }
      return 0;
    });
  },
};

function rotated(token: string, { table }: EncryptedColumns, encryption: DatabaseEncryption): string {
  try {
    return encryption.rotate(token);
  } catch (error) {
    if (!(error instanceof InvalidTokenError)) {
      throw error;
    }
    throw new EncryptionKeyError(
      `A value in ${table} opens with no key of ${encryption.file}: put the key it was encrypted with in that file ` +
        '(after the first) and run rotate-db-key again; nothing of the table was changed.',
      { cause: error },
    );
  }
}
