import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Remote artifacts by sha256: a sync looks up which of its missing files an alternate content
 * source lists (a batch of digests at a time) without scanning every remote artifact.
 */
export class IndexRemoteArtifactsBySha2561764000010000 implements MigrationInterface {
  name = 'IndexRemoteArtifactsBySha2561764000010000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE INDEX core_remoteartifact_sha256 ON core_remoteartifact (sha256) WHERE sha256 IS NOT NULL',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX core_remoteartifact_sha256');
  }
}
