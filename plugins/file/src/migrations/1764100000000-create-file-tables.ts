import type { MigrationInterface, QueryRunner } from 'typeorm';
import { notifyTableChangesSql } from '@pulp/plugin-api';

/** The file plugin's tables: each adds its type's own fields to a core master row (same key). */
const STATEMENTS = [
  // Identity of a file: (relative_path, digest) per domain; digest is its one artifact's sha256.
  `CREATE TABLE file_filecontent (
    content_id uuid PRIMARY KEY REFERENCES core_content (pulp_id) ON DELETE CASCADE,
    pulp_domain_id uuid NOT NULL REFERENCES core_domain (pulp_id),
    relative_path text NOT NULL,
    digest text NOT NULL,
    UNIQUE (pulp_domain_id, relative_path, digest))`,
  'CREATE INDEX file_filecontent_digest ON file_filecontent (digest)',
  `CREATE TABLE file_filerepository (
    repository_id uuid PRIMARY KEY REFERENCES core_repository (pulp_id) ON DELETE CASCADE,
    autopublish boolean NOT NULL DEFAULT false,
    manifest text DEFAULT 'PULP_MANIFEST',
    last_sync_details jsonb NOT NULL DEFAULT '{}')`,
  `CREATE TABLE file_filepublication (
    publication_id uuid PRIMARY KEY REFERENCES core_publication (pulp_id) ON DELETE CASCADE,
    manifest text)`,
];

export const FILE_TABLES = ['file_filecontent', 'file_filerepository', 'file_filepublication'];

export class CreateFileTables1764100000000 implements MigrationInterface {
  name = 'CreateFileTables1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [...STATEMENTS, ...FILE_TABLES.map(notifyTableChangesSql)]) {
      await queryRunner.query(statement);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [...FILE_TABLES].reverse()) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
