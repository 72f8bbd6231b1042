import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Content artifacts by relative path: the content app finds the file a request names in a
 * repository version (pass-through publications, version serving) from the path, then checks
 * membership, instead of scanning the version's content; `text_pattern_ops` so that a directory's
 * files (`LIKE 'dir/%'`) are found by the index too, whatever the database's collation.
 */
export class IndexContentArtifactPaths1764000013000 implements MigrationInterface {
  name = 'IndexContentArtifactPaths1764000013000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE INDEX core_contentartifact_relative_path ON core_contentartifact (relative_path text_pattern_ops)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX core_contentartifact_relative_path');
  }
}
