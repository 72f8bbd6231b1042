import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Progress of a task group as a whole (e.g. an ACS refresh), one row per code, counted up by its tasks. */
export class CreateGroupProgressReports1764000004000 implements MigrationInterface {
  name = 'CreateGroupProgressReports1764000004000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE core_groupprogressreport (
        pulp_id uuid PRIMARY KEY DEFAULT pulp_uuid7(),
        pulp_created timestamptz NOT NULL DEFAULT clock_timestamp(),
        pulp_last_updated timestamptz NOT NULL DEFAULT now(),
        message text NOT NULL,
        code text NOT NULL,
        total integer NOT NULL DEFAULT 0,
        done integer NOT NULL DEFAULT 0,
        suffix text,
        task_group_id uuid NOT NULL REFERENCES core_taskgroup ON DELETE CASCADE,
        UNIQUE (code, task_group_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE core_groupprogressreport');
  }
}
