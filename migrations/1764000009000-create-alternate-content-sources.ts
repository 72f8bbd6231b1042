import type { MigrationInterface, QueryRunner } from 'typeorm';
import { notifyTableChangesSql } from '@pulp/database';

const TABLES = ['core_alternatecontentsource', 'core_alternatecontentsourcepath'];

/**
 * Alternate content sources (Pulp's master model, typed by plugins: `file.file`): a remote whose
 * files a sync may take instead of downloading them from its own remote, refreshed per path into a
 * hidden repository.
 */
export class CreateAlternateContentSources1764000009000 implements MigrationInterface {
  name = 'CreateAlternateContentSources1764000009000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE core_alternatecontentsource (
        pulp_id uuid PRIMARY KEY,
        pulp_created timestamptz NOT NULL DEFAULT now(),
        pulp_last_updated timestamptz NOT NULL DEFAULT now(),
        pulp_domain_id uuid NOT NULL REFERENCES core_domain (pulp_id),
        pulp_type text NOT NULL,
        name text NOT NULL,
        last_refreshed timestamptz,
        remote_id uuid NOT NULL REFERENCES core_remote (pulp_id),
        UNIQUE (pulp_domain_id, name))`);
    await queryRunner.query(`
      CREATE TABLE core_alternatecontentsourcepath (
        pulp_id uuid PRIMARY KEY,
        pulp_created timestamptz NOT NULL DEFAULT now(),
        pulp_last_updated timestamptz NOT NULL DEFAULT now(),
        alternate_content_source_id uuid NOT NULL REFERENCES core_alternatecontentsource (pulp_id) ON DELETE CASCADE,
        path text NOT NULL,
        repository_id uuid REFERENCES core_repository (pulp_id) ON DELETE SET NULL,
        UNIQUE (alternate_content_source_id, path))`);
    for (const table of TABLES) {
      await queryRunner.query(notifyTableChangesSql(table));
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [...TABLES].reverse()) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
