import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Local users, in Django's auth_user shape so names and integer ids match Pulp's API. */
export class CreateUsers1764000002000 implements MigrationInterface {
  name = 'CreateUsers1764000002000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE auth_user (
        id serial PRIMARY KEY,
        username varchar(150) NOT NULL UNIQUE,
        password varchar(256) NOT NULL,
        first_name varchar(150) NOT NULL DEFAULT '',
        last_name varchar(150) NOT NULL DEFAULT '',
        email varchar(254) NOT NULL DEFAULT '',
        is_superuser boolean NOT NULL DEFAULT false,
        is_staff boolean NOT NULL DEFAULT false,
        is_active boolean NOT NULL DEFAULT true,
        date_joined timestamptz NOT NULL DEFAULT now(),
        last_login timestamptz
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE auth_user');
  }
}
