import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Domains are created and deleted through the API now: the roles given on a domain (a
 * `core.domain_owner` assignment) go with it, as on the other objects roles are given on
 * (1764000029000).
 */
export class DropDomainObjectRoles1764000045000 implements MigrationInterface {
  name = 'DropDomainObjectRoles1764000045000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TRIGGER core_domain_drop_object_roles AFTER DELETE ON core_domain
      REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION pulp_drop_object_roles()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER core_domain_drop_object_roles ON core_domain');
  }
}
