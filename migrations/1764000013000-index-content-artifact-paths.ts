import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Content artifacts by relative path: the content app finds the file a request names in a
 * repository version (pass-through publications, version serving) from the path, then checks
 * membership, instead of scanning the version's content.
 */
export class IndexContentArtifactPaths1764000013000 implements MigrationInterface {
  name = 'IndexContentArtifactPaths1764000013000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX core_contentartifact_relative_path ON core_contentartifact (relative_path)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX core_contentartifact_relative_path');
  }
}
