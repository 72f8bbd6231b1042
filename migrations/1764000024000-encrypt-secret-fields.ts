import type { MigrationInterface, QueryRunner } from 'typeorm';
import { rewriteEncryptedColumns, type DatabaseEncryption, type Sql } from '@pulp/database';

/** As this migration found them; later changes to the secret columns come in later migrations. */
const REMOTE_SECRETS = { table: 'core_remote', columns: ['client_key', 'password', 'proxy_password'] };
const TASK_ARGUMENTS = { table: 'core_task', columns: ['enc_args', 'enc_kwargs'] };

const RETIRED_KEY_REASON =
  'Its arguments were encrypted under a key derived from SECRET_KEY, which the DB_ENCRYPTION_KEY file ' +
  'replaced when the database was migrated: dispatch the task again.';

/**
 * Secrets at rest as Pulp keeps them: remote `password`, `proxy_password` and `client_key`, and
 * task arguments, become Fernet tokens (text, as Pulp's encrypted fields) under the first key of
 * the DB_ENCRYPTION_KEY file, read only when a value needs it (an empty database needs no key).
 *
 * Arguments a task stored before (plain `args`/`kwargs`) are encrypted. Those sealed since
 * 1764000011000 under a key derived from SECRET_KEY cannot be carried over without that retired
 * scheme: they are dropped, and the tasks they belong to that had not finished end here (failed,
 * or canceled when canceling) with a reason saying to dispatch them again. A site is migrated with
 * its processes stopped, so these are only the tasks left queued.
 */
export function encryptSecretFields(encryption: DatabaseEncryption) {
  return class EncryptSecretFields1764000024000 implements MigrationInterface {
    name = 'EncryptSecretFields1764000024000';

    async up(queryRunner: QueryRunner): Promise<void> {
      const sql = sqlOf(queryRunner);
      await sql(
        `UPDATE core_task
            SET state = CASE WHEN state = 'canceling' THEN 'canceled' ELSE 'failed' END,
                finished_at = now(), pulp_last_updated = now(), app_lock_id = NULL, error = $1
          WHERE enc_args IS NOT NULL AND state IN ('waiting', 'running', 'canceling')`,
        [JSON.stringify({ reason: RETIRED_KEY_REASON, description: RETIRED_KEY_REASON })],
      );
      await sql(
        'ALTER TABLE core_task ALTER COLUMN enc_args TYPE text USING NULL, ALTER COLUMN enc_kwargs TYPE text USING NULL',
      );
      await sql(
        `UPDATE core_task SET enc_args = args::text, enc_kwargs = kwargs::text, args = '[]', kwargs = '{}'
          WHERE args <> '[]'::jsonb OR kwargs <> '{}'::jsonb`,
      );
      const encrypt = (value: string) => encryption.encrypt(value);
      await rewriteEncryptedColumns(sql, TASK_ARGUMENTS, encrypt);
      await rewriteEncryptedColumns(sql, REMOTE_SECRETS, encrypt);
    }

    /** Back to plain remote secrets and plain task arguments (which the code of 1764000011000 still reads). */
    async down(queryRunner: QueryRunner): Promise<void> {
      const sql = sqlOf(queryRunner);
      const decrypt = (token: string) => encryption.decrypt(token);
      await rewriteEncryptedColumns(sql, REMOTE_SECRETS, decrypt);
      await rewriteEncryptedColumns(sql, TASK_ARGUMENTS, decrypt);
      await sql(
        `UPDATE core_task SET args = coalesce(enc_args::jsonb, args), kwargs = coalesce(enc_kwargs::jsonb, kwargs)
          WHERE enc_args IS NOT NULL OR enc_kwargs IS NOT NULL`,
      );
      await sql(
        'ALTER TABLE core_task ALTER COLUMN enc_args TYPE bytea USING NULL, ALTER COLUMN enc_kwargs TYPE bytea USING NULL',
      );
    }
  };
}

function sqlOf(queryRunner: QueryRunner): Sql {
  return async <T>(text: string, params?: unknown[]) => (await queryRunner.query(text, params)) as T[];
}
