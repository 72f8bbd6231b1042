import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Pulp's SystemID: the one random id an installation reports in its anonymous analytics. The
 * unique index on a constant lets the table hold one row at most, whoever inserts; `migrate`
 * writes that row after the migrations (UUIDv7), and it never changes.
 */
export class CreateSystemId1764000040000 implements MigrationInterface {
  name = 'CreateSystemId1764000040000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE core_systemid (
      pulp_id uuid PRIMARY KEY,
      pulp_created timestamptz NOT NULL DEFAULT now(),
      pulp_last_updated timestamptz NOT NULL DEFAULT now())`);
    await queryRunner.query('CREATE UNIQUE INDEX core_systemid_singleton ON core_systemid ((true))');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE core_systemid');
  }
}
