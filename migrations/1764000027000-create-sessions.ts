import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Login sessions (the `sessionid` cookie), kept on the server as Django keeps them, so logout and
 * expiry end them everywhere. The key is stored as its SHA-256 (a copy of the table opens no
 * session); each session carries its CSRF secret, which unsafe requests must echo.
 */
export class CreateSessions1764000027000 implements MigrationInterface {
  name = 'CreateSessions1764000027000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE core_session (
      session_key char(64) PRIMARY KEY,
      user_id integer NOT NULL REFERENCES auth_user ON DELETE CASCADE,
      csrf_secret char(32) NOT NULL,
      expire_date timestamptz NOT NULL)`);
    await queryRunner.query('CREATE INDEX core_session_expire_date ON core_session (expire_date)');
    await queryRunner.query('CREATE INDEX core_session_user ON core_session (user_id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE core_session');
  }
}
