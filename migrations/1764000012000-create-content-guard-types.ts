import type { MigrationInterface, QueryRunner } from 'typeorm';
import { notifyTableChangesSql } from '@pulp/database';

/**
 * Core's header and composite content guards (Pulp's HeaderContentGuard, CompositeContentGuard):
 * the header guard's own fields, keyed by its core_contentguard row as Pulp's detail model is
 * (`contentguard_ptr_id`), and the composite's members. The content app reads both.
 */
const STATEMENTS = [
  `CREATE TABLE core_headercontentguard (
    contentguard_ptr_id uuid PRIMARY KEY REFERENCES core_contentguard (pulp_id) ON DELETE CASCADE,
    header_name text NOT NULL,
    header_value text NOT NULL,
    jq_filter text)`,
  `CREATE TABLE core_compositecontentguard_guards (
    composite_id uuid NOT NULL REFERENCES core_contentguard (pulp_id) ON DELETE CASCADE,
    guard_id uuid NOT NULL REFERENCES core_contentguard (pulp_id) ON DELETE CASCADE,
    PRIMARY KEY (composite_id, guard_id))`,
  // Deleting a member guard must not scan the whole table.
  'CREATE INDEX core_compositecontentguard_guards_guard ON core_compositecontentguard_guards (guard_id)',
];

const TABLES = ['core_headercontentguard', 'core_compositecontentguard_guards'];

export class CreateContentGuardTypes1764000012000 implements MigrationInterface {
  name = 'CreateContentGuardTypes1764000012000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [...STATEMENTS, ...TABLES.map(notifyTableChangesSql)]) {
      await queryRunner.query(statement);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [...TABLES].reverse()) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
