import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A task's lock, parent and group are null for most of its life (lock) or for most tasks (parent,
 * group), and every claim and finish writes a new row version into each full index of core_task:
 * indexing only the rows that have a value keeps those writes (and the indexes) small.
 */
export class PartialTaskReferenceIndexes1764000006000 implements MigrationInterface {
  name = 'PartialTaskReferenceIndexes1764000006000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const [index, column] of INDEXES) {
      await queryRunner.query(`DROP INDEX ${index}`);
      await queryRunner.query(`CREATE INDEX ${index} ON core_task (${column}) WHERE ${column} IS NOT NULL`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [index, column] of INDEXES) {
      await queryRunner.query(`DROP INDEX ${index}`);
      await queryRunner.query(`CREATE INDEX ${index} ON core_task (${column})`);
    }
  }
}

const INDEXES = [
  ['core_task_app_lock', 'app_lock_id'],
  ['core_task_parent', 'parent_task_id'],
  ['core_task_group', 'task_group_id'],
] as const;
