import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Artifact files a task is writing into storage, noted before the transaction that writes them and
 * their rows: a task process killed in between (a cancel) leaves the note, and the files it names
 * are removed by the next sweep unless a row names them (libs/core/src/artifacts/unfinished-writes.ts).
 * Our own table: Pulp leaves such files behind.
 */
export class CreateArtifactWrites1764000049000 implements MigrationInterface {
  name = 'CreateArtifactWrites1764000049000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE core_artifactwrite (
        pulp_id uuid PRIMARY KEY DEFAULT pulp_uuid7(),
        pulp_created timestamptz NOT NULL DEFAULT now(),
        task_id uuid NOT NULL,
        domain_id uuid NOT NULL,
        sha256 text NOT NULL,
        file text NOT NULL
      )`);
    await queryRunner.query('CREATE INDEX core_artifactwrite_file ON core_artifactwrite (file)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE core_artifactwrite');
  }
}
