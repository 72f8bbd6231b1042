import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Encrypted task arguments, as Pulp keeps them (`enc_args`, `enc_kwargs`): tasks dispatched from now
 * on store their arguments here (AES-256-GCM, see TaskArgumentsCipher) and leave the plain columns at
 * their empty defaults; rows written before keep their plain ones, which a worker still reads.
 */
export class EncryptTaskArguments1764000011000 implements MigrationInterface {
  name = 'EncryptTaskArguments1764000011000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE core_task ADD COLUMN enc_args bytea, ADD COLUMN enc_kwargs bytea');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE core_task DROP COLUMN enc_args, DROP COLUMN enc_kwargs');
  }
}
