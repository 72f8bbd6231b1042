import type { MigrationInterface, QueryRunner } from 'typeorm';
import { notifyTableChangesSql, TABLE_CHANGES_FUNCTION } from '@pulp/database';
import { CONTENT_MODEL_TABLES } from './1764000007000-create-content-model';

/**
 * Every write to a table of the content model notifies `pulp_table_changes` (once per statement,
 * delivered at commit), so that API processes can keep list pages in memory and drop them as soon
 * as anything they were read from changes.
 */
export class NotifyContentChanges1764000008000 implements MigrationInterface {
  name = 'NotifyContentChanges1764000008000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION ${TABLE_CHANGES_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('pulp_table_changes', TG_TABLE_NAME);
        RETURN NULL;
      END $$`);
    for (const table of CONTENT_MODEL_TABLES) {
      await queryRunner.query(notifyTableChangesSql(table));
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION ${TABLE_CHANGES_FUNCTION}() CASCADE`);
  }
}
