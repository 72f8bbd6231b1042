import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Claims take ready tasks `ORDER BY immediate DESC, pulp_created`: an index in exactly that order
 * lets a claim read the first unlocked row instead of sorting every ready task (a full queue of N
 * ready tasks cost O(N) per claim with the index on pulp_created alone).
 */
export class IndexReadyTasksByClaimOrder1764000005000 implements MigrationInterface {
  name = 'IndexReadyTasksByClaimOrder1764000005000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX core_task_ready');
    await queryRunner.query(`
      CREATE INDEX core_task_ready ON core_task (immediate DESC, pulp_created)
      WHERE state IN ('waiting', 'running', 'canceling') AND unblocked_at IS NOT NULL AND app_lock_id IS NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX core_task_ready');
    await queryRunner.query(`
      CREATE INDEX core_task_ready ON core_task (pulp_created)
      WHERE state IN ('waiting', 'running', 'canceling') AND unblocked_at IS NOT NULL AND app_lock_id IS NULL`);
  }
}
