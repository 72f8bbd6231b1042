import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Tables whose rows hold object roles, by uuid `pulp_id` (a uuid is no other object's id). */
const UUID_OBJECTS = [
  'core_repository',
  'core_remote',
  'core_publication',
  'core_distribution',
  'core_contentguard',
  'core_alternatecontentsource',
  'core_task',
  'core_taskschedule',
  'core_upload',
];

/**
 * Role assignments on an object go with it, as Pulp's generic relations take them: a statement
 * deleting objects (a task purge, a cascade from a repository) deletes their core_userrole and
 * core_grouprole rows in two joins with the deleted rows. Groups have integer ids, so theirs also
 * match on the content type.
 */
export class DropObjectRolesWithTheirObjects1764000029000 implements MigrationInterface {
  name = 'DropObjectRolesWithTheirObjects1764000029000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      'CREATE INDEX core_userrole_object_id ON core_userrole (object_id)',
      'CREATE INDEX core_grouprole_object_id ON core_grouprole (object_id)',
      `CREATE FUNCTION pulp_drop_object_roles() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         DELETE FROM core_userrole r USING gone g WHERE r.object_id = g.pulp_id::text;
         DELETE FROM core_grouprole r USING gone g WHERE r.object_id = g.pulp_id::text;
         RETURN NULL;
       END $$`,
      `CREATE FUNCTION pulp_drop_group_object_roles() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         DELETE FROM core_userrole r USING gone g WHERE r.content_type = 'core.group' AND r.object_id = g.id::text;
         DELETE FROM core_grouprole r USING gone g WHERE r.content_type = 'core.group' AND r.object_id = g.id::text;
         RETURN NULL;
       END $$`,
      ...UUID_OBJECTS.map(
        (table) => `CREATE TRIGGER ${table}_drop_object_roles AFTER DELETE ON ${table}
                    REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION pulp_drop_object_roles()`,
      ),
      `CREATE TRIGGER auth_group_drop_object_roles AFTER DELETE ON auth_group
       REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION pulp_drop_group_object_roles()`,
    ];
    for (const statement of statements) {
      await queryRunner.query(statement);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [
      'DROP FUNCTION pulp_drop_object_roles() CASCADE',
      'DROP FUNCTION pulp_drop_group_object_roles() CASCADE',
      'DROP INDEX core_userrole_object_id',
      'DROP INDEX core_grouprole_object_id',
    ]) {
      await queryRunner.query(statement);
    }
  }
}
