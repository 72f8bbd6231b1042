import type { MigrationInterface, QueryRunner } from 'typeorm';
import { uuid7 } from '@pulp/database';

/** Domains, with the `default` domain every domain-scoped row points at, protected from deletion. */
export class CreateDomains1764000000000 implements MigrationInterface {
  name = 'CreateDomains1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE core_domain (
        pulp_id uuid PRIMARY KEY,
        pulp_created timestamptz NOT NULL DEFAULT now(),
        pulp_last_updated timestamptz NOT NULL DEFAULT now(),
        name text NOT NULL UNIQUE CHECK (name ~ '^[-a-zA-Z0-9_]{1,50}$' AND name NOT IN ('api', 'content')),
        description text,
        pulp_labels jsonb NOT NULL DEFAULT '{}',
        storage_class text NOT NULL,
        storage_settings jsonb NOT NULL DEFAULT '{}',
        redirect_to_object_storage boolean NOT NULL DEFAULT true,
        hide_guarded_distributions boolean NOT NULL DEFAULT false
      )`);
    await queryRunner.query(
      `INSERT INTO core_domain (pulp_id, name, description, storage_class)
       VALUES ($1, 'default', 'The default domain', 'pulpcore.app.models.storage.FileSystem')`,
      [uuid7()],
    );
    await queryRunner.query(`
      CREATE FUNCTION core_protect_default_domain() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.name = 'default' AND (TG_OP = 'DELETE' OR NEW.name <> 'default') THEN
          RAISE EXCEPTION 'The default domain cannot be deleted or renamed';
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER core_domain_protect_default BEFORE UPDATE OR DELETE ON core_domain
      FOR EACH ROW EXECUTE FUNCTION core_protect_default_domain()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE core_domain');
    await queryRunner.query('DROP FUNCTION core_protect_default_domain()');
  }
}
