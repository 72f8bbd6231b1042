import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Heartbeat rows of running API, content and worker processes. */
export class CreateAppStatus1764000001000 implements MigrationInterface {
  name = 'CreateAppStatus1764000001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE core_appstatus (
        pulp_id uuid PRIMARY KEY,
        pulp_created timestamptz NOT NULL DEFAULT now(),
        pulp_last_updated timestamptz NOT NULL DEFAULT now(),
        app_type text NOT NULL CHECK (app_type IN ('api', 'content', 'worker')),
        name text NOT NULL UNIQUE,
        versions jsonb NOT NULL DEFAULT '{}',
        ttl interval NOT NULL,
        last_heartbeat timestamptz NOT NULL
      )`);
    await queryRunner.query('CREATE INDEX core_appstatus_type_heartbeat ON core_appstatus (app_type, last_heartbeat)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE core_appstatus');
  }
}
